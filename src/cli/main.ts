#!/usr/bin/env node
/**
 * The `search-guardrails` bin. Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage or input error.
 */
import { runCli } from './cli';

const io = {
  stdout: process.stdout,
  stderr: process.stderr,
  // A getter: process.stdin is opened only when `scan -` reads it.
  get stdin() {
    return process.stdin;
  },
  env: process.env,
  cwd: process.cwd(),
};

runCli(process.argv.slice(2), io)
  .then(code => {
    // exitCode, not exit(): a report piped to another process is flushed before Node exits.
    process.exitCode = code;
  }, () => {
    process.exitCode = 2;
  });
