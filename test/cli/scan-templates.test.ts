/**
 * `scan` of CloudFormation templates (issue 13, translator side): hand-written files that reuse
 * logical ids, templates whose single rules hold values the engine cannot read, and a real cloud
 * assembly with nested stacks; in process, plus one run of the built binary.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { App, NestedStack, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { assertBuilt, runBin } from './cli-harness';
import { scan, ScanResult } from '../../src/cli/scan';

let work: string;
beforeEach(() => { work = mkdtempSync(join(tmpdir(), 'scan-templates-')); });
afterEach(() => rmSync(work, { recursive: true, force: true }));

function write(name: string, content: unknown): void {
  writeFileSync(join(work, name), typeof content === 'string' ? content : JSON.stringify(content, undefined, 2));
}

function run(paths: string[], acknowledgementsFile?: string): Promise<ScanResult> {
  const acknowledgements = acknowledgementsFile !== undefined ? { acknowledgementsFile: join(work, acknowledgementsFile) } : {};
  return scan({ paths, cwd: work, extraPorts: [], maxFileBytes: 10_000_000, ...acknowledgements });
}

/** `<rule> <resource> <file>` of each unacknowledged finding. */
const keyed = (r: ScanResult) => r.result.findings.filter(f => !f.acknowledged).map(f => `${f.ruleId} ${f.resource} ${f.file}`).sort();

/** A compliant domain in a VPC behind `SearchSg`, whose one rule admits `cidr` on 443. */
function searchTemplate(cidr: string): unknown {
  const log = { CloudWatchLogsLogGroupArn: 'arn:aws:logs:eu-west-1:123456789012:log-group:search', Enabled: true };
  return {
    Resources: {
      SearchSg: {
        Type: 'AWS::EC2::SecurityGroup',
        Properties: { GroupDescription: 'search', VpcId: 'vpc-12345678', SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: cidr }] },
      },
      Search: {
        Type: 'AWS::OpenSearchService::Domain',
        Properties: {
          VPCOptions: { SubnetIds: ['subnet-12345678'], SecurityGroupIds: [{ 'Fn::GetAtt': ['SearchSg', 'GroupId'] }] },
          AdvancedSecurityOptions: { Enabled: true, InternalUserDatabaseEnabled: false, MasterUserOptions: { MasterUserARN: 'arn:aws:iam::123456789012:role/admin' } },
          DomainEndpointOptions: { EnforceHTTPS: true, TLSSecurityPolicy: 'Policy-Min-TLS-1-2-PFS-2023-10' },
          NodeToNodeEncryptionOptions: { Enabled: true },
          EncryptionAtRestOptions: { Enabled: true },
          LogPublishingOptions: { AUDIT_LOGS: log, ES_APPLICATION_LOGS: log, SEARCH_SLOW_LOGS: log },
        },
      },
    },
  };
}

describe('scan of several templates reusing logical ids', () => {
  test('dev.json and prod.json both with a SearchSg: each domain is judged on the group of its own file', async () => {
    write('dev.json', searchTemplate('10.0.0.0/16'));
    write('prod.json', searchTemplate('0.0.0.0/0'));
    const result = await run(['dev.json', 'prod.json']);
    expect(result.inputProblems).toEqual([]);
    expect(keyed(result)).toEqual(['public-ingress SearchSg prod.json']);
  });

  test('an acknowledgement of unverifiable-network does not let the open group of prod.json through', async () => {
    write('dev.json', searchTemplate('10.0.0.0/16'));
    write('prod.json', searchTemplate('0.0.0.0/0'));
    write('acks.yaml', [
      '- ruleId: unverifiable-network',
      '  resource: Search',
      '  reason: The security group is owned by the network team',
      '',
    ].join('\n'));
    const result = await run(['dev.json', 'prod.json'], 'acks.yaml');
    expect(keyed(result)).toEqual(['public-ingress SearchSg prod.json']);
    expect(result.result.acknowledged).toEqual([]);
  });

  test('the open group in dev.json is reported in dev.json, not hidden by the closed one in prod.json', async () => {
    write('dev.json', searchTemplate('0.0.0.0/0'));
    write('prod.json', searchTemplate('10.0.0.0/16'));
    expect(keyed(await run(['dev.json', 'prod.json']))).toEqual(['public-ingress SearchSg dev.json']);
  });
});

