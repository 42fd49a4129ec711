/**
 * Lines of JSON inputs are found after evaluation, only for what the report prints (deferred-lines.ts):
 * the lines printed are the same as when every line was found at read time, a file that changed since
 * it was read gets no line rather than a wrong one, and a scan that prints no line reads no file again.
 */
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { FORMATS } from '../../src/cli/args';
import { CliIo, linesPrintedBy, runCli } from '../../src/cli/cli';
import { collectInputs } from '../../src/cli/readers/collect';
import { DeferredLines, isLineReference, rereadUnchangedText } from '../../src/cli/readers/deferred-lines';
import { fileIdentity } from '../../src/cli/readers/read-text';
import { scan, ScanLines } from '../../src/cli/scan';
import { renderJsonReport } from '../../src/core/report/json-report';
import { renderJunitReport } from '../../src/core/report/junit-report';
import { renderMarkdownReport } from '../../src/core/report/markdown-report';
import type { ReportInput } from '../../src/core/report/report-input';
import { renderSarifReport } from '../../src/core/report/sarif-report';
import { renderTextReport } from '../../src/core/report/text-report';

/** A template whose open group `OpenSg` is on line 9; its id also appears before, as a value and as a key elsewhere. */
const TEMPLATE = `{
  "Description": "OpenSg",
  "Outputs": { "OpenSg": { "Value": { "Ref": "OpenSg" } } },
  "Resources": {
    "PrivateSg": {
      "Type": "AWS::EC2::SecurityGroup",
      "Properties": { "GroupDescription": "OpenSg", "SecurityGroupIngress": [{ "IpProtocol": "tcp", "FromPort": 9200, "ToPort": 9200, "CidrIp": "10.0.0.0/8" }] }
    },
    "OpenSg": {
      "Type": "AWS::EC2::SecurityGroup",
      "Properties": {
        "GroupDescription": "open",
        "SecurityGroupIngress": [{ "IpProtocol": "tcp", "FromPort": 9200, "ToPort": 9200, "CidrIp": "0.0.0.0/0" }]
      }
    }
  }
}
`;
const TEMPLATE_LINE = 9;

/** Terraform JSON with an array of resource objects: open groups `first` on line 4 and `open` on line 9. */
const TERRAFORM_JSON = `{
  "resource": [
    { "azurerm_network_security_group": {
      "first": { "name": "first", "location": "westeurope", "resource_group_name": "rg", "security_rule": [
        { "name": "any", "priority": 100, "direction": "Inbound", "access": "Allow", "protocol": "Tcp", "source_port_range": "*",
          "destination_port_range": "9200", "source_address_prefix": "*", "destination_address_prefix": "*" }]
      },
      "closed": { "name": "closed", "location": "westeurope", "resource_group_name": "rg" },
      "open": {
        "name": "open", "location": "westeurope", "resource_group_name": "rg",
        "security_rule": [{ "name": "any", "priority": 100, "direction": "Inbound", "access": "Allow", "protocol": "Tcp",
          "source_port_range": "*", "destination_port_range": "9200", "source_address_prefix": "*", "destination_address_prefix": "*" }]
      }
    } }
  ]
}
`;
const TERRAFORM_LINE = 9;

const CLOSED_TEMPLATE = JSON.stringify({ Resources: { PrivateSg: JSON.parse(TEMPLATE).Resources.PrivateSg } }, undefined, 2);

let root: string;
const write = (path: string, content: string) => {
  mkdirSync(join(root, path, '..'), { recursive: true });
  writeFileSync(join(root, path), content);
};
/** A cloud assembly in `cdk.out` with one stack `Search`. */
const writeAssembly = (template: string) => {
  write('cdk.out/manifest.json', JSON.stringify({
    version: '36.0.0',
    artifacts: { Search: { type: 'aws:cloudformation:stack', properties: { templateFile: 'Search.template.json' } } },
  }));
  write('cdk.out/Search.template.json', template);
};

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'sg-lines-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

async function cli(args: string[]): Promise<{ code: number; stdout: string }> {
  const out: string[] = [];
  const io: CliIo = { stdout: { write: (t: string) => out.push(t) }, stderr: { write: () => true }, env: {}, cwd: root };
  const code = await runCli(args, io);
  return { code, stdout: out.join('') };
}

