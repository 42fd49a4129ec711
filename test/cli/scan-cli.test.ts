/**
 * The built `search-guardrails` binary end to end: every input kind (a real aws-cdk-lib cloud assembly
 * with a Stage, a real cdktf.out, hand-written CloudFormation YAML/JSON, HCL, Terraform JSON and plan
 * JSON), every format and every exit code. The binary is spawned a bounded number of times: each run
 * feeds several tests.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { DOMParser } from '@xmldom/xmldom';
import { assertBuilt, BinRun, LOADED_PARSERS, NO_FRAMEWORKS, REPO, runBin } from './cli-harness';
import { sarifSchemaErrors } from '../core/report/sarif-schema';
import { CDK_ACK_REASON, synthesizeCdkApp } from '../fixtures/cli/cdk-app';
import { CDKTF_ACK_REASON, synthesizeCdktfApp } from '../fixtures/cli/cdktf-app';

const EVERY_KIND = ['app', 'fixtures/cloudformation', 'fixtures/terraform'];

/** Unacknowledged findings expected from EVERY_KIND, as `<rule> <resource> <file>`. */
const EXPECTED_FINDINGS = [
  // cdk.out: Fn::ImportValue of the two halves exported by another stack of the assembly.
  'public-ingress ImportedOpenSg app/cdk.out/assembly-Prod/ProdSearch353A23C5.template.json',
  // cdktf.out
  'public-ingress azurerm_network_security_group.es app/cdktf.out/stacks/search/cdk.tf.json',
  // CloudFormation YAML edge cases
  'public-ingress SplitHalvesSg fixtures/cloudformation/edge-cases.template.yaml',
  'public-ingress GlobalUnicastSg fixtures/cloudformation/edge-cases.template.yaml',
  'unverifiable-network UnknownSourceSg fixtures/cloudformation/edge-cases.template.yaml',
  'public-ingress ConditionalSg fixtures/cloudformation/edge-cases.template.yaml',
  'public-ingress StandaloneIngress fixtures/cloudformation/edge-cases.template.yaml',
  'unverifiable-network UnknownIntrinsicSg fixtures/cloudformation/edge-cases.template.yaml',
  // CloudFormation JSON
  'public-allowlist OfficeAllowlistSg fixtures/cloudformation/allowlist.template.json',
  // HCL edge cases (two files of one module)
  'public-ingress azurerm_network_security_group.split_halves fixtures/terraform/edge-cases/main.tf',
  'public-ingress azurerm_network_security_group.global_unicast fixtures/terraform/edge-cases/main.tf',
  'public-ingress azurerm_network_security_group.service_tag fixtures/terraform/edge-cases/main.tf',
  'public-ingress azurerm_network_security_group.deny_half fixtures/terraform/edge-cases/main.tf',
  'unverifiable-network azurerm_network_security_group.unknown_source fixtures/terraform/edge-cases/main.tf',
  'public-ingress azurerm_network_security_rule.open_by_reference fixtures/terraform/edge-cases/rules.tf',
  // Terraform JSON
  'public-ingress azurerm_network_security_group.tfjson fixtures/terraform/json/network.tf.json',
  // Plan JSON, resources in child modules
  'public-ingress module.search.azurerm_network_security_rule.open fixtures/terraform/plan/plan.json',
  'unverifiable-network module.search.azurerm_network_security_rule.office fixtures/terraform/plan/plan.json',
].sort();

/** Resources the spec's edge cases say are clean: no finding may name them. */
const CLEAN_RESOURCES = [
  'PortRangeMissSg', 'PrivateSg',
  'azurerm_network_security_group.virtual_network', 'azurerm_network_security_group.deny_first',
  'azurerm_network_security_group.port_miss', 'module.search.module.inner.azurerm_network_security_group.inner[0]',
];

let work: string;
const runs: Record<string, BinRun> = {};
const run = (args: string[], env?: NodeJS.ProcessEnv, preload?: string) => runBin(args, { cwd: work, env, preload });
const json = (r: BinRun) => JSON.parse(r.stdout);
const keyed = (findings: any[]) => findings.map(f => `${f.ruleId} ${f.resource} ${f.file}`).sort();

