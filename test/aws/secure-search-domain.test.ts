import * as path from 'path';
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as opensearch from 'aws-cdk-lib/aws-opensearchservice';
import { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { SecureSearchDomain, SecureSearchDomainProps } from '../../src/aws';
import { runTool } from '../system-tool';

const ENV = { account: '123456789012', region: 'eu-west-1' };
const AZ_CONTEXT = { [`availability-zones:account=${ENV.account}:region=${ENV.region}`]: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'] };

function newStack(env = false): { app: App; stack: Stack; vpc: ec2.Vpc } {
  const app = new App({ context: AZ_CONTEXT });
  const stack = new Stack(app, 'Search', env ? { env: ENV } : {});
  return { app, stack, vpc: new ec2.Vpc(stack, 'Vpc', { maxAzs: 3, natGateways: 1 }) };
}

/** A template with one domain built from `props` (3 zones unless `env` is false). */
function domainTemplate(props: Omit<SecureSearchDomainProps, 'vpc'>, env = true): Template {
  const { stack, vpc } = newStack(env);
  new SecureSearchDomain(stack, 'Search', { vpc, ...props });
  return Template.fromStack(stack);
}

const domainOf = (t: Template) => Object.values(t.findResources('AWS::OpenSearchService::Domain'))[0];

/** cfn-lint's errors (E....) for a template file; warnings are left out. */
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
    new SecureSearchDomain(a, 'Second', { vpc: vpcA, domainName: 'second', createServiceLinkedRole: true });
    const e = new Stack(app, 'WithEnv', { env: ENV });
    const vpcE = new ec2.Vpc(e, 'Vpc', { maxAzs: 3 });
    new SecureSearchDomain(e, 'Search', {
      vpc: vpcE,
      masterUserName: 'admin',
      encryptionKey: new kms.Key(e, 'Key'),
      version: opensearch.EngineVersion.ELASTICSEARCH_7_10,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    new SecureSearchDomain(e, 'Standby', {
      vpc: vpcE,
      version: opensearch.EngineVersion.OPENSEARCH_2_17,
      capacity: { multiAzWithStandbyEnabled: true, dataNodes: 3 },
      accessPrincipals: [new iam.ArnPrincipal('arn:aws:iam::123456789012:role/app')],
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
          INDEX_SLOW_LOGS: Match.objectLike({ Enabled: true }),
        }),
      }),
    });
    agnostic.resourcePropertiesCountIs('AWS::Logs::LogGroup', { RetentionInDays: 365 }, 8);
  });

  test('a change of engine version upgrades the domain in place (EnableVersionUpgrade)', () => {
    agnostic.hasResource('AWS::OpenSearchService::Domain', { UpdatePolicy: { EnableVersionUpgrade: true } });
    withEnv.hasResource('AWS::OpenSearchService::Domain', { UpdatePolicy: { EnableVersionUpgrade: true } });
  });

  test('by default the domain has 3 dedicated masters and one data node per zone: 2 zones env-agnostic, 3 with an environment', () => {
    const config = (t: Template) => domainOf(t).Properties.ClusterConfig;
    expect(config(agnostic)).toMatchObject({
      ZoneAwarenessEnabled: true,
      ZoneAwarenessConfig: { AvailabilityZoneCount: 2 },
      InstanceCount: 2,
      InstanceType: 'r6g.large.search',
      DedicatedMasterEnabled: true,
      DedicatedMasterCount: 3,
      DedicatedMasterType: 'm6g.large.search',
      MultiAZWithStandbyEnabled: false,
    });
    expect(config(withEnv)).toMatchObject({ ZoneAwarenessConfig: { AvailabilityZoneCount: 3 }, InstanceCount: 3, DedicatedMasterCount: 3 });
  });

  test('Multi-AZ with Standby is accepted with 3 zones and 3 masters', () => {
    withEnv.hasResourceProperties('AWS::OpenSearchService::Domain', {
      EngineVersion: 'OpenSearch_2.17',
      ClusterConfig: Match.objectLike({
        MultiAZWithStandbyEnabled: true, ZoneAwarenessConfig: { AvailabilityZoneCount: 3 }, DedicatedMasterCount: 3, InstanceCount: 3,
      }),
    });
  });

  test('the domain sits in private subnets behind its own group, which only admits what was granted', () => {
    const subnetRefs = domainOf(agnostic).Properties.VPCOptions.SubnetIds.map((s: any) => s.Ref);
    expect(subnetRefs.every((id: string) => id.startsWith('VpcPrivateSubnet'))).toBe(true);
    const groups = agnostic.findResources('AWS::EC2::SecurityGroup', { Properties: { GroupDescription: Match.stringLikeRegexp('Agnostic/Search ') } });
    expect(Object.values(groups)[0].Properties.SecurityGroupIngress).toBeUndefined();
    agnostic.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      FromPort: 443, ToPort: 443, IpProtocol: 'tcp', SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('Client'), 'GroupId'] },
    });
  });

  test('the access policy is written on the domain itself: no Lambda custom resource, no Lambda at all', () => {
    for (const t of [agnostic, withEnv]) {
      t.resourceCountIs('Custom::OpenSearchAccessPolicy', 0);
      t.resourceCountIs('Custom::CloudwatchLogResourcePolicy', 0);
      t.resourceCountIs('AWS::Lambda::Function', 0);
    }
    expect(domainOf(agnostic).Properties.AccessPolicies).toEqual({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'es:ESHttp*', Resource: '*', Principal: { AWS: { 'Fn::GetAtt': [expect.stringMatching(/^SearchMasterUserRole/), 'Arn'] } } }],
    });
  });

  test('in IAM mode the master role is always in the access policy, next to accessPrincipals', () => {
    const standby = Object.values(withEnv.findResources('AWS::OpenSearchService::Domain')).find(d => d.Properties.EngineVersion === 'OpenSearch_2.17')!;
    expect(standby.Properties.AccessPolicies.Statement[0].Principal.AWS).toEqual([
      { 'Fn::GetAtt': [expect.stringMatching(/^StandbyMasterUserRole/), 'Arn'] },
      'arn:aws:iam::123456789012:role/app',
    ]);
  });

  test('with the internal user database the policy admits any principal and fine-grained access control authenticates', () => {
    withEnv.hasResourceProperties('AWS::OpenSearchService::Domain', {
      EngineVersion: 'Elasticsearch_7.10',
      AccessPolicies: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'es:ESHttp*', Resource: '*', Principal: { AWS: '*' } }] },
      AdvancedSecurityOptions: Match.objectLike({ InternalUserDatabaseEnabled: true, MasterUserOptions: Match.objectLike({ MasterUserName: 'admin' }) }),
      EncryptionAtRestOptions: { Enabled: true, KmsKeyId: Match.anyValue() },
    });
    withEnv.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: Match.objectLike({ GenerateStringKey: 'password', RequireEachIncludedType: true, SecretStringTemplate: '{"username":"admin"}' }),
    });
  });

  test('accessPrincipals with the internal user database is refused: nobody could get in', () => {
    const { stack, vpc } = newStack(true);
    expect(() => new SecureSearchDomain(stack, 'Search', { vpc, masterUserName: 'admin', accessPrincipals: [new iam.AccountRootPrincipal()] }))
      .toThrow(/accessPrincipals cannot be combined with masterUserName: an access policy naming IAM principals forces signed requests/);
  });

  test('the secret, the master role, the security group and the log groups keep the removal policy of the domain', () => {
    const policies = (t: Template, type: string) => Object.values(t.findResources(type)).map(r => [r.DeletionPolicy, r.UpdateReplacePolicy]);
    // Agnostic: RETAIN (the default). WithEnv: DESTROY for the internal-user domain, RETAIN for the standby one.
    for (const type of ['AWS::OpenSearchService::Domain', 'AWS::IAM::Role', 'AWS::Logs::LogGroup']) {
      expect(new Set(policies(agnostic, type).map(p => p.join()))).toEqual(new Set(['Retain,Retain']));
    }
    const groups = agnostic.findResources('AWS::EC2::SecurityGroup', { Properties: { GroupDescription: Match.stringLikeRegexp('search domain') } });
    expect(Object.values(groups).map(g => g.DeletionPolicy)).toEqual(['Retain', 'Retain']);
    expect(policies(withEnv, 'AWS::SecretsManager::Secret')).toEqual([['Delete', 'Delete']]);
    const destroyed = withEnv.findResources('AWS::EC2::SecurityGroup', { Properties: { GroupDescription: Match.stringLikeRegexp('WithEnv/Search ') } });
    expect(Object.values(destroyed).map(g => g.DeletionPolicy)).toEqual(['Delete']);
  });

  test('RemovalPolicy.SNAPSHOT is refused: CloudFormation would delete the domain without a snapshot', () => {
    const { stack, vpc } = newStack();
    expect(() => new SecureSearchDomain(stack, 'Search', { vpc, removalPolicy: RemovalPolicy.SNAPSHOT }))
      .toThrow(/RemovalPolicy.SNAPSHOT is refused: CloudFormation takes no snapshot of an OpenSearch domain/);
  });

  test('one CloudWatch Logs resource policy serves every domain of a stack, with SourceAccount and SourceArn conditions', () => {
    agnostic.resourceCountIs('AWS::Logs::ResourcePolicy', 1);
    const [policy] = Object.entries(agnostic.findResources('AWS::Logs::ResourcePolicy'));
    const text = JSON.stringify(policy[1].Properties.PolicyDocument);
    expect(text).toContain('\\"aws:SourceAccount\\":\\"');
    expect(text).toContain(':domain/*\\"'); // the generated-name domain
    expect(text).toContain(':domain/second\\"'); // the named one
    expect(text.match(/\\"Service\\":\\"es.amazonaws.com\\"/g)).toHaveLength(2);
    for (const domain of Object.values(agnostic.findResources('AWS::OpenSearchService::Domain'))) {
      expect(domain.DependsOn).toContain(policy[0]);
    }
  });

  test('a partial ebs prop keeps the gp3 default, and a field given as undefined keeps its default', () => {
    const gp3 = { EBSEnabled: true, VolumeSize: 100, VolumeType: 'gp3' };
    expect(domainOf(domainTemplate({ ebs: { volumeSize: 100 } })).Properties.EBSOptions).toEqual(gp3);
    expect(domainOf(domainTemplate({ ebs: { volumeSize: 100, volumeType: undefined } })).Properties.EBSOptions).toEqual(gp3);
    expect(domainOf(domainTemplate({ capacity: { masterNodes: undefined, dataNodes: 6 } })).Properties.ClusterConfig)
      .toMatchObject({ DedicatedMasterCount: 3, InstanceCount: 6 });
  });

  test('outputs tell how to get in: the endpoint and the master role, or the secret', () => {
    const outputs = (t: Template, prefix: string) => Object.entries(t.findOutputs('*')).filter(([id]) => id.startsWith(prefix)).map(([, o]) => o.Value);
    expect(outputs(agnostic, 'SearchEndpoint')).toEqual([{ 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [expect.stringMatching(/^SearchDomain/), 'DomainEndpoint'] }]] }]);
    expect(outputs(agnostic, 'SearchMasterUserRoleArn')).toEqual([{ 'Fn::GetAtt': [expect.stringMatching(/^SearchMasterUserRole/), 'Arn'] }]);
    expect(outputs(withEnv, 'SearchMasterUserSecretArn')).toEqual([{ Ref: expect.stringMatching(/^SearchMasterUserSecret/) }]);
    expect(outputs(withEnv, 'SearchMasterUserRoleArn')).toEqual([]);
  });

  test('the service-linked role for VPC access is created only when asked, before the domain', () => {
    agnostic.resourceCountIs('AWS::IAM::ServiceLinkedRole', 1);
    withEnv.resourceCountIs('AWS::IAM::ServiceLinkedRole', 0);
    const [roleId] = Object.keys(agnostic.findResources('AWS::IAM::ServiceLinkedRole', { Properties: { AWSServiceName: 'opensearchservice.amazonaws.com' } }));
    const second = Object.values(agnostic.findResources('AWS::OpenSearchService::Domain', { Properties: { DomainName: 'second' } }))[0];
    expect(second.DependsOn).toContain(roleId);
  });

  test('the construct warns that audit and slow logs need a step inside the engine', () => {
    const { stack, vpc } = newStack();
    new SecureSearchDomain(stack, 'Search', { vpc });
    Annotations.fromStack(stack).hasWarning('/Search/Search', Match.stringLikeRegexp('enable audit logging .*_plugins/_security/api/audit/config.*slow log thresholds'));
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
  ])('%s is refused with a clear error', (_name, props, message) => {
    const { stack, vpc } = newStack(true);
    expect(() => new SecureSearchDomain(stack, 'Search', props(vpc) as any)).toThrow(message);
  });

  // What the OpenSearch Service API refuses (src/aws/domain/capacity.ts cites the documents).
  test.each([
    ['1 dedicated master', { masterNodes: 1 }, '1 dedicated master nodes are refused by OpenSearch Service (3 or 5, or none)'],
    ['2 dedicated masters', { masterNodes: 2 }, '2 dedicated master nodes are refused'],
    ['4 dedicated masters', { masterNodes: 4 }, '4 dedicated master nodes are refused'],
    ['6 dedicated masters', { masterNodes: 6 }, '6 dedicated master nodes are refused'],
    ['fewer data nodes than zones', { dataNodes: 2 }, '2 data nodes cannot fill its 3 zones. Set capacity.dataNodes to at least 3'],
    ['data nodes that do not divide into the zones', { dataNodes: 4 }, 'multiple of its 3 zones, got 4'],
    ['standby without dedicated masters', { multiAzWithStandbyEnabled: true, masterNodes: 0 }, 'Multi-AZ with Standby needs 3 zones and 3 dedicated master nodes, got 3 zones and 0 masters'],
    ['standby with 5 masters', { multiAzWithStandbyEnabled: true, masterNodes: 5 }, 'got 3 zones and 5 masters'],
  ])('capacity with %s is refused at construction', (_name, capacity, message) => {
    const { stack, vpc } = newStack(true);
    expect(() => new SecureSearchDomain(stack, 'Search', { vpc, capacity })).toThrow(message);
  });

  test('standby in a VPC with 2 zones is refused at construction', () => {
    const { stack, vpc } = newStack(false);
    expect(() => new SecureSearchDomain(stack, 'Search', { vpc, capacity: { multiAzWithStandbyEnabled: true } }))
      .toThrow('Multi-AZ with Standby needs 3 zones and 3 dedicated master nodes, got 2 zones and 3 masters');
  });

  test.each([
    ['no dedicated masters', { masterNodes: 0 }, { DedicatedMasterEnabled: false }],
    ['5 dedicated masters', { masterNodes: 5 }, { DedicatedMasterEnabled: true, DedicatedMasterCount: 5 }],
    ['6 data nodes over 3 zones', { dataNodes: 6 }, { InstanceCount: 6, DedicatedMasterCount: 3 }],
  ])('capacity with %s is accepted', (_name, capacity, expected) => {
    expect(domainOf(domainTemplate({ capacity })).Properties.ClusterConfig).toMatchObject(expected);
  });

  test('the domain exposes its domain, group, connections and master user', () => {
    const { stack, vpc } = newStack();
    const domain = new SecureSearchDomain(stack, 'Search', { vpc });
    expect(domain.domain.domainArn).toBeDefined();
    expect(domain.connections.securityGroups).toEqual([domain.securityGroup]);
    expect(domain.masterUserRole).toBeDefined();
    expect(domain.masterUserSecret).toBeUndefined();
  });
});
