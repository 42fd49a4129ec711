/**
 * The bin loads a reader, a translator and a report format only when an input or `--format` needs
 * it: start-up is a large part of a scan, and `--help` should not pay for the scanners.
 */
import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { assertBuilt, REPO, runBin } from './cli-harness';

const LOADED_MODULES = join(REPO, 'test', 'fixtures', 'cli', 'loaded-modules.js');
const FIXTURES = join(REPO, 'test', 'fixtures', 'cli');

let work: string;

beforeAll(() => {
  assertBuilt();
  work = mkdtempSync(join(tmpdir(), 'sg-lazy-'));
});

afterAll(() => {
  if (work) {
    rmSync(work, { recursive: true, force: true });
  }
});

/** The package modules a run loaded, and its exit code. */
function loadedBy(name: string, args: string[]): { status: number | null; modules: string[] } {
  const file = join(work, name);
  const run = runBin(args, { cwd: FIXTURES, env: { LOADED_MODULES_FILE: file }, preload: LOADED_MODULES });
  return { status: run.status, modules: readFileSync(file, 'utf8').split('\n') };
}

const under = (modules: string[], prefix: string) => modules.filter(m => m.startsWith(prefix));

describe('modules loaded on demand', () => {
  test('--help and --version load no reader, no translator, no engine and no report format', () => {
    for (const args of [['--help'], ['--version']]) {
      const { status, modules } = loadedBy(`help${args[0]}`, args);
      expect(status).toBe(0);
      expect(modules).toContain('cli/cli');
      expect(modules).not.toContain('cli/scan');
      expect(under(modules, 'cli/readers/')).toEqual(['cli/readers/display-path', 'cli/readers/read-text']);
      expect(under(modules, 'formats/')).toEqual([]);
      expect(under(modules, 'core/report/').filter(m => m !== 'core/report/report-input')).toEqual([]);
      expect(modules).not.toContain('core/engine');
    }
  });

  test('a CloudFormation scan loads the CloudFormation translator and the one report format asked for', () => {
    const { status, modules } = loadedBy('cloudformation', ['scan', 'cloudformation/allowlist.template.json', '--format', 'json']);
    expect(status).toBe(0);
    expect(modules).toEqual(expect.arrayContaining(['formats/cloudformation/index', 'core/engine', 'core/report/json-report']));
    expect(under(modules, 'formats/terraform/')).toEqual([]);
    expect(modules).not.toContain('cli/readers/terraform-json');
    expect(modules).not.toContain('cli/readers/cloudformation-yaml');
    expect(under(modules, 'core/report/').sort()).toEqual(['core/report/json-report', 'core/report/report-input']);
  });

  test('a plan scan loads the Terraform translator and not the CloudFormation one', () => {
    const { status, modules } = loadedBy('plan', ['scan', 'terraform/plan/plan.json', '--format', 'sarif', '--fail-on', 'never']);
    expect(status).toBe(0);
    expect(modules).toEqual(expect.arrayContaining(['formats/terraform/index', 'cli/readers/terraform-plan', 'core/report/sarif-report']));
    expect(under(modules, 'formats/cloudformation/')).toEqual([]);
    expect(modules).not.toContain('cli/readers/cloud-assembly');
    expect(modules).not.toContain('core/report/text-report');
  });
});