beforeAll(() => {
  assertBuilt();
  work = mkdtempSync(join(tmpdir(), 'sg-scan-cli-'));
  synthesizeCdkApp(join(work, 'app', 'cdk.out'));
  synthesizeCdktfApp(join(work, 'app', 'cdktf.out'));
  cpSync(join(REPO, 'test', 'fixtures', 'cli'), join(work, 'fixtures'), { recursive: true });
  mkdirSync(join(work, 'out'));

  runs.json = run(['scan', ...EVERY_KIND, '--format', 'json'], {}, NO_FRAMEWORKS);
  runs.text = run(['scan', ...EVERY_KIND]);
  runs.sarif = run(['scan', ...EVERY_KIND, '--format', 'sarif', '--output', 'out/scan.sarif']);
  runs.junit = run(['scan', ...EVERY_KIND, '--format', 'junit', '--output', 'out/junit.xml']);
  runs.markdown = run(['scan', ...EVERY_KIND, '--format', 'markdown']);
  runs.warningOnly = run(['scan', 'fixtures/cloudformation/allowlist.template.json']);
  runs.failOnWarning = run(['scan', 'fixtures/cloudformation/allowlist.template.json', '--fail-on', 'warning']);
  runs.failOnNever = run(['scan', 'app', '--fail-on', 'never', '--format', 'json'], { LOADED_PARSERS_FILE: join(work, 'out', 'parsers-app') }, LOADED_PARSERS);
  runs.yamlAndHcl = run(['scan', 'fixtures/cloudformation/edge-cases.template.yaml', 'fixtures/terraform/edge-cases', '--fail-on', 'never'],
    { LOADED_PARSERS_FILE: join(work, 'out', 'parsers-yaml-hcl') }, LOADED_PARSERS);
  runs.acknowledgedWithPorts = run(['scan', 'fixtures/cloudformation', '--format', 'json', '--ports', '9250',
    '--acknowledgements', 'fixtures/acknowledgements/acknowledgements.yaml']);
  runs.refused = run(['scan', 'fixtures/cloudformation', '--acknowledgements', 'fixtures/acknowledgements/refused.yaml']);
  const limit = statSync(join(work, 'fixtures/cloudformation/allowlist.template.json')).size + 10;
  runs.badInputs = run(['scan', 'fixtures/bad/invalid.json', 'fixtures/bad/unknown.json', 'fixtures/bad/broken.template.yaml',
    'missing.yaml', 'fixtures/cloudformation/edge-cases.template.yaml', 'fixtures/cloudformation/allowlist.template.json',
    '--format', 'json'], { SEARCH_GUARDRAILS_MAX_FILE_BYTES: String(limit) });
  runs.usage = run(['scan', '--format', 'pdf']);
  runs.version = run(['--version']);
  runs.help = run(['--help']);
}, 120_000);

afterAll(() => {
  if (work) {
    rmSync(work, { recursive: true, force: true });
  }
});

describe('search-guardrails scan over every input kind', () => {
  test('the findings are exactly those of the spec, from cdk.out, cdktf.out, YAML, JSON, HCL, Terraform JSON and plan JSON', () => {
    expect(runs.json.stderr).toBe('');
    expect(runs.json.status).toBe(1);
    expect(keyed(json(runs.json).findings)).toEqual(EXPECTED_FINDINGS);
  });

  test('resources the spec calls clean have no finding: 9201-9299, VirtualNetwork, a Deny for Internet first, private ranges', () => {
    const named = json(runs.json).findings.map((f: any) => f.resource);
    for (const resource of CLEAN_RESOURCES) {
      expect(named).not.toContain(resource);
    }
  });

  test('acknowledgements recorded by Validations.acknowledge (cdk.out) and SearchGuardrails.acknowledge (cdktf.out) are honoured', () => {
    const report = json(runs.json);
    expect(report.acknowledged.map((f: any) => [f.ruleId, f.resource, f.reason])).toEqual([
      ['unverifiable-network', 'ParameterSg', CDK_ACK_REASON],
      ['unverifiable-network', 'azurerm_network_security_rule.office', CDKTF_ACK_REASON],
    ]);
    expect(report.summary.acknowledgements.map((a: any) => a.constructPath)).toEqual(['Prod/Search/FromParameter', 'search/office']);
  });

  test('findings carry the stack, construct path and line that synthesis recorded', () => {
    const report = json(runs.json);
    const imported = report.findings.find((f: any) => f.resource === 'ImportedOpenSg');
    expect(imported.constructPath).toBe('Prod/Search/ImportedOpen');
    const cdktf = report.findings.find((f: any) => f.file === 'app/cdktf.out/stacks/search/cdk.tf.json');
    expect(cdktf.constructPath).toBe('search/es');
    expect(report.summary).toEqual(expect.objectContaining({ errors: 17, warnings: 1, acknowledged: 2, inputProblems: 0, failed: true }));
  });

  test('the bin loads no aws-cdk-lib, constructs, cdktf or provider module (it runs where they are not installed)', () => {
    expect(runs.json.stderr).not.toContain('FRAMEWORK-LOADED');
    expect(runs.json.status).toBe(1);
  });
});

