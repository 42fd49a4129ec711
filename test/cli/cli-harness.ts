/**
 * Runs the built `search-guardrails` binary (`node lib/cli/main.js`), as users and pipelines do.
 * `npm test` compiles first; during development: `npx tsc -p tsconfig.json --noEmitOnError false`.
 */
import { spawnSync } from 'child_process';
import { existsSync, readdirSync, statSync } from 'fs';
import { join } from 'path';

export const REPO = join(__dirname, '..', '..');
export const BIN = join(REPO, 'lib', 'cli', 'main.js');
export const NO_FRAMEWORKS = join(REPO, 'test', 'fixtures', 'cli', 'no-frameworks.js');
export const LOADED_PARSERS = join(REPO, 'test', 'fixtures', 'cli', 'loaded-parsers.js');

export interface BinRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Fails with the fix when lib/ is missing or older than src/ (a stale build would test old code). */
export function assertBuilt(): void {
  if (!existsSync(BIN)) {
    throw new Error(`${BIN} does not exist. Compile first: npx projen compile (npm test does).`);
  }
  const built = statSync(BIN).mtimeMs;
  const newest = newestMtime(join(REPO, 'src'));
  if (newest.mtime > built) {
    throw new Error(`lib/ is older than ${newest.path}. Compile first: npx projen compile (npm test does), or npx tsc -p tsconfig.json --noEmitOnError false.`);
  }
}

function newestMtime(dir: string): { mtime: number; path: string } {
  let newest = { mtime: 0, path: dir };
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const candidate = entry.isDirectory() ? newestMtime(path) : entry.name.endsWith('.ts') ? { mtime: statSync(path).mtimeMs, path } : newest;
    if (candidate.mtime > newest.mtime) {
      newest = candidate;
    }
  }
  return newest;
}

/** Runs the bin with `args` in `cwd`; no TTY, no inherited colour settings. */
export function runBin(args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv; preload?: string }): BinRun {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, ...options.env };
  const nodeArgs = options.preload ? ['-r', options.preload, BIN, ...args] : [BIN, ...args];
  const result = spawnSync(process.execPath, nodeArgs, { cwd: options.cwd, env, encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
