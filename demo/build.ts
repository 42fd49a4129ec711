/**
 * lib/ holds the compiled package (`search-guardrails/aws`, `/azure` and the `scan` binary). A fresh
 * clone has none (`npm ci` does not compile), and a stale one would demonstrate old code: compile
 * first when any src/ file has no newer lib/ counterpart.
 */
import { spawnSync } from 'child_process';
import { existsSync, readdirSync, statSync } from 'fs';
import { join, relative } from 'path';

/** Why lib/ must be rebuilt, or undefined when it is up to date. */
export function staleBuildReason(repo: string): string | undefined {
  if (!existsSync(join(repo, 'lib'))) {
    return 'lib/ does not exist';
  }
  for (const source of typeScriptFiles(join(repo, 'src'))) {
    const built = join(repo, 'lib', relative(join(repo, 'src'), source)).replace(/\.ts$/, '.js');
    if (!existsSync(built)) {
      return `${relative(repo, built)} does not exist`;
    }
    if (statSync(built).mtimeMs < statSync(source).mtimeMs) {
      return `${relative(repo, source)} is newer than ${relative(repo, built)}`;
    }
  }
  return undefined;
}

/** Compiles with the project's own build (`npx projen compile`, jsii); the output of a failure, or undefined. */
export function compile(repo: string): string | undefined {
  const result = spawnSync('npx', ['projen', 'compile'], {
    cwd: repo,
    encoding: 'utf8',
    env: { ...process.env, JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION: '1' },
    timeout: 300_000,
  });
  if (result.status === 0) {
    return undefined;
  }
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim() || String(result.error ?? `exit code ${result.status}`);
  return output.split('\n').slice(-15).join('\n');
}

function typeScriptFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      return typeScriptFiles(path);
    }
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}