describe('scan of a template with one unreadable value on one rule', () => {
  const group = (id: string, rule: Record<string, unknown>) => ({
    [id]: { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: id, VpcId: 'vpc-12345678', SecurityGroupIngress: [rule] } },
  });

  test('an unknown IpProtocol, a garbled CIDR and 0/0 each affect only their own rule; the file is still evaluated', async () => {
    write('odd.json', {
      Resources: {
        ...group('OddProtocolSg', { IpProtocol: 'sctp-ish', CidrIp: '0.0.0.0/0' }),
        ...group('GarbledCidrSg', { IpProtocol: 'tcp', FromPort: 9200, ToPort: 9200, CidrIp: 'ten.0.0.0/8' }),
        ...group('ShortCidrSg', { IpProtocol: 'tcp', FromPort: 9200, ToPort: 9200, CidrIp: '0/0' }),
        ...group('OpenSg', { IpProtocol: 'tcp', FromPort: 9200, ToPort: 9200, CidrIp: '0.0.0.0/0' }),
      },
    });
    const result = await run(['odd.json']);
    expect(result.inputProblems).toEqual([]);
    expect(keyed(result)).toEqual([
      'public-ingress OpenSg odd.json',
      'public-ingress ShortCidrSg odd.json',
      'unverifiable-network GarbledCidrSg odd.json',
      'unverifiable-network OddProtocolSg odd.json',
    ]);
    const garbled = result.result.findings.find(f => f.resource === 'GarbledCidrSg')!;
    expect(garbled.message).toContain('ten.0.0.0/8');
  });
});

describe('scan of a cloud assembly with nested stacks', () => {
  test.each([
    ['with asset metadata (as the cdk CLI synthesizes)', true],
    ['without asset metadata', false],
  ])("nested templates %s take their parameters from the parent's AWS::CloudFormation::Stack", async (_name, assetMetadata) => {
    const app = new App({ outdir: join(work, 'cdk.out'), context: { 'aws:cdk:enable-asset-metadata': assetMetadata } });
    const parent = new Stack(app, 'Parent');
    const vpc = new ec2.Vpc(parent, 'Vpc', { ipAddresses: ec2.IpAddresses.cidr('10.40.0.0/16'), maxAzs: 2, natGateways: 0 });
    const inner = new NestedStack(parent, 'Inner');
    new ec2.SecurityGroup(inner, 'FromVpc', { vpc }).addIngressRule(ec2.Peer.ipv4(vpc.vpcCidrBlock), ec2.Port.tcp(9200));
    new ec2.SecurityGroup(inner, 'Open', { vpc }).addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(9200));
    const assembly = app.synth();
    const parentTemplate = JSON.parse(readFileSync(join(assembly.directory, 'Parent.template.json'), 'utf-8'));
    const stackResource: any = Object.values<any>(parentTemplate.Resources).find(r => r.Type === 'AWS::CloudFormation::Stack');
    expect(stackResource.Metadata?.['aws:asset:path'] !== undefined).toBe(assetMetadata);

    const result = await run(['cdk.out']);
    expect(result.inputProblems).toEqual([]);
    // Only the open group: the one granted the parent's VPC CIDR resolves to 10.40.0.0/16.
    expect(keyed(result)).toEqual([expect.stringMatching(/^public-ingress Open[0-9A-F]{8} cdk\.out\/ParentInner[0-9A-F]{8}\.nested\.template\.json$/)]);
  });
});

describe('the built search-guardrails binary on templates reusing logical ids', () => {
  test('scan dev.json prod.json exits 1 with the open SearchSg of prod.json as its only finding', () => {
    assertBuilt();
    write('dev.json', searchTemplate('10.0.0.0/16'));
    write('prod.json', searchTemplate('0.0.0.0/0'));
    const result = runBin(['scan', 'dev.json', 'prod.json', '--format', 'json'], { cwd: work });
    expect(result.status).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report.findings.map((f: any) => `${f.ruleId} ${f.resource} ${f.file}`)).toEqual(['public-ingress SearchSg prod.json']);
  });
});

describe('Fn::Transform found in the text a template was read from', () => {
  const include = (key: string) => JSON.stringify(searchTemplate('10.0.0.0/16')).replace(
    '"VpcId":"vpc-12345678"', `"VpcId":"vpc-12345678","${key}":{"Name":"AWS::Include","Parameters":{"Location":"s3://b/sg.yaml"}}`);

  test.each([
    ['written as it is', 'Fn::Transform'],
    ['spelled with \\u escapes', 'Fn::Tr\\u0061nsform'],
    ['spelled with escapes only', '\\u0046\\u006e\\u003a\\u003a\\u0054\\u0072\\u0061\\u006e\\u0073\\u0066\\u006f\\u0072\\u006d'],
  ])('an AWS::Include in a resource, %s, is unverifiable-network in a template file and in a cloud assembly', async (_name, key) => {
    const text = include(key);
    expect(JSON.parse(text).Resources.SearchSg.Properties['Fn::Transform']).toBeDefined();
    write('t.json', text);
    expect(keyed(await run(['t.json']))).toEqual(['unverifiable-network SearchSg t.json']);
    write('Here.template.json', text);
    write('manifest.json', { version: '36.0.0', artifacts: { Here: { type: 'aws:cloudformation:stack', properties: { templateFile: 'Here.template.json' } } } });
    expect(keyed(await run(['manifest.json']))).toEqual(['unverifiable-network SearchSg Here.template.json']);
  });

  test('a template whose text names no Fn::Transform has none', async () => {
    write('t.json', searchTemplate('10.0.0.0/16'));
    expect(keyed(await run(['t.json']))).toEqual([]);
  });
});
