/**
 * The CloudFormation translator on templates that aws-cdk-lib really writes (issue 13, translator
 * side): each app is synthesized to a cloud assembly, every template in it (nested stacks included)
 * is translated in one call, and the one engine evaluates the model.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Aws, CfnParameter, Fn, NestedStack, Stack } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as identitypool from 'aws-cdk-lib/aws-cognito-identitypool';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elasticsearch from 'aws-cdk-lib/aws-elasticsearch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as opensearch from 'aws-cdk-lib/aws-opensearchservice';
import { SearchGuardrails, SecureSearchDomain } from '../../../src/aws';
import { evaluate } from '../../../src/core/engine';
import { Cluster, InfrastructureModel } from '../../../src/core/model/model';
import { cloudFormationToModel, CloudFormationTemplateInput } from '../../../src/formats/cloudformation';

// The deprecated aws-elasticsearch module prints a warning per use: keep the test output readable.
process.env.JSII_DEPRECATED = 'quiet';

const outdirs: string[] = [];
afterAll(() => outdirs.forEach(dir => fs.rmSync(dir, { recursive: true, force: true })));

function newApp(): App {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cfn-issue13-'));
  outdirs.push(outdir);
  return new App({ outdir });
}

/** Every template of the synthesized assembly, as the scan and the validation plugin read them. */
function assemblyInputs(app: App): CloudFormationTemplateInput[] {
  const assembly = app.synth();
  const inputs: CloudFormationTemplateInput[] = assembly.stacks.map(stack => ({
    file: path.basename(stack.templateFullPath), stackName: stack.stackName, template: stack.template,
  }));
  for (const name of fs.readdirSync(assembly.directory).filter(n => n.endsWith('.nested.template.json')).sort()) {
    inputs.push({ file: name, template: JSON.parse(fs.readFileSync(path.join(assembly.directory, name), 'utf-8')) });
  }
  return inputs;
}

function translate(app: App): InfrastructureModel {
  return cloudFormationToModel(assemblyInputs(app));
}

/** `<rule> <resource>` of every unacknowledged finding. */
function findings(model: InfrastructureModel): string[] {
  return evaluate(model).findings.filter(f => !f.acknowledged).map(f => `${f.ruleId} ${f.resource}`).sort();
}

function onlyCluster(model: InfrastructureModel): Cluster {
  expect(model.clusters).toHaveLength(1);
  return model.clusters[0];
}

const everyone = () => new iam.PolicyStatement({ principals: [new iam.AnyPrincipal()], actions: ['es:ESHttp*'], resources: ['*'] });
const readers = (...principals: iam.IPrincipal[]) => new iam.PolicyStatement({ principals, actions: ['es:ESHttpGet'], resources: ['*'] });

describe('the legacy aws-elasticsearch L2 Domain', () => {
  test('an access policy admitting anyone, applied through Custom::ElasticsearchAccessPolicy, is read and gives anonymous-access', () => {
    const app = newApp();
    const stack = new Stack(app, 'Legacy');
    new elasticsearch.Domain(stack, 'Search', { version: elasticsearch.ElasticsearchVersion.V7_10, accessPolicies: [everyone()] });
    const inputs = assemblyInputs(app);
    const types = Object.values<any>(inputs[0].template.Resources).map(r => r.Type);
    expect(types).toContain('Custom::ElasticsearchAccessPolicy');

    const model = cloudFormationToModel(inputs);
    expect(onlyCluster(model).facts.accessPolicyAllowsAnyone).toEqual({ known: true, value: true });
    expect(findings(model).filter(f => f.startsWith('anonymous-access'))).toEqual([expect.stringMatching(/^anonymous-access Search/)]);
  });

  test('an access policy naming the account root is not anonymous', () => {
    const app = newApp();
    const stack = new Stack(app, 'Legacy');
    new elasticsearch.Domain(stack, 'Search', { version: elasticsearch.ElasticsearchVersion.V7_10, accessPolicies: [readers(new iam.AccountRootPrincipal())] });
    const model = translate(app);
    expect(onlyCluster(model).facts.accessPolicyAllowsAnyone).toEqual({ known: true, value: false });
    expect(findings(model).filter(f => f.startsWith('anonymous-access'))).toEqual([]);
  });
});

