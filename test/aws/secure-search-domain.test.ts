import * as path from 'path';
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as opensearch from 'aws-cdk-lib/aws-opensearchservice';
import { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { SecureSearchDomain } from '../../src/aws';
import { runTool } from '../system-tool';

const ENV = { account: '123456789012', region: 'eu-west-1' };
const AZ_CONTEXT = { [`availability-zones:account=${ENV.account}:region=${ENV.region}`]: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'] };

function newStack(env = false): { app: App; stack: Stack; vpc: ec2.Vpc } {
  const app = new App({ context: AZ_CONTEXT });
  const stack = new Stack(app, 'Search', env ? { env: ENV } : {});
  return { app, stack, vpc: new ec2.Vpc(stack, 'Vpc', { maxAzs: 3, natGateways: 1 }) };
}

describe('SecureSearchDomain', () => {
  let assembly: CloudAssembly;
  let agnostic: Template;
  let withEnv: Template;

  beforeAll(() => {
    const app = new App({ context: AZ_CONTEXT });
    const a = new Stack(app, 'Agnostic');
    const vpcA = new ec2.Vpc(a, 'Vpc');
    const minimal = new SecureSearchDomain(a, 'Search', { vpc: vpcA });
    minimal.grantNetworkAccess(new ec2.SecurityGroup(a, 'Client', { vpc: vpcA }));
    const e = new Stack(app, 'WithEnv', { env: ENV });
    new SecureSearchDomain(e, 'Search', {
      vpc: new ec2.Vpc(e, 'Vpc', { maxAzs: 3 }),
      masterUserName: 'admin',
      encryptionKey: new kms.Key(e, 'Key'),
      version: opensearch.EngineVersion.ELASTICSEARCH_7_10,
    });
    assembly = app.synth();
    agnostic = Template.fromJSON(assembly.getStackByName('Agnostic').template);
    withEnv = Template.fromJSON(assembly.getStackByName('WithEnv').template);
  });

  test('the minimal domain has every protection on and OpenSearch 2.19 by default', () => {
    agnostic.hasResource('AWS::OpenSearchService::Domain', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        EngineVersion: 'OpenSearch_2.19',
        EncryptionAtRestOptions: { Enabled: true },
        NodeToNodeEncryptionOptions: { Enabled: true },
        DomainEndpointOptions: { EnforceHTTPS: true, TLSSecurityPolicy: 'Policy-Min-TLS-1-2-PFS-2023-10' },
        AdvancedSecurityOptions: Match.objectLike({ Enabled: true, InternalUserDatabaseEnabled: false, MasterUserOptions: { MasterUserARN: { 'Fn::GetAtt': [Match.stringLikeRegexp('SearchMasterUserRole'), 'Arn'] } } }),
        LogPublishingOptions: Match.objectLike({
          AUDIT_LOGS: Match.objectLike({ Enabled: true }),
          ES_APPLICATION_LOGS: Match.objectLike({ Enabled: true }),
          SEARCH_SLOW_LOGS: Match.objectLike({ Enabled: true }),
        }),
      }),
    });
    agnostic.resourcePropertiesCountIs('AWS::Logs::LogGroup', { RetentionInDays: 365 }, 4);
  });

  test('an env-agnostic stack spreads the domain over 2 zones and a stack with an environment over 3', () => {
    const zones = (t: Template) => Object.values(t.findResources('AWS::OpenSearchService::Domain'))[0].Properties.ClusterConfig;
    expect(zones(agnostic)).toMatchObject({ ZoneAwarenessEnabled: true, ZoneAwarenessConfig: { AvailabilityZoneCount: 2 }, InstanceCount: 2 });
    expect(zones(withEnv)).toMatchObject({ ZoneAwarenessEnabled: true, ZoneAwarenessConfig: { AvailabilityZoneCount: 3 }, InstanceCount: 3 });
  });

  test('the domain sits in private subnets behind its own group, which only admits what was granted', () => {
    const domain = Object.values(agnostic.findResources('AWS::OpenSearchService::Domain'))[0];
    const subnetRefs = domain.Properties.VPCOptions.SubnetIds.map((s: any) => s.Ref);
    expect(subnetRefs.every((id: string) => id.startsWith('VpcPrivateSubnet'))).toBe(true);
    const groups = agnostic.findResources('AWS::EC2::SecurityGroup', { Properties: { GroupDescription: Match.stringLikeRegexp('Agnostic/Search') } });
    expect(Object.values(groups)[0].Properties.SecurityGroupIngress).toBeUndefined();
    agnostic.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      FromPort: 443, ToPort: 443, IpProtocol: 'tcp', SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('Client'), 'GroupId'] },
    });
  });

  test('the access policy names the master role, never *', () => {
    const policies = JSON.stringify(agnostic.findResources('Custom::OpenSearchAccessPolicy'));
    expect(policies).toContain('SearchMasterUserRole');
    expect(policies).not.toContain('\\\\\\"AWS\\\\\\":\\\\\\"*\\\\\\"');
  });

  test('an internal user database gets a generated Secrets Manager secret, and a customer key encrypts at rest', () => {
    withEnv.resourceCountIs('AWS::SecretsManager::Secret', 1);
    withEnv.hasResourceProperties('AWS::OpenSearchService::Domain', {
      EngineVersion: 'Elasticsearch_7.10',
      AdvancedSecurityOptions: Match.objectLike({ InternalUserDatabaseEnabled: true, MasterUserOptions: Match.objectLike({ MasterUserName: 'admin' }) }),
      EncryptionAtRestOptions: { Enabled: true, KmsKeyId: Match.anyValue() },
    });
  });

  test('every synthesized template passes cfn-lint without errors', () => {
    for (const name of ['Agnostic', 'WithEnv']) {
      const file = path.join(assembly.directory, assembly.getStackByName(name).templateFile);
      // cfn-lint's exit status is a bit mask (2 error, 4 warning, 8 informational; cfn-lint README, "Exit Codes").
      const run = runTool('cfn-lint', ['--format', 'parseable', file]);
      const errors = run.stdout.split('\n').filter(line => /:E\d{4}:/.test(line) || /^E\d{4}/.test(line));
      expect(errors).toEqual([]);
      // 0 (clean) or warnings/informational only; 2 (errors) or any other status (a crash, a bad argument) fails.
      expect([0, 4, 8, 12]).toContain(run.status);
    }
  });

  test.each([
    ['Peer.anyIpv4() through grantNetworkAccess', (d: SecureSearchDomain) => d.grantNetworkAccess(ec2.Peer.anyIpv4()), '0.0.0.0/0'],
    ['Peer.anyIpv6() through connections', (d: SecureSearchDomain) => d.connections.allowFrom(ec2.Peer.anyIpv6(), ec2.Port.tcp(443)), '::/0'],
    ['a broad public CIDR through connections', (d: SecureSearchDomain) => d.connections.allowDefaultPortFrom(ec2.Peer.ipv4('52.0.0.0/8')), '52.0.0.0/8'],
  ])('%s is refused at once with the public-ingress message', (_name, grant, cidr) => {
    const { stack, vpc } = newStack();
    const domain = new SecureSearchDomain(stack, 'Search', { vpc });
    expect(() => grant(domain)).toThrow(`public-ingress: network access from ${cidr} to search domain Search/Search port 443 (HTTPS) is refused`);
  });

  test('a private CIDR, a small public allowlist and the VPC CIDR token are accepted at grant time', () => {
    const { stack, vpc } = newStack();
    const domain = new SecureSearchDomain(stack, 'Search', { vpc });
    domain.grantNetworkAccess(ec2.Peer.ipv4('10.0.0.0/8'));
    domain.grantNetworkAccess(ec2.Peer.ipv4('8.8.8.0/28'));
    domain.grantNetworkAccess(ec2.Peer.ipv4(vpc.vpcCidrBlock));
    expect(Template.fromStack(stack).findResources('AWS::EC2::SecurityGroup', { Properties: { SecurityGroupIngress: Match.arrayWith([Match.objectLike({ CidrIp: '10.0.0.0/8' })]) } })).not.toEqual({});
  });

  test.each([
    ['public subnets', (vpc: ec2.IVpc) => ({ vpc, vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC } }), 'cannot be placed in public subnets'],
    ['useUnsignedBasicAuth', (vpc: ec2.IVpc) => ({ vpc, useUnsignedBasicAuth: true }), 'does not accept useUnsignedBasicAuth'],
    ['anonymous auth', (vpc: ec2.IVpc) => ({ vpc, anonymousAuthEnabled: true }), 'does not accept anonymousAuthEnabled'],
    ['switching HTTPS off', (vpc: ec2.IVpc) => ({ vpc, enforceHttps: false }), 'does not accept enforceHttps'],
    ['Elasticsearch 7.9', (vpc: ec2.IVpc) => ({ vpc, version: opensearch.EngineVersion.ELASTICSEARCH_7_9 }), 'does not support Elasticsearch_7.9'],
    ['both master user kinds', (vpc: ec2.IVpc) => ({ vpc, masterUserName: 'admin', masterUserRole: iam.Role.fromRoleName(vpc.stack, 'R', 'r') }), 'either masterUserRole'],
    ['data nodes that do not divide into the zones', (vpc: ec2.IVpc) => ({ vpc, capacity: { dataNodes: 4 } }), 'multiple of its 3 zones'],
  ])('%s is refused with a clear error', (_name, props, message) => {
    const { stack, vpc } = newStack(true);
    expect(() => new SecureSearchDomain(stack, 'Search', props(vpc) as any)).toThrow(message);
  });

  test('a removal policy may be chosen, and the domain exposes its domain, group and connections', () => {
    const { stack, vpc } = newStack();
    const domain = new SecureSearchDomain(stack, 'Search', { vpc, removalPolicy: RemovalPolicy.SNAPSHOT });
    expect(domain.domain.domainArn).toBeDefined();
    expect(domain.connections.securityGroups).toEqual([domain.securityGroup]);
    Template.fromStack(stack).hasResource('AWS::OpenSearchService::Domain', { DeletionPolicy: 'Snapshot' });
  });
});
