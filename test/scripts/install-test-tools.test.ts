/**
 * `npm test` on a machine without the integration tests' tools: the installer says in one line per
 * tool what to install (and does not fail the run by itself), and a test that needs a missing tool
 * fails with one line saying what to install, never a pass and never a bare ENOENT.
 */
import { spawnSync } from 'child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { runTool } from '../system-tool';

const SCRIPT = join(__dirname, '..', '..', 'scripts', 'install-test-tools.sh');

/** A PATH with only the commands the script needs to run, so every tool it looks for is missing. */
function barePath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sg-bare-path-'));
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  for (const command of ['bash', 'id']) {
    const found = spawnSync('bash', ['-c', `command -v ${command}`], { encoding: 'utf8' }).stdout.trim();
    symlinkSync(found, join(bin, command));
  }
  return bin;
}

describe('the test tools', () => {
  let bin: string;
  beforeAll(() => {
    bin = barePath();
  });
  afterAll(() => rmSync(join(bin, '..'), { recursive: true, force: true }));

  test('where nothing can be installed, the installer says in one line per kind of tool what to install and exits 0', () => {
    const result = spawnSync(join(bin, 'bash'), [SCRIPT], { encoding: 'utf8', env: { PATH: bin } });
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr.trimEnd().split('\n')).toEqual([
      'install-test-tools: missing cloud-init shellcheck systemd openssl; install them (Debian/Ubuntu: apt-get install cloud-init shellcheck systemd openssl), or the tests that run them fail',
      'install-test-tools: missing cfn-lint; install it (pip install cfn-lint, or brew install cfn-lint), or the cfn-lint test fails',
    ]);
  });

  test('where the tools are installed, the installer prints nothing', () => {
    const tools = ['cloud-init', 'shellcheck', 'cfn-lint'].filter(t => spawnSync('bash', ['-c', `command -v ${t}`]).status === 0);
    // On a machine where npm test's own installer could not install them, the first test says why.
    expect(tools).toEqual(['cloud-init', 'shellcheck', 'cfn-lint']);
    const result = spawnSync('bash', [SCRIPT], { encoding: 'utf8' });
    expect(result).toMatchObject({ status: 0, stdout: '', stderr: '' });
  });

  test('a tool that is not installed fails the check with one line naming how to install it', () => {
    expect(() => runTool('cloud-init', ['--version'], { env: { PATH: bin } }))
      .toThrow(/^cloud-init is not installed, so this check cannot run: apt-get install cloud-init \(or run scripts\/install-test-tools\.sh\)\.$/);
    expect(() => runTool('cfn-lint', ['--version'], { env: { PATH: bin } })).toThrow('pip install cfn-lint');
  });

  test('an installed tool gives its exit status and output, whatever the status', () => {
    expect(runTool('bash', ['-c', 'echo out; echo err >&2; exit 3'])).toEqual({ status: 3, stdout: 'out\n', stderr: 'err\n' });
  });
});