describe('VPCOptions without subnets', () => {
  test.each([
    ['no SubnetIds', { securityGroupIds: ['sg-12345678'] }],
    ['an empty SubnetIds', { subnetIds: [], securityGroupIds: ['sg-12345678'] }],
    ['only an empty object', {}],
  ])('a domain whose VPCOptions has %s is not in a VPC and is public-endpoint', (_name, vpcOptions) => {
    const app = newApp();
    const stack = new Stack(app, 'Search');
    new opensearch.CfnDomain(stack, 'Domain', { engineVersion: 'OpenSearch_2.19', vpcOptions });
    const model = translate(app);
    const cluster = onlyCluster(model);
    expect(cluster.facts.inVpc).toEqual({ known: true, value: false });
    expect(cluster.attachedFirewalls).toEqual([]);
    expect(findings(model)).toContain('public-endpoint Domain');
  });

  test('a domain with one subnet is in a VPC and is not public-endpoint', () => {
    const app = newApp();
    const stack = new Stack(app, 'Search');
    new opensearch.CfnDomain(stack, 'Domain', { engineVersion: 'OpenSearch_2.19', vpcOptions: { subnetIds: ['subnet-12345678'], securityGroupIds: ['sg-12345678'] } });
    const model = translate(app);
    expect(onlyCluster(model).facts.inVpc).toEqual({ known: true, value: true });
    expect(findings(model)).not.toContain('public-endpoint Domain');
  });
});

describe('a standalone ingress naming its group', () => {
  test.each([
    ['Fn::GetAtt [Sg, Id] (the L1 attrId)', (sg: ec2.CfnSecurityGroup) => sg.attrId],
    ['Fn::GetAtt [Sg, GroupId]', (sg: ec2.CfnSecurityGroup) => sg.attrGroupId],
    ["Fn::Sub '${Sg.GroupId}'", () => Fn.sub('${Sg.GroupId}')],
    ["Fn::Sub '${Sg}'", () => Fn.sub('${Sg}')],
  ])('by %s is attached to the group, so the domain behind it is public-ingress on 443', (_name, groupId) => {
    const app = newApp();
    const stack = new Stack(app, 'Search');
    const sg = new ec2.CfnSecurityGroup(stack, 'Sg', { groupDescription: 'search', vpcId: 'vpc-12345678' });
    new ec2.CfnSecurityGroupIngress(stack, 'Open', { groupId: groupId(sg), ipProtocol: 'tcp', fromPort: 443, toPort: 443, cidrIp: '0.0.0.0/0' });
    new opensearch.CfnDomain(stack, 'Domain', {
      engineVersion: 'OpenSearch_2.19',
      vpcOptions: { subnetIds: ['subnet-12345678'], securityGroupIds: [sg.attrGroupId] },
    });
    const model = translate(app);
    const group = model.firewalls.find(f => f.location.resource === 'Sg')!;
    expect(group.rules.map(r => r.origin.resource)).toEqual(['Open']);
    expect(model.firewalls.map(f => f.location.resource)).toEqual(['Sg']);
    expect(findings(model)).toContain('public-ingress Open');
    expect(findings(model).filter(f => f.startsWith('unverifiable-network'))).toEqual([]);
  });
});