describe('start-up', () => {
  test('a scan of cdk.out and cdktf.out loads neither the YAML nor the HCL parser; a scan of YAML and .tf files loads both', () => {
    expect(runs.failOnNever.status).toBe(0);
    expect(readFileSync(join(work, 'out', 'parsers-app'), 'utf8')).toBe('');
    expect(runs.yamlAndHcl.status).toBe(0);
    expect(runs.yamlAndHcl.stdout).toMatch(/edge-cases\.template\.yaml/);
    expect(readFileSync(join(work, 'out', 'parsers-yaml-hcl'), 'utf8').split('\n')).toEqual(['@cdktf/hcl2json', 'yaml']);
  });
});

describe('report formats', () => {
  test('text groups findings by file and resource, has no colour on a pipe and ends with the summary line', () => {
    expect(runs.text.status).toBe(1);
    expect(runs.text.stdout).not.toContain('\u001b[');
    expect(runs.text.stdout).toMatch(/fixtures\/terraform\/plan\/plan\.json\n  module\.search\.azurerm_network_security_rule\.office \(azurerm_network_security_rule\)  line \d+\n    error    unverifiable-network:/);
    expect(runs.text.stdout).toMatch(/  SplitHalvesSg \(AWS::EC2::SecurityGroup\)  line 14\n    error    public-ingress:/);
    const lines = runs.text.stdout.trimEnd().split('\n');
    expect(lines[lines.length - 1]).toMatch(/^\d+ files scanned, \d+ resources checked: 17 errors, 1 warning, 2 acknowledged\.$/);
  });

  test('sarif is valid SARIF 2.1.0 with a result per finding, file URIs and lines', () => {
    expect(runs.sarif.status).toBe(1);
    expect(runs.sarif.stdout).toMatch(/^Wrote the sarif report to out\/scan\.sarif\. .*17 errors, 1 warning, 2 acknowledged\.\n$/);
    const log = JSON.parse(readFileSync(join(work, 'out', 'scan.sarif'), 'utf8'));
    expect(sarifSchemaErrors(log)).toEqual([]);
    const results = log.runs[0].results;
    expect(results).toHaveLength(EXPECTED_FINDINGS.length + 2);
    const yaml = results.find((r: any) => r.locations[0].logicalLocations[0].name === 'SplitHalvesSg');
    expect(yaml.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'fixtures/cloudformation/edge-cases.template.yaml', uriBaseId: '%SRCROOT%' },
      region: { startLine: 14 },
    });
    expect(results.filter((r: any) => r.suppressions).length).toBe(2);
    // A cdk.out finding carries its construct path as a logical location; every result has a fingerprint.
    const fromAssembly = results.find((r: any) => r.locations[0].logicalLocations[0].name === 'ImportedOpenSg');
    expect(fromAssembly.locations[0].logicalLocations).toContainEqual(expect.objectContaining({ fullyQualifiedName: 'Prod/Search/ImportedOpen' }));
    expect(new Set(results.map((r: any) => r.partialFingerprints['searchGuardrailsFinding/v2'])).size).toBe(results.length);
  });

  test('junit has one test case per resource checked and a failure per resource with errors', () => {
    expect(runs.junit.status).toBe(1);
    const doc = new DOMParser({ onError: (level: string, m: string) => { if (level !== 'warning') throw new Error(m); } })
      .parseFromString(readFileSync(join(work, 'out', 'junit.xml'), 'utf8'), 'text/xml') as unknown as Document;
    const cases = Array.from(doc.getElementsByTagName('testcase'));
    const failing = cases.filter(c => c.getElementsByTagName('failure').length > 0).map(c => c.getAttribute('name'));
    expect(failing).toHaveLength(EXPECTED_FINDINGS.length - 1); // the warning does not fail
    expect(cases.map(c => c.getAttribute('name'))).toEqual(expect.arrayContaining(['PortRangeMissSg (AWS::EC2::SecurityGroup)', 'OfficeAllowlistSg (AWS::EC2::SecurityGroup)']));
  });

  test('markdown has the table and a Mermaid flowchart per exposure path', () => {
    expect(runs.markdown.status).toBe(1);
    expect(runs.markdown.stdout).toContain('| :red_circle: error | `public-ingress` | SplitHalvesSg |');
    expect(runs.markdown.stdout).toMatch(/```mermaid\nflowchart LR\n  s0\(\["0\.0\.0\.0\/1"\]\)/);
  });
});

describe('exit codes', () => {
  test('a warning alone exits 0 at the default --fail-on error, and 1 at --fail-on warning', () => {
    expect([runs.warningOnly.status, runs.failOnWarning.status]).toEqual([0, 1]);
    expect(runs.warningOnly.stdout).toContain('warning  public-allowlist:');
  });

  test('--fail-on never reports errors and exits 0', () => {
    expect(runs.failOnNever.status).toBe(0);
    expect(json(runs.failOnNever).summary.errors).toBe(2);
  });

  test('--acknowledgements accepts acknowledgeable findings and --ports adds a cluster port', () => {
    expect(runs.acknowledgedWithPorts.status).toBe(1);
    const report = json(runs.acknowledgedWithPorts);
    expect(report.acknowledged.map((f: any) => f.resource).sort()).toEqual(['OfficeAllowlistSg', 'UnknownSourceSg']);
    expect(report.acknowledged.every((f: any) => f.acknowledged === true)).toBe(true);
    expect(report.findings.map((f: any) => `${f.ruleId} ${f.resource}`)).toContain('public-ingress PortRangeMissSg');
  });

  test('an acknowledgements file with a rule that cannot be acknowledged exits 2 naming the rule, before scanning', () => {
    expect(runs.refused.status).toBe(2);
    expect(runs.refused.stdout).toBe('');
    expect(runs.refused.stderr).toMatch(/^search-guardrails: fixtures\/acknowledgements\/refused\.yaml: entry 2 acknowledges "public-ingress", which is refused: .*\n$/);
  });

  test('bad inputs exit 2 with one line each naming the file, and the readable inputs are still reported', () => {
    expect(runs.badInputs.status).toBe(2);
    const lines = runs.badInputs.stderr.trimEnd().split('\n');
    expect(lines).toEqual([
      expect.stringMatching(/^search-guardrails: missing\.yaml: cannot be read \(no such file or directory\)\./),
      expect.stringMatching(/^search-guardrails: fixtures\/bad\/invalid\.json: is not valid JSON \(.*line 5, column \d+\)\./),
      expect.stringMatching(/^search-guardrails: fixtures\/bad\/unknown\.json: is no known infrastructure format/),
      expect.stringMatching(/^search-guardrails: fixtures\/bad\/broken\.template\.yaml: is not valid YAML \(.*line \d+, column \d+\)\./),
      expect.stringMatching(/^search-guardrails: fixtures\/cloudformation\/edge-cases\.template\.yaml: is \d+ bytes, larger than the limit of \d+ bytes\./),
    ]);
    expect(runs.badInputs.stderr).not.toMatch(/\n\s+at /);
    const report = json(runs.badInputs);
    expect(keyed(report.findings)).toEqual(['public-allowlist OfficeAllowlistSg fixtures/cloudformation/allowlist.template.json']);
    expect(report.summary).toEqual(expect.objectContaining({ inputProblems: 5, failed: true }));
  });

  test('a usage error exits 2 with one line', () => {
    expect(runs.usage.status).toBe(2);
    expect(runs.usage.stdout).toBe('');
    expect(runs.usage.stderr).toBe('search-guardrails: --format "pdf" is not one of text, json, sarif, junit, markdown. Run `search-guardrails --help` for usage.\n');
  });

  test('--version prints the package version and --help the usage, both exiting 0', () => {
    expect(runs.version.status).toBe(0);
    expect(runs.version.stdout.trim()).toBe(JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')).version);
    expect(runs.help.status).toBe(0);
    expect(runs.help.stdout).toMatch(/^Usage: search-guardrails scan \[paths\.\.\.\] \[options\]/);
    expect(runs.help.stdout).toContain('Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage or input error.');
  });
});
