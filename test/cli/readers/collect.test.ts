import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { collectInputs } from '../../../src/cli/readers/collect';

const TEMPLATE = JSON.stringify({ Resources: { Sg: { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: 'x' } } } }, undefined, 1);
const TF_JSON = JSON.stringify({ resource: { azurerm_network_security_group: { es: { name: 'es' } } } });

/** A cloud assembly manifest of one stack `Here` with `Here.metadata.json` and, when given, inline metadata. */
const manifestWithMetadataFile = (metadata?: object) => JSON.stringify({
  version: '36.0.0',
  artifacts: {
    Here: {
      type: 'aws:cloudformation:stack',
      properties: { templateFile: 'Here.template.json' },
      ...(metadata ? { metadata } : {}),
      additionalMetadataFile: 'Here.metadata.json',
    },
  },
});

let root: string;
const write = (path: string, content: string) => {
  mkdirSync(join(root, path, '..'), { recursive: true });
  writeFileSync(join(root, path), content);
};
const collect = (paths: string[], maxFileBytes = 1024 * 1024) => collectInputs(paths, { cwd: root, maxFileBytes });

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'sg-collect-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('collecting inputs from paths', () => {
  test('a directory search finds templates and Terraform files, skips node_modules, .git and .terraform, and ignores JSON that is not infrastructure', async () => {
    write('infra/search.template.json', TEMPLATE);
    write('infra/net.tf.json', TF_JSON);
    write('package.json', '{ "name": "app", "version": "1.0.0" }');
    write('tsconfig.json', '{ // comments are not JSON\n }');
    write('.github/workflows/ci.yml', 'on: push\njobs: {}\n');
    write('node_modules/x/template.json', TEMPLATE);
    write('.git/t.template.json', TEMPLATE);
    write('infra/.terraform/modules/m/main.tf.json', TF_JSON);
    const inputs = await collect(['.']);
    expect(inputs.problems).toEqual([]);
    expect(inputs.filesScanned).toEqual(['infra/net.tf.json', 'infra/search.template.json']);
    // JSON lines are line references until the report needs them (deferred-lines.ts).
    const lineOf = (line: number | undefined) => inputs.deferredLines.resolve(line);
    expect(inputs.cloudFormation.map(t => [t.file, lineOf(t.lines?.Sg)])).toEqual([['infra/search.template.json', 3]]);
    expect(inputs.terraform().map(d => d.resources.map(r => [r.address, r.file, lineOf(r.line)]))).toEqual([[['azurerm_network_security_group.es', 'infra/net.tf.json', 1]]]);
  });

  test('a file named on the command line that is no known format is an input error', async () => {
    write('package.json', '{ "name": "app" }');
    const inputs = await collect(['package.json']);
    expect(inputs.problems).toEqual([{ file: 'package.json', message: expect.stringMatching(/^is no known infrastructure format/) }]);
  });

  test('a broken file found by a search is reported when its name or content says infrastructure, and skipped otherwise', async () => {
    write('a/broken.template.yaml', 'Resources: [\n');
    write('a/looks.json', '{ "Resources": { ');
    write('a/other.json', '{ "compilerOptions": ');
    const inputs = await collect(['a']);
    expect(inputs.problems.map(p => p.file).sort()).toEqual(['a/broken.template.yaml', 'a/looks.json']);
    expect(inputs.problems.find(p => p.file === 'a/looks.json')!.message).toMatch(/^is not valid JSON \(.*line 1, column \d+\)/);
  });

  test('missing paths, files over the size limit and directories without infrastructure are input errors', async () => {
    write('big.template.json', TEMPLATE);
    write('empty/readme.md', '# nothing');
    const inputs = await collect(['missing.json', 'big.template.json', 'empty'], 20);
    expect(inputs.problems).toEqual([
      { file: 'missing.json', message: expect.stringMatching(/^cannot be read \(no such file or directory\)/) },
      { file: 'big.template.json', message: expect.stringMatching(/^is \d+ bytes, larger than the limit of 20 bytes\. .*SEARCH_GUARDRAILS_MAX_FILE_BYTES/) },
      { file: 'empty', message: expect.stringMatching(/^holds no cdk\.out, cdktf\.out/) },
    ]);
  });

  test('a large file found by a search whose beginning is not infrastructure is skipped', async () => {
    write('data/huge.json', JSON.stringify({ rows: Array.from({ length: 500 }, (_, i) => i) }));
    write('data/t.template.json', TEMPLATE);
    const inputs = await collect(['data'], 400);
    expect(inputs.problems).toEqual([]);
    expect(inputs.filesScanned).toEqual(['data/t.template.json']);
  });

  test('.tf and .tf.json files of one directory form one module, so a reference in one file resolves against another', async () => {
    write('mod/main.tf', 'resource "azurerm_network_security_group" "es" {\n  name = "es"\n}\n');
    write('mod/rules.tf.json', JSON.stringify({ resource: { azurerm_network_security_rule: { r: { network_security_group_name: '${azurerm_network_security_group.es.name}' } } } }));
    const inputs = await collect(['mod']);
    expect(inputs.problems).toEqual([]);
    const documents = inputs.terraform();
    expect(documents).toHaveLength(1);
    expect(documents[0].resources.map(r => [r.address, r.file, inputs.deferredLines.resolve(r.line)])).toEqual([
      ['azurerm_network_security_group.es', 'mod/main.tf', 1],
      ['azurerm_network_security_rule.r', 'mod/rules.tf.json', 1],
    ]);
  });

  test('an HCL syntax error names the file and the position', async () => {
    write('bad/main.tf', 'resource "x" "y" {\n');
    const inputs = await collect(['bad']);
    expect(inputs.problems).toEqual([{ file: 'bad/main.tf', message: expect.stringMatching(/^is not valid Terraform HCL \(.*main\.tf:1.*\)/) }]);
  });

  test('a CloudFormation template in YAML keeps its lines and gets its short forms in long form', async () => {
    write('t/stack.yml', 'Resources:\n  Sg:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      GroupDescription: !Sub "${AWS::StackName}"\n');
    const inputs = await collect(['t']);
    expect(inputs.cloudFormation[0].lines).toEqual({ Sg: 2 });
    expect(inputs.cloudFormation[0].template.Resources.Sg.Properties.GroupDescription).toEqual({ 'Fn::Sub': '${AWS::StackName}' });
  });

  test('a symbolic link to a directory is not followed, so a link loop ends', async () => {
    write('loop/t.template.json', TEMPLATE);
    symlinkSync(join(root, 'loop'), join(root, 'loop', 'again'));
    const inputs = await collect(['loop']);
    expect(inputs.filesScanned).toEqual(['loop/t.template.json']);
  });

  test('a template named twice is read once', async () => {
    write('t.template.json', TEMPLATE);
    const inputs = await collect(['t.template.json', '.', './t.template.json']);
    expect(inputs.cloudFormation).toHaveLength(1);
    expect(inputs.problems).toEqual([]);
  });

  test('the metadata file of a stack adds to the inline metadata of the manifest, path by path, inline entries first', async () => {
    const ack = (rule: string) => ({ type: 'aws:cdk:acknowledged-rules', data: { [`search-guardrails::${rule}`]: `accepted for ${rule} reasons` } });
    write('cdk.out/manifest.json', manifestWithMetadataFile({ '/Here/Sg': [ack('public-ingress')], '/Here/Sg/Resource': [{ type: 'aws:cdk:logicalId', data: 'Old' }] }));
    write('cdk.out/Here.metadata.json', JSON.stringify({
      '/Here/Sg': [ack('public-allowlist')],
      '/Here/Sg/Resource': [{ type: 'aws:cdk:logicalId', data: 'Sg' }],
      '/Here/Other': 'not a list',
    }));
    write('cdk.out/Here.template.json', TEMPLATE);
    const inputs = await collect(['cdk.out']);
    expect(inputs.problems).toEqual([]);
    expect(inputs.cloudFormation.map(t => t.constructPaths)).toEqual([{ Old: 'Here/Sg/Resource', Sg: 'Here/Sg/Resource' }]);
    expect(inputs.recordedAcknowledgements.map(a => [a.ruleId, a.scope])).toEqual([
      ['public-ingress', { constructPath: 'Here/Sg' }],
      ['public-allowlist', { constructPath: 'Here/Sg' }],
    ]);
  });

  test('metadata only in additionalMetadataFile (aws-cdk-lib 2.18x+) gives the same paths and acknowledgements, and a value that is no list counts as no entries', async () => {
    const ack = (rule: string) => ({ type: 'aws:cdk:acknowledged-rules', data: { [`search-guardrails::${rule}`]: `accepted for ${rule} reasons` } });
    write('cdk.out/Here.template.json', TEMPLATE);
    write('cdk.out/manifest.json', manifestWithMetadataFile());
    write('cdk.out/Here.metadata.json', JSON.stringify({
      '/Here/Sg': [ack('public-allowlist')],
      '/Here/Sg/Resource': [{ type: 'aws:cdk:logicalId', data: 'Sg' }],
    }));
    let inputs = await collect(['cdk.out']);
    expect(inputs.problems).toEqual([]);
    expect(inputs.cloudFormation.map(t => t.constructPaths)).toEqual([{ Sg: 'Here/Sg/Resource' }]);
    expect(inputs.recordedAcknowledgements.map(a => [a.ruleId, a.scope])).toEqual([['public-allowlist', { constructPath: 'Here/Sg' }]]);

    // A value that is no list counts as no entries (acknowledgements are still read from the others).
    write('cdk.out/Here.metadata.json', JSON.stringify({
      '/Here/Other': 7,
      '/Here/Sg': [ack('public-allowlist')],
      '/Here/Sg/Resource': [{ type: 'aws:cdk:logicalId', data: 'Sg' }],
    }));
    inputs = await collect(['cdk.out']);
    expect(inputs.problems).toEqual([]);
    expect(inputs.cloudFormation.map(t => t.constructPaths)).toEqual([{ Sg: 'Here/Sg/Resource' }]);
    expect(inputs.recordedAcknowledgements.map(a => a.ruleId)).toEqual(['public-allowlist']);

    // An empty inline object is no inline metadata.
    write('cdk.out/manifest.json', manifestWithMetadataFile({}));
    inputs = await collect(['cdk.out']);
    expect(inputs.problems).toEqual([]);
    expect(inputs.recordedAcknowledgements.map(a => a.ruleId)).toEqual(['public-allowlist']);

  });

  test('metadata paths named like members of every object (constructor, __proto__, toString) are read as their own entries, inline and in the file', async () => {
    const ack = { type: 'aws:cdk:acknowledged-rules', data: { 'search-guardrails::public-allowlist': 'accepted for allowlist reasons' } };
    const logicalId = (id: string) => [{ type: 'aws:cdk:logicalId', data: id }];
    write('cdk.out/manifest.json', manifestWithMetadataFile({ toString: logicalId('Inline') }));
    write('cdk.out/Here.metadata.json', `{"constructor": ${JSON.stringify(logicalId('Sg'))}, "__proto__": ${JSON.stringify([ack])}, "toString": ${JSON.stringify(logicalId('File'))}}`);
    write('cdk.out/Here.template.json', TEMPLATE);
    const inputs = await collect(['cdk.out']);
    expect(inputs.problems).toEqual([]);
    expect(inputs.cloudFormation.map(t => t.constructPaths)).toEqual([{ Sg: 'constructor', Inline: 'toString', File: 'toString' }]);
    expect(inputs.recordedAcknowledgements.map(a => [a.ruleId, a.scope])).toEqual([['public-allowlist', { constructPath: '__proto__' }]]);
  });

  test('a cloud assembly reports a stack whose template is missing and still reads its other stacks and nested-stack templates', async () => {
    write('cdk.out/manifest.json', JSON.stringify({
      version: '36.0.0',
      artifacts: {
        Gone: { type: 'aws:cloudformation:stack', properties: { templateFile: 'Gone.template.json' } },
        Here: {
          type: 'aws:cloudformation:stack',
          properties: { templateFile: 'Here.template.json', stackName: 'here-prod' },
          metadata: { '/Here/Sg/Resource': [{ type: 'aws:cdk:logicalId', data: 'Sg' }] },
        },
        Broken: { type: 'aws:cloudformation:stack', properties: {} },
      },
    }));
    write('cdk.out/Here.template.json', TEMPLATE);
    write('cdk.out/HereNestedABC.nested.template.json', TEMPLATE);
    const inputs = await collect(['.']);
    expect(inputs.problems).toEqual([
      { file: 'cdk.out/Gone.template.json', message: expect.stringMatching(/^cannot be read \(no such file or directory\)/) },
      { file: 'cdk.out/manifest.json', message: 'stack artifact Broken has no "properties.templateFile". Synthesize the app again (`cdk synth` / `cdktf synth`).' },
    ]);
    expect(inputs.cloudFormation.map(t => [t.file, t.stackName, t.constructPaths])).toEqual([
      ['cdk.out/Here.template.json', 'here-prod', { Sg: 'Here/Sg/Resource' }],
      ['cdk.out/HereNestedABC.nested.template.json', undefined, undefined],
    ]);
  });

  test('a cdktf manifest naming a stack file that is not there is reported with that file', async () => {
    write('cdktf.out/manifest.json', JSON.stringify({ version: '0.21.0', stacks: { a: { name: 'a', synthesizedStackPath: 'stacks/a/cdk.tf.json' } } }));
    const inputs = await collect(['cdktf.out']);
    expect(inputs.problems).toEqual([{ file: 'cdktf.out/stacks/a/cdk.tf.json', message: expect.stringMatching(/^cannot be read/) }]);
  });
});