describe('access policies', () => {
  test('Allow with NotPrincipal while fine-grained access control is off is anonymous-access', () => {
    const app = newApp();
    const stack = new Stack(app, 'Search');
    const statement = new iam.PolicyStatement({ notPrincipals: [new iam.ArnPrincipal('arn:aws:iam::123456789012:role/blocked')], actions: ['es:*'], resources: ['*'] });
    new opensearch.Domain(stack, 'Domain', { version: opensearch.EngineVersion.OPENSEARCH_2_11, accessPolicies: [statement] });
    const model = translate(app);
    expect(onlyCluster(model).facts.accessPolicyAllowsAnyone).toEqual({ known: true, value: true });
    expect(findings(model)).toContainEqual(expect.stringMatching(/^anonymous-access Domain[0-9A-F]{8}$/));
  });

  test('the same NotPrincipal statement with fine-grained access control on is not anonymous-access', () => {
    const app = newApp();
    const stack = new Stack(app, 'Search');
    const statement = new iam.PolicyStatement({ notPrincipals: [new iam.ArnPrincipal('arn:aws:iam::123456789012:role/blocked')], actions: ['es:*'], resources: ['*'] });
    new opensearch.CfnDomain(stack, 'Domain', {
      engineVersion: 'OpenSearch_2.19',
      vpcOptions: { subnetIds: ['subnet-12345678'], securityGroupIds: ['sg-12345678'] },
      accessPolicies: new iam.PolicyDocument({ statements: [statement] }).toJSON(),
      advancedSecurityOptions: { enabled: true, internalUserDatabaseEnabled: false, masterUserOptions: { masterUserArn: 'arn:aws:iam::123456789012:role/admin' } },
    });
    const model = translate(app);
    expect(onlyCluster(model).facts.accessPolicyAllowsAnyone).toEqual({ known: true, value: true });
    expect(findings(model).filter(f => f.startsWith('anonymous-access'))).toEqual([]);
  });

  /** An identity pool that lets guests in, with its guest role the way aws-cdk-lib writes one. */
  function guestRole(stack: Stack, trustAmr: boolean): iam.Role {
    const pool = new cognito.CfnIdentityPool(stack, 'Pool', { allowUnauthenticatedIdentities: true });
    const role = new iam.Role(stack, 'Guest', {
      assumedBy: new iam.FederatedPrincipal('cognito-identity.amazonaws.com', {
        StringEquals: { 'cognito-identity.amazonaws.com:aud': pool.ref },
        ...(trustAmr ? { 'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': 'unauthenticated' } } : {}),
      }, 'sts:AssumeRoleWithWebIdentity'),
    });
    return role;
  }

  test("an access policy granting a Cognito identity pool's unauthenticated role (trusting amr unauthenticated) is anonymous-access", () => {
    const app = newApp();
    const stack = new Stack(app, 'Search');
    const role = guestRole(stack, true);
    new opensearch.Domain(stack, 'Domain', { version: opensearch.EngineVersion.OPENSEARCH_2_11, accessPolicies: [readers(new iam.ArnPrincipal(role.roleArn))] });
    const model = translate(app);
    expect(onlyCluster(model).facts.accessPolicyAllowsAnyone).toEqual({ known: true, value: true });
    expect(findings(model)).toContainEqual(expect.stringMatching(/^anonymous-access Domain[0-9A-F]{8}$/));
  });

  test('the role an IdentityPoolRoleAttachment makes the unauthenticated role is anonymous-access, its authenticated role is not', () => {
    const app = newApp();
    const stack = new Stack(app, 'Search');
    const guest = guestRole(stack, false);
    const member = new iam.Role(stack, 'Member', { assumedBy: new iam.AccountRootPrincipal() });
    new cognito.CfnIdentityPoolRoleAttachment(stack, 'Roles', {
      identityPoolId: (stack.node.findChild('Pool') as cognito.CfnIdentityPool).ref,
      roles: { unauthenticated: guest.roleArn, authenticated: member.roleArn },
    });
    new opensearch.Domain(stack, 'Guests', { version: opensearch.EngineVersion.OPENSEARCH_2_11, accessPolicies: [readers(guest)] });
    new opensearch.Domain(stack, 'Members', { version: opensearch.EngineVersion.OPENSEARCH_2_11, accessPolicies: [readers(member)] });
    const model = translate(app);
    const byName = (id: string) => model.clusters.find(c => c.location.resource.startsWith(id))!;
    expect(byName('Guests').facts.accessPolicyAllowsAnyone).toEqual({ known: true, value: true });
    expect(byName('Members').facts.accessPolicyAllowsAnyone).toEqual({ known: true, value: false });
  });

  test.each([
    ['unauthenticated role of a pool that allows guests', true, { allowGuests: true, unauthenticated: true }],
    ['authenticated role of a pool that allows guests', false, { allowGuests: true, unauthenticated: false }],
    ['unauthenticated role of a pool that refuses guests', false, { allowGuests: false, unauthenticated: true }],
  ])('the aws-cognito-identitypool IdentityPool: granting the %s admits anyone: %s', (_name, expected, { allowGuests, unauthenticated }) => {
    const app = newApp();
    const stack = new Stack(app, 'Search');
    const pool = new identitypool.IdentityPool(stack, 'Pool', { allowUnauthenticatedIdentities: allowGuests });
    const role = unauthenticated ? pool.unauthenticatedRole : pool.authenticatedRole;
    new opensearch.Domain(stack, 'Domain', { version: opensearch.EngineVersion.OPENSEARCH_2_11, accessPolicies: [readers(role)] });
    const model = translate(app);
    expect(onlyCluster(model).facts.accessPolicyAllowsAnyone).toEqual({ known: true, value: expected });
  });

  test('principals built with ${AWS::Partition} / ${AWS::AccountId} / Fn::Join are specific principals, not anonymous', () => {
    const app = newApp();
    const stack = new Stack(app, 'Search');
    const ownRole = new iam.Role(stack, 'Reader', { assumedBy: new iam.AccountRootPrincipal() });
    new opensearch.Domain(stack, 'Domain', {
      version: opensearch.EngineVersion.OPENSEARCH_2_11,
      accessPolicies: [readers(
        new iam.AccountRootPrincipal(),
        new iam.AccountPrincipal('123456789012'),
        new iam.ArnPrincipal(`arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:role/search-reader`),
        new iam.ArnPrincipal(Fn.join('', ['arn:', Aws.PARTITION, ':iam::', Aws.ACCOUNT_ID, ':user/ops'])),
        iam.Role.fromRoleName(stack, 'Named', 'search-writer'),
        iam.Role.fromRoleName(stack, 'NamedByToken', ownRole.roleName),
        ownRole,
      )],
    });
    const model = translate(app);
    expect(model.clusters.map(c => c.facts.accessPolicyAllowsAnyone)).toEqual([{ known: true, value: false }]);
    expect(findings(model).filter(f => f.startsWith('anonymous-access'))).toEqual([]);
  });

  test('a principal built from a parameter stays unknown, and an ARN with a wildcard account is anyone', () => {
    const app = newApp();
    const stack = new Stack(app, 'Search');
    const account = new CfnParameter(stack, 'ReaderAccount');
    new opensearch.Domain(stack, 'FromParameter', { version: opensearch.EngineVersion.OPENSEARCH_2_11, accessPolicies: [readers(new iam.AccountPrincipal(account.valueAsString))] });
    new opensearch.Domain(stack, 'Wildcard', { version: opensearch.EngineVersion.OPENSEARCH_2_11, accessPolicies: [readers(new iam.ArnPrincipal(`arn:${Aws.PARTITION}:iam::*:root`))] });
    const model = translate(app);
    const byName = (id: string) => model.clusters.find(c => c.location.resource.startsWith(id))!;
    expect(byName('FromParameter').facts.accessPolicyAllowsAnyone).toMatchObject({ known: false, reason: expect.stringContaining('ReaderAccount') });
    expect(byName('Wildcard').facts.accessPolicyAllowsAnyone).toEqual({ known: true, value: true });
  });
});

