/**
 * Runs a system tool that an integration test needs (cloud-init, shellcheck, cfn-lint). A missing tool
 * fails the test with one line saying what to install, never a pass and never a bare `ENOENT`.
 */
import { spawnSync, SpawnSyncOptionsWithStringEncoding } from 'child_process';

/** How to install each tool (scripts/install-test-tools.sh, which `npm test` runs first, does it where it can). */
const INSTALL: Record<string, string> = {
  'cloud-init': 'apt-get install cloud-init',
  'shellcheck': 'apt-get install shellcheck',
  'cfn-lint': 'pip install cfn-lint',
  'systemd-analyze': 'apt-get install systemd',
  'openssl': 'apt-get install openssl',
};

export interface ToolRun {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `tool args` and returns its exit status and output, whatever the status.
 * @throws Error, one line, when the tool is not installed or cannot be started.
 */
export function runTool(tool: string, args: readonly string[], options: Partial<SpawnSyncOptionsWithStringEncoding> = {}): ToolRun {
  const result = spawnSync(tool, [...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...options });
  if (result.error) {
    const code = (result.error as NodeJS.ErrnoException).code;
    const how = INSTALL[tool] ?? `install ${tool}`;
    throw new Error(code === 'ENOENT'
      ? `${tool} is not installed, so this check cannot run: ${how} (or run scripts/install-test-tools.sh).`
      : `${tool} could not be run (${result.error.message}), so this check cannot run: ${how}.`);
  }
  if (result.status === null) {
    throw new Error(`${tool} was stopped by ${result.signal}, so this check did not run.`);
  }
  return { status: result.status, stdout: String(result.stdout), stderr: String(result.stderr) };
}
