#!/usr/bin/env node
/**
 * The `search-guardrails` bin. Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage or input error.
 */
import { runCli } from './cli';

runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() })
  .then(code => {
    // exitCode, not exit(): a report piped to another process is flushed before Node exits.
    process.exitCode = code;
  }, () => {
    process.exitCode = 2;
  });