describe('nested stacks', () => {
  test("a plain domain inside a NestedStack granted the parent's VPC CIDR resolves the parameter from the parent and is not exposed", () => {
    const app = newApp();
    const parent = new Stack(app, 'Parent');
    const vpc = new ec2.Vpc(parent, 'Vpc', { ipAddresses: ec2.IpAddresses.cidr('10.20.0.0/16'), maxAzs: 2, natGateways: 0 });
    const nested = new NestedStack(parent, 'Search');
    const sg = new ec2.SecurityGroup(nested, 'Sg', { vpc, allowAllOutbound: false });
    sg.addIngressRule(ec2.Peer.ipv4(vpc.vpcCidrBlock), ec2.Port.tcp(443));
    new opensearch.CfnDomain(nested, 'Domain', {
      engineVersion: 'OpenSearch_2.19',
      vpcOptions: { subnetIds: [vpc.isolatedSubnets[0].subnetId], securityGroupIds: [sg.securityGroupId] },
    });
    const model = translate(app);
    const group = model.firewalls.find(f => f.location.resource.startsWith('Sg'))!;
    // The parent's VPC CIDR, resolved: the address space of a network of the input.
    expect(group.rules.flatMap(r => r.sources.map(s => (s.kind === 'addresses' || s.kind === 'network' ? `${s.kind} ${s.addresses?.toCidrs().join(',')}` : s.kind)))).toEqual(['network 10.20.0.0/16']);
    expect(onlyCluster(model).attachedFirewalls).toEqual([{ known: true, value: group.location.resource }]);
    expect(findings(model).filter(f => /^(public-ingress|public-endpoint|unverifiable-network)/.test(f))).toEqual([]);
  });

  test("a SecureSearchDomain inside a NestedStack granted the parent's VPC CIDR has no network finding", () => {
    const app = newApp();
    const parent = new Stack(app, 'Parent');
    const vpc = new ec2.Vpc(parent, 'Vpc', { ipAddresses: ec2.IpAddresses.cidr('10.30.0.0/16'), maxAzs: 2, natGateways: 0 });
    const nested = new NestedStack(parent, 'Search');
    const domain = new SecureSearchDomain(nested, 'Domain', { vpc });
    domain.grantNetworkAccess(ec2.Peer.ipv4(vpc.vpcCidrBlock));
    const model = translate(app);
    const cluster = onlyCluster(model);
    expect(cluster.facts.inVpc).toEqual({ known: true, value: true });
    expect(cluster.attachedFirewalls?.every(a => a.known)).toBe(true);
    expect(model.firewalls.flatMap(f => f.rules.flatMap(r => r.sources.map(src => (src.kind === 'addresses' || src.kind === 'network' ? `${src.kind} ${src.addresses?.toCidrs().join(',')}` : src.kind))))).toEqual(['network 10.30.0.0/16']);
    expect(findings(model)).toEqual([]);
  });

  test("a group in a NestedStack inside a NestedStack granted the top stack's VPC CIDR resolves through both parents", () => {
    const app = newApp();
    const parent = new Stack(app, 'Parent');
    const vpc = new ec2.Vpc(parent, 'Vpc', { ipAddresses: ec2.IpAddresses.cidr('10.50.0.0/16'), maxAzs: 2, natGateways: 0 });
    const inner = new NestedStack(new NestedStack(parent, 'Middle'), 'Inner');
    new ec2.SecurityGroup(inner, 'Sg', { vpc }).addIngressRule(ec2.Peer.ipv4(vpc.vpcCidrBlock), ec2.Port.tcp(9200));
    const model = translate(app);
    const group = model.firewalls.find(f => f.location.resource.startsWith('Sg'))!;
    expect(group.rules.flatMap(r => r.sources.map(src => (src.kind === 'network' ? `network ${src.addresses?.toCidrs().join(',')}` : src.kind)))).toEqual(['network 10.50.0.0/16']);
    expect(findings(model)).toEqual([]);
  });

  test('the same nested domain granted 0.0.0.0/0 through a parent parameter is public-ingress', () => {
    const app = newApp();
    const parent = new Stack(app, 'Parent');
    const nested = new NestedStack(parent, 'Search', { parameters: { Office: '0.0.0.0/0' } });
    const office = new CfnParameter(nested, 'Office');
    const sg = new ec2.CfnSecurityGroup(nested, 'Sg', {
      groupDescription: 'search',
      vpcId: 'vpc-12345678',
      securityGroupIngress: [{ ipProtocol: 'tcp', fromPort: 443, toPort: 443, cidrIp: office.valueAsString }],
    });
    new opensearch.CfnDomain(nested, 'Domain', { engineVersion: 'OpenSearch_2.19', vpcOptions: { subnetIds: ['subnet-12345678'], securityGroupIds: [sg.attrGroupId] } });
    const model = translate(app);
    expect(findings(model)).toContain('public-ingress Sg');
    expect(findings(model).filter(f => f.startsWith('unverifiable-network'))).toEqual([]);
  });

  test('a nested template read without its parent keeps the parameter unknown', () => {
    const app = newApp();
    const parent = new Stack(app, 'Parent');
    const vpc = new ec2.Vpc(parent, 'Vpc', { maxAzs: 2, natGateways: 0 });
    const nested = new NestedStack(parent, 'Search');
    new ec2.SecurityGroup(nested, 'Sg', { vpc }).addIngressRule(ec2.Peer.ipv4(vpc.vpcCidrBlock), ec2.Port.tcp(9200));
    const inputs = assemblyInputs(app).filter(i => i.file!.endsWith('.nested.template.json'));
    const model = cloudFormationToModel(inputs);
    expect(findings(model)).toContain(`unverifiable-network ${model.firewalls[0].location.resource}`);
  });
});

