/**
 * Runs one child process, sequentially (never two at once on this 2-core machine), with
 * `/usr/bin/time -v`'s maximum resident set size when that binary exists.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { performance } from 'perf_hooks';

export const GNU_TIME = '/usr/bin/time';
export const HAS_GNU_TIME = fs.existsSync(GNU_TIME);

export interface ChildRun {
  /** Wall time of the whole process, measured by the parent (includes Node start-up). */
  readonly wallMs: number;
  readonly exitCode: number | null;
  /** Peak RSS from `/usr/bin/time -v` (KiB); undefined without it. */
  readonly maxRssKb?: number;
  /** Where stdout went. */
  readonly stdoutFile: string;
  /** Where stderr went. */
  readonly stderrFile: string;
}

export function runChild(command: string, args: readonly string[], options: { env?: NodeJS.ProcessEnv; logPrefix: string; cwd?: string }): ChildRun {
  const stdoutFile = `${options.logPrefix}.stdout`;
  const stderrFile = `${options.logPrefix}.stderr`;
  const timeFile = `${options.logPrefix}.time`;
  fs.mkdirSync(path.dirname(options.logPrefix), { recursive: true });
  const out = fs.openSync(stdoutFile, 'w');
  const err = fs.openSync(stderrFile, 'w');
  const [cmd, argv] = HAS_GNU_TIME ? [GNU_TIME, ['-v', '-o', timeFile, command, ...args]] : [command, [...args]];
  const start = performance.now();
  const result = spawnSync(cmd, argv, { stdio: ['ignore', out, err], env: options.env ?? process.env, cwd: options.cwd });
  const wallMs = performance.now() - start;
  fs.closeSync(out);
  fs.closeSync(err);
  if (result.error) throw result.error;
  let maxRssKb: number | undefined;
  if (HAS_GNU_TIME && fs.existsSync(timeFile)) {
    const match = /Maximum resident set size \(kbytes\): (\d+)/.exec(fs.readFileSync(timeFile, 'utf-8'));
    if (match) maxRssKb = Number(match[1]);
  }
  // GNU time reports the child's exit status as its own.
  return { wallMs, exitCode: result.status, maxRssKb, stdoutFile, stderrFile };
}
