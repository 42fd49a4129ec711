/**
 * The built binary on a `.tf` directory whose nodes are recognised only by a file their
 * `custom_data` reads (`filebase64("${path.module}/...")`, `templatefile(...)`): the CLI passes the
 * module's directory, so the file is read and its settings judged.
 */
import { cpSync, mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { assertBuilt, BinRun, REPO, runBin } from './cli-harness';

let work: string;
let scan: BinRun;
let withoutFiles: BinRun;
let paths: BinRun;

beforeAll(() => {
  assertBuilt();
  work = mkdtempSync(join(tmpdir(), 'sg-boot-data-'));
  cpSync(join(REPO, 'test', 'fixtures', 'cli', 'terraform-boot-data'), join(work, 'tf'), { recursive: true });
  cpSync(join(REPO, 'test', 'fixtures', 'cli', 'terraform-boot-data', 'main.tf'), join(work, 'alone', 'main.tf'), { recursive: true });
  scan = runBin(['scan', 'tf', '--format', 'json'], { cwd: work });
  withoutFiles = runBin(['scan', 'alone', '--format', 'json'], { cwd: work });
  cpSync(join(REPO, 'test', 'fixtures', 'cli', 'terraform-paths'), join(work, 'paths'), { recursive: true });
  paths = runBin(['scan', 'paths', '--format', 'json'], { cwd: work });
}, 60_000);

afterAll(() => {
  if (work) {
    rmSync(work, { recursive: true, force: true });
  }
});

describe('scan of a .tf directory whose boot data is read from files', () => {
  test('a runcmd that turns security off after the config file, read with filebase64(), is anonymous-access on that VM', () => {
    expect(scan.status).toBe(1);
    const findings = JSON.parse(scan.stdout).findings as any[];
    expect(findings.map(f => `${f.ruleId} ${f.resource} ${f.file}`)).toContain('anonymous-access azurerm_linux_virtual_machine.es tf/main.tf');
  });

  test('the node read with templatefile() keeps security on, so no security finding names it', () => {
    const findings = JSON.parse(scan.stdout).findings as any[];
    expect(findings.filter(f => f.resource === 'azurerm_linux_virtual_machine.secure' && f.ruleId === 'anonymous-access')).toEqual([]);
    // ...but it is a cluster node all the same: both VMs are checked.
    expect(JSON.parse(scan.stdout).summary.resourcesChecked).toBe(2);
  });

  test('without the files in the input the VMs are not recognised as nodes, so nothing is said about their security', () => {
    const findings = JSON.parse(withoutFiles.stdout).findings as any[];
    expect(findings.filter(f => f.ruleId === 'anonymous-access')).toEqual([]);
    expect(JSON.parse(withoutFiles.stdout).summary.resourcesChecked).toBe(0);
  });
});

describe('scan of a .tf directory with a public proxy in front of a node', () => {
  test('an Application Gateway in front of a node whose NSG admits only VirtualNetwork is public-endpoint at the gateway, with the path', () => {
    expect(paths.status).toBe(1);
    const findings = JSON.parse(paths.stdout).findings as any[];
    const endpoint = findings.find(f => f.ruleId === 'public-endpoint');
    expect(endpoint).toEqual(expect.objectContaining({ resource: 'azurerm_application_gateway.gateway', file: 'paths/main.tf' }));
    expect(endpoint.message).toContain('9200');
    expect(endpoint.path.length).toBeGreaterThan(1);
  });

  test('the node is recognised from a heredoc shell script in base64encode(), and the registry module is unverifiable-network', () => {
    const findings = JSON.parse(paths.stdout).findings as any[];
    expect(findings.map(f => `${f.ruleId} ${f.resource}`)).toEqual(expect.arrayContaining([
      'unverifiable-network module.network',
    ]));
    expect(findings.some(f => f.resource === 'azurerm_linux_virtual_machine.es')).toBe(true);
  });
});