describe('one unreadable value on one rule', () => {
  test('an unknown IpProtocol name makes that rule unknown, and the open rule beside it is still reported', () => {
    const app = newApp();
    const stack = new Stack(app, 'Search');
    new ec2.CfnSecurityGroup(stack, 'Odd', { groupDescription: 'x', vpcId: 'vpc-12345678', securityGroupIngress: [{ ipProtocol: 'sctp-ish', cidrIp: '0.0.0.0/0' }] });
    new ec2.CfnSecurityGroup(stack, 'Open', { groupDescription: 'x', vpcId: 'vpc-12345678', securityGroupIngress: [{ ipProtocol: 'tcp', fromPort: 9200, toPort: 9200, cidrIp: '0.0.0.0/0' }] });
    const model = translate(app);
    const [rule] = model.firewalls.find(f => f.location.resource === 'Odd')!.rules;
    expect(rule.protocol).toEqual({ known: false, reason: 'IpProtocol "sctp-ish" is not a protocol name or number the guard knows' });
    expect(findings(model)).toEqual(expect.arrayContaining(['unverifiable-network Odd', 'public-ingress Open']));
  });

  test('a CIDR text the engine cannot parse makes that source unknown, and 0/0 is read as 0.0.0.0/0 (public)', () => {
    const app = newApp();
    const stack = new Stack(app, 'Search');
    new ec2.CfnSecurityGroup(stack, 'Garbled', { groupDescription: 'x', vpcId: 'vpc-12345678', securityGroupIngress: [{ ipProtocol: 'tcp', fromPort: 9200, toPort: 9200, cidrIp: 'ten.0.0.0/8' }] });
    new ec2.CfnSecurityGroup(stack, 'Short', { groupDescription: 'x', vpcId: 'vpc-12345678', securityGroupIngress: [{ ipProtocol: 'tcp', fromPort: 9200, toPort: 9200, cidrIp: '0/0' }] });
    new ec2.CfnSecurityGroup(stack, 'ShortPrivate', { groupDescription: 'x', vpcId: 'vpc-12345678', securityGroupIngress: [{ ipProtocol: 'tcp', fromPort: 9200, toPort: 9200, cidrIp: '10/8' }] });
    const model = translate(app);
    const source = (id: string) => model.firewalls.find(f => f.location.resource === id)!.rules[0].sources[0];
    expect(source('Garbled')).toEqual({ kind: 'unknown', text: 'CidrIp ten.0.0.0/8', reason: 'CidrIp "ten.0.0.0/8" is not a CIDR the guard can read' });
    expect(source('Short')).toMatchObject({ kind: 'addresses', text: '0/0 (read as 0.0.0.0/0)' });
    expect(source('ShortPrivate')).toMatchObject({ kind: 'unknown' });
    expect(findings(model)).toEqual(expect.arrayContaining(['unverifiable-network Garbled', 'public-ingress Short', 'unverifiable-network ShortPrivate']));
  });

  test('an unparseable prefix list entry makes only that prefix list source unknown', () => {
    const app = newApp();
    const stack = new Stack(app, 'Search');
    const list = new ec2.CfnPrefixList(stack, 'Office', { addressFamily: 'IPv4', maxEntries: 2, prefixListName: 'office', entries: [{ cidr: '203.0.113.0/24' }, { cidr: '198.51.100.0/33' }] });
    new ec2.CfnSecurityGroup(stack, 'Sg', { groupDescription: 'x', vpcId: 'vpc-12345678', securityGroupIngress: [{ ipProtocol: 'tcp', fromPort: 9200, toPort: 9200, sourcePrefixListId: list.ref }] });
    const model = translate(app);
    const kinds = model.firewalls[0].rules[0].sources.map(s => s.kind).sort();
    expect(kinds).toEqual(['addresses', 'unknown']);
    expect(() => evaluate(model)).not.toThrow();
  });
});

