/**
 * The entry points are independent: an AWS-only user has no cdktf (and no 270 MB azurerm
 * provider), an Azure-only user has no aws-cdk-lib, and a pipeline that only scans has neither.
 *
 * Each test installs the built package into a scratch node_modules that holds only the peers that
 * user would have, and loads the entry point in a fresh `node` process.
 */
import { spawnSync } from 'child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'fs';
import { tmpdir } from 'os';
import { dirname, join } from 'path';

const ROOT = join(__dirname, '..', '..');
const BUNDLED = ['ipaddr.js', 'yaml', '@cdktf/hcl2json'];

/** A scratch project whose node_modules holds the built package and the given peers only. */
function sandbox(peers: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'sg-entry-'));
  const pkg = join(dir, 'node_modules', 'search-guardrails');
  mkdirSync(pkg, { recursive: true });
  cpSync(join(ROOT, 'package.json'), join(pkg, 'package.json'));
  cpSync(join(ROOT, 'lib'), join(pkg, 'lib'), { recursive: true });
  for (const name of [...BUNDLED, ...peers]) {
    const target = join(dir, 'node_modules', name);
    mkdirSync(dirname(target), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules', name), target, 'dir');
  }
  return dir;
}

function run(dir: string, script: string) {
  const result = spawnSync(process.execPath, ['-e', script], { cwd: dir, encoding: 'utf-8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('independent entry points', () => {
  const dirs: string[] = [];
  beforeAll(() => {
    if (!existsSync(join(ROOT, 'lib', 'aws', 'index.js'))) {
      throw new Error('lib/ is not built: run `npx projen compile` (npm test does it first)');
    }
  });
  afterAll(() => dirs.forEach(d => rmSync(d, { recursive: true, force: true })));

  test('search-guardrails/aws loads where cdktf and the azurerm provider cannot be resolved', () => {
    const dir = sandbox(['aws-cdk-lib', 'constructs']);
    dirs.push(dir);
    const aws = run(dir, "const m = require('search-guardrails/aws'); console.log(typeof m.SecureSearchDomain, typeof m.SearchGuardrails)");
    expect(aws).toEqual({ status: 0, output: 'function function\n' });
    // The sandbox really lacks cdktf: the Azure entry point cannot load there.
    const azure = run(dir, "require('search-guardrails/azure')");
    expect(azure.status).not.toBe(0);
    expect(azure.output).toMatch(/Cannot find module '(cdktf|@cdktf\/provider-azurerm)[^']*'/);
  });

  test('search-guardrails/azure loads where aws-cdk-lib cannot be resolved', () => {
    const dir = sandbox(['cdktf', 'constructs', '@cdktf/provider-azurerm']);
    dirs.push(dir);
    const azure = run(dir, "const m = require('search-guardrails/azure'); console.log(typeof m.SecureElasticsearchCluster, typeof m.SearchGuardrails)");
    expect(azure).toEqual({ status: 0, output: 'function function\n' });
    const aws = run(dir, "require('search-guardrails/aws')");
    expect(aws.status).not.toBe(0);
    expect(aws.output).toMatch(/Cannot find module 'aws-cdk-lib[^']*'/);
  });

  test('search-guardrails/cdktf (the guard alone) loads with cdktf and constructs, without any provider', () => {
    const dir = sandbox(['cdktf', 'constructs']);
    dirs.push(dir);
    const guard = run(dir, "const m = require('search-guardrails/cdktf'); console.log(typeof m.SearchGuardrails.enforce)");
    expect(guard).toEqual({ status: 0, output: 'function\n' });
    // The sandbox really lacks the azurerm provider: the Azure entry point (with its constructs) cannot load there.
    const azure = run(dir, "require('search-guardrails/azure')");
    expect(azure.status).not.toBe(0);
    expect(azure.output).toMatch(/Cannot find module '@cdktf\/provider-azurerm[^']*'/);
  });

  test('search-guardrails/core and the scan CLI need no framework at all', () => {
    const dir = sandbox([]);
    dirs.push(dir);
    const core = run(dir, "const m = require('search-guardrails/core'); console.log(m.RuleCatalogue.all().length)");
    expect(core).toEqual({ status: 0, output: '8\n' });
    const cli = spawnSync(process.execPath, [join(dir, 'node_modules', 'search-guardrails', 'lib', 'cli', 'main.js'), '--version'], { encoding: 'utf-8' });
    expect(cli.status).toBe(0);
    expect(cli.stdout.trim()).toMatch(/\d+\.\d+\.\d+/);
  });

  test.each([
    ['an AWS-only project (no cdktf)', ['aws-cdk-lib', 'constructs'], 'aws', 'SecureSearchDomain'],
    ['an Azure-only project (no aws-cdk-lib)', ['cdktf', 'constructs', '@cdktf/provider-azurerm'], 'azure', 'SecureElasticsearchCluster'],
  ])('the package root loads in %s and reaches its own framework through it', (_name, peers, namespace, construct) => {
    const dir = sandbox(peers);
    dirs.push(dir);
    const root = run(dir, `const m = require('search-guardrails'); console.log(typeof m.${namespace}.${construct}, m.core.RuleCatalogue.all().length)`);
    expect(root).toEqual({ status: 0, output: 'function 8\n' });
  });

  test('the package root loads with no framework at all, and names the missing one only when its namespace is used', () => {
    const dir = sandbox([]);
    dirs.push(dir);
    expect(run(dir, "const m = require('search-guardrails'); console.log(Object.keys(m).join(','))")).toEqual({ status: 0, output: 'aws,azure,core\n' });
    const aws = run(dir, "require('search-guardrails').aws");
    expect(aws.status).not.toBe(0);
    expect(aws.output).toMatch(/Cannot find module 'aws-cdk-lib[^']*'/);
  });
});
