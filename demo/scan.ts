/** Runs the built `search-guardrails scan` binary, as a pipeline does. */
import { spawnSync } from 'child_process';
import { join } from 'path';

/** One run of the binary. */
export interface ScanRun {
  /** The command line, as a user would type it (paths relative to the repository). */
  readonly commandLine: string;
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** `node lib/cli/main.js scan <args>` in `repo`; `color` decides the text report's colours. */
export function runScan(repo: string, args: readonly string[], color: boolean): ScanRun {
  const env: NodeJS.ProcessEnv = { ...process.env, FORCE_COLOR: color ? '1' : '0' };
  delete env.NO_COLOR;
  const result = spawnSync(process.execPath, [join(repo, 'lib', 'cli', 'main.js'), 'scan', ...args], {
    cwd: repo,
    env,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return {
    commandLine: ['search-guardrails', 'scan', ...args].join(' '),
    status: result.status,
    stdout: result.stdout ?? '',
    stderr: `${result.stderr ?? ''}${result.error ? String(result.error) : ''}`,
  };
}
