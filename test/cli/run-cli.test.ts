/**
 * The command in-process (fast): colour decisions, --output, and internal errors. The built binary is
 * exercised end to end in scan-cli.test.ts.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { CliIo, runCli } from '../../src/cli/cli';

const FIXTURES = join(__dirname, '..', 'fixtures', 'cli');
const ALLOWLIST = join(FIXTURES, 'cloudformation', 'allowlist.template.json');

function io(options: { isTTY?: boolean; env?: NodeJS.ProcessEnv; cwd?: string } = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const value: CliIo = {
    stdout: { write: (t: string) => out.push(t), isTTY: options.isTTY },
    stderr: { write: (t: string) => err.push(t) },
    env: options.env ?? {},
    cwd: options.cwd ?? process.cwd(),
  };
  return { io: value, stdout: () => out.join(''), stderr: () => err.join('') };
}

describe('the command in-process', () => {
  test.each([
    ['a terminal', { isTTY: true }, true],
    ['a terminal with NO_COLOR', { isTTY: true, env: { NO_COLOR: '1' } }, false],
    ['a terminal with an empty NO_COLOR', { isTTY: true, env: { NO_COLOR: '' } }, true],
    ['a pipe', { isTTY: false }, false],
    ['a pipe with FORCE_COLOR', { isTTY: false, env: { FORCE_COLOR: '1' } }, true],
    ['a terminal with FORCE_COLOR=0', { isTTY: true, env: { FORCE_COLOR: '0' } }, false],
  ])('text on %s is coloured: %s', async (_name, options, coloured) => {
    const run = io(options);
    expect(await runCli(['scan', ALLOWLIST], run.io)).toBe(0);
    expect(run.stdout().includes('\u001b[')).toBe(coloured);
  });

  test('--output writes the report (never coloured) and prints where it went with the summary', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sg-run-'));
    try {
      const run = io({ isTTY: true, cwd: dir });
      expect(await runCli(['scan', ALLOWLIST, '--output', 'reports/scan.txt'], run.io)).toBe(0);
      expect(run.stdout()).toBe('Wrote the text report to reports/scan.txt. 1 file scanned, 2 resources checked: 0 errors, 1 warning, 0 acknowledged.\n');
      expect(readFileSync(join(dir, 'reports', 'scan.txt'), 'utf8')).toContain('warning  public-allowlist:');
      expect(readFileSync(join(dir, 'reports', 'scan.txt'), 'utf8')).not.toContain('\u001b[');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('an --output path that cannot be written is an input error with exit code 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sg-run-'));
    try {
      writeFileSync(join(dir, 'file'), 'x');
      const run = io({ cwd: dir });
      expect(await runCli(['scan', ALLOWLIST, '--output', 'file/report.txt'], run.io)).toBe(2);
      expect(run.stderr()).toMatch(/^search-guardrails: file\/report\.txt: cannot be written \(.*\)\. Choose a writable --output path\.\n$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('an unexpected error is one line with exit code 2, and its stack only with SEARCH_GUARDRAILS_DEBUG', async () => {
    const broken = { write: () => { throw new Error('stdout closed'); } };
    const quiet = io();
    expect(await runCli(['scan', ALLOWLIST], { ...quiet.io, stdout: broken })).toBe(2);
    expect(quiet.stderr()).toBe('search-guardrails: internal error: stdout closed. Please report it; set SEARCH_GUARDRAILS_DEBUG=1 for details.\n');
    const debug = io({ env: { SEARCH_GUARDRAILS_DEBUG: '1' } });
    expect(await runCli(['scan', ALLOWLIST], { ...debug.io, stdout: broken })).toBe(2);
    expect(debug.stderr()).toMatch(/\n\s+at /);
  });
});
