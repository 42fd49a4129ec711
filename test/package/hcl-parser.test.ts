/**
 * `@cdktf/hcl2json` (half of the unpacked package) is loaded only for `.tf` files, and a package
 * installed without it names it when it meets one, instead of an internal error.
 */
import { spawnSync } from 'child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'fs';
import { tmpdir } from 'os';
import { dirname, join } from 'path';

const ROOT = join(__dirname, '..', '..');
const EDGE_CASES = join(ROOT, 'test', 'fixtures', 'cli', 'terraform', 'edge-cases');
const PLAN = join(ROOT, 'test', 'fixtures', 'cli', 'terraform', 'plan', 'plan.json');

let dir: string;
beforeAll(() => {
  if (!existsSync(join(ROOT, 'lib', 'cli', 'main.js'))) {
    throw new Error('lib/ is not built: run `npx projen compile` (npm test does it first)');
  }
  // The package with its other bundled dependencies, but not @cdktf/hcl2json.
  dir = mkdtempSync(join(tmpdir(), 'sg-no-hcl-'));
  const pkg = join(dir, 'node_modules', 'search-guardrails');
  mkdirSync(pkg, { recursive: true });
  cpSync(join(ROOT, 'package.json'), join(pkg, 'package.json'));
  cpSync(join(ROOT, 'lib'), join(pkg, 'lib'), { recursive: true });
  for (const name of ['ipaddr.js', 'yaml']) {
    const target = join(dir, 'node_modules', name);
    mkdirSync(dirname(target), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules', name), target, 'dir');
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const scan = (...paths: string[]) => spawnSync(process.execPath, [join(dir, 'node_modules', 'search-guardrails', 'lib', 'cli', 'main.js'), 'scan', ...paths],
  { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH } });

describe('the HCL parser', () => {
  test('without @cdktf/hcl2json a .tf input is an input error that names the package, and other inputs are still scanned', () => {
    const result = scan(EDGE_CASES, PLAN);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^search-guardrails: .*main\.tf: cannot be read: the HCL parser @cdktf\/hcl2json is not installed\. Install it \(npm install @cdktf\/hcl2json\)/m);
    expect(result.stderr).not.toContain('internal error');
    expect(result.stdout).toContain('module.search.azurerm_network_security_rule.open');
  });

  test('without @cdktf/hcl2json a scan with no .tf input works as usual', () => {
    const result = scan(PLAN);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe('');
  });
});