/** A scan that counts the files read again for lines. */
async function countedScan(paths: string[], lines?: ScanLines) {
  const reread: string[] = [];
  const result = await scan({
    paths,
    cwd: root,
    extraPorts: [],
    maxFileBytes: 1024 * 1024,
    lines,
    rereadText: (path, identity) => {
      reread.push(path);
      return rereadUnchangedText(path, identity);
    },
  });
  return { result, reread };
}

describe('lines of JSON inputs found for the report', () => {
  test.each([
    ['a cdk.out template', () => writeAssembly(TEMPLATE), 'cdk.out', 'cdk.out/Search.template.json', 'OpenSg', TEMPLATE_LINE],
    ['a CloudFormation JSON template', () => write('t/open.template.json', TEMPLATE), 't/open.template.json', 't/open.template.json', 'OpenSg', TEMPLATE_LINE],
    ['a Terraform JSON file', () => write('tf/main.tf.json', TERRAFORM_JSON), 'tf', 'tf/main.tf.json', 'azurerm_network_security_group.open', TERRAFORM_LINE],
  ])('the line of a finding in %s is printed in text and in SARIF', async (_name, setUp, path, file, resource, line) => {
    setUp();
    const text = await cli(['scan', path]);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain(`${resource} (`);
    expect(text.stdout).toMatch(new RegExp(`${resource.replace(/\./g, '\\.')} \\([^)]*\\)\\S*  \\S*line ${line}\\b`));
    const sarif = JSON.parse((await cli(['scan', path, '--format', 'sarif'])).stdout);
    const regions = sarif.runs[0].results.map((r: any) => r.locations[0].physicalLocation)
      .map((l: any) => [l.artifactLocation.uri, l.region?.startLine]);
    expect(regions).toContainEqual([expect.stringMatching(new RegExp(`${file.replace(/\./g, '\\.')}$`)), line]);
  });

  test('a finding of a scan for findings gets its line; the resources checked then carry none (only JUnit prints them)', async () => {
    write('t/open.template.json', TEMPLATE);
    const { result, reread } = await countedScan(['t'], 'findings');
    expect(result.result.findings.map(f => [f.resource, f.line])).toEqual([['OpenSg', TEMPLATE_LINE]]);
    expect(result.resourcesChecked.map(r => [r.resource, r.line])).toEqual([['PrivateSg', undefined], ['OpenSg', undefined]]);
    expect(reread).toEqual([join(root, 't/open.template.json')]);
  });

  test('by default every resource checked gets its line, from one read of each file', async () => {
    write('t/open.template.json', TEMPLATE);
    write('tf/main.tf.json', TERRAFORM_JSON);
    const { result, reread } = await countedScan(['t', 'tf']);
    expect(result.resourcesChecked.map(r => [r.resource, r.line])).toEqual(expect.arrayContaining([
      ['PrivateSg', 5], ['OpenSg', TEMPLATE_LINE], ['azurerm_network_security_group.first', 4], ['azurerm_network_security_group.closed', 8], ['azurerm_network_security_group.open', TERRAFORM_LINE],
    ]));
    expect(reread.sort()).toEqual([join(root, 't/open.template.json'), join(root, 'tf/main.tf.json')]);
  });

  test('a scan without findings reads no file again (text), and a JSON report reads none even with findings', async () => {
    writeAssembly(CLOSED_TEMPLATE);
    write('t/closed.template.json', CLOSED_TEMPLATE);
    const clean = await countedScan(['cdk.out', 't'], 'findings');
    expect(clean.result.result.findings).toEqual([]);
    expect(clean.reread).toEqual([]);

    write('t/open.template.json', TEMPLATE);
    const json = await countedScan(['t'], 'none');
    expect(json.result.result.findings.map(f => [f.resource, f.line])).toEqual([['OpenSg', undefined]]);
    expect(json.reread).toEqual([]);
  });

  test('no line reference leaves a scan: unresolved ones are dropped', async () => {
    write('t/open.template.json', TEMPLATE);
    for (const lines of ['none', 'findings', 'findings-and-resources'] as const) {
      const { result } = await countedScan(['t'], lines);
      const all = [...result.result.findings, ...result.result.acknowledged, ...result.resourcesChecked];
      expect(all.filter(x => isLineReference(x.line))).toEqual([]);
    }
  });

  test('a file rewritten between the read and the report gets no line, never the line of the new text', async () => {
    write('t/open.template.json', TEMPLATE);
    write('tf/main.tf.json', TERRAFORM_JSON);
    const inputs = await collectInputs(['t', 'tf'], { cwd: root, maxFileBytes: 1024 * 1024 });
    const reference = inputs.cloudFormation[0].lines!.OpenSg;
    const terraformReference = inputs.terraform()[0].resources.find(r => r.address.endsWith('.open'))!.line;
    expect(isLineReference(reference)).toBe(true);
    // The same resource, now on another line: the same size would not do either (the times change).
    write('t/open.template.json', TEMPLATE.replace('"Description": "OpenSg",\n', '\n\n"Description": "OpenSg",'));
    write('tf/main.tf.json', TERRAFORM_JSON.replace('{\n  "resource"', '{\n\n\n  "resource"'));
    expect(inputs.deferredLines.resolve(reference)).toBeUndefined();
    expect(inputs.deferredLines.resolve(terraformReference)).toBeUndefined();
  });

  test('a file that can no longer be read gets no line; an unchanged one gets its line', async () => {
    write('a.template.json', TEMPLATE);
    write('b.template.json', TEMPLATE);
    const inputs = await collectInputs(['a.template.json', 'b.template.json'], { cwd: root, maxFileBytes: 1024 * 1024 });
    rmSync(join(root, 'a.template.json'));
    const [a, b] = inputs.cloudFormation.map(t => t.lines!.OpenSg);
    expect(inputs.deferredLines.resolve(a)).toBeUndefined();
    expect(inputs.deferredLines.resolve(b)).toBe(TEMPLATE_LINE);
  });

  test('each file is read again once, whatever the number of lines asked of it; a line that is no reference is kept', () => {
    write('t.template.json', TEMPLATE);
    const path = join(root, 't.template.json');
    let reads = 0;
    const lines = new DeferredLines((p, identity) => {
      reads++;
      return rereadUnchangedText(p, identity);
    });
    const source = lines.source(path, 'cloudformation-json', fileIdentity(statSync(path)));
    const references = lines.cloudFormationReferences(source, ['PrivateSg', 'OpenSg', 'Missing']);
    const asked = [references.PrivateSg, references.OpenSg, references.Missing, 7, undefined];
    expect(asked.map(l => lines.resolve(l))).toEqual([5, TEMPLATE_LINE, undefined, 7, undefined]);
    expect(reads).toBe(1);
    expect(lines.filesReread).toBe(1);
  });

  test.each(FORMATS.map(f => [f]))('the lines a %s report prints are the lines the scan resolves for it', format => {
    // A finding on line 4242 of a resource checked on line 4343, and another resource checked on line 4444.
    const finding = {
      ruleId: 'public-ingress',
      severity: 'error',
      resource: 'OpenSg',
      resourceType: 'AWS::EC2::SecurityGroup',
      file: 't.json',
      line: 4242,
      message: 'public-ingress: open',
      acknowledged: false,
    } as any;
    const input: ReportInput = {
      result: { findings: [finding], acknowledged: [], acknowledgements: [] } as any,
      filesScanned: ['t.json'],
      resourcesChecked: [
        { resource: 'OpenSg', resourceType: 'AWS::EC2::SecurityGroup', file: 't.json', line: 4343 },
        { resource: 'OtherSg', resourceType: 'AWS::EC2::SecurityGroup', file: 't.json', line: 4444 },
      ],
    };
    const renderers: Record<string, (i: ReportInput) => string> = {
      text: i => renderTextReport(i, { color: false }),
      json: renderJsonReport,
      sarif: i => renderSarifReport(i),
      junit: renderJunitReport,
      markdown: renderMarkdownReport,
    };
    const out = renderers[format](input);
    const printed = { finding: out.includes('4242'), resource: out.includes('4444') };
    const lines = linesPrintedBy(format);
    // A line the scan leaves out must be one the report never prints.
    if (lines === 'none') expect(printed).toEqual({ finding: false, resource: false });
    if (lines === 'findings') expect(printed.resource).toBe(false);
    expect(printed.finding || printed.resource).toBe(lines !== 'none');
  });
});