describe('under SearchGuardrails.enforce', () => {
  function synthError(app: App): string | undefined {
    try {
      app.synth();
      return undefined;
    } catch (e: any) {
      return String(e.message);
    }
  }

  test("a SecureSearchDomain inside a NestedStack granted the parent's VPC CIDR synthesizes", () => {
    const app = newApp();
    SearchGuardrails.enforce(app);
    const parent = new Stack(app, 'Parent');
    const vpc = new ec2.Vpc(parent, 'Vpc', { maxAzs: 2, natGateways: 0 });
    const nested = new NestedStack(parent, 'Search');
    new SecureSearchDomain(nested, 'Domain', { vpc }).grantNetworkAccess(ec2.Peer.ipv4(vpc.vpcCidrBlock));
    expect(synthError(app)).toBeUndefined();
  });

  test('an unknown IpProtocol on one rule does not abort the Stage: the open rule beside it is named', () => {
    const app = newApp();
    SearchGuardrails.enforce(app);
    const stack = new Stack(app, 'Search');
    new ec2.CfnSecurityGroup(stack, 'Odd', { groupDescription: 'x', vpcId: 'vpc-12345678', securityGroupIngress: [{ ipProtocol: 'sctp-ish', cidrIp: '10.0.0.0/8' }] });
    new ec2.CfnSecurityGroup(stack, 'Open', { groupDescription: 'x', vpcId: 'vpc-12345678', securityGroupIngress: [{ ipProtocol: 'tcp', fromPort: 9200, toPort: 9200, cidrIp: '0/0' }] });
    const error = synthError(app);
    expect(error).toContain('public-ingress');
    expect(error).toContain('Search/Open');
    expect(error).not.toMatch(/Invalid (protocol|address or CIDR)/);
  });
});
