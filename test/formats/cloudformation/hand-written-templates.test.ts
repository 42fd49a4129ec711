/**
 * The CloudFormation translator on hand-written templates (issue 13, translator side): the same facts
 * the aws-cdk-lib synthesis tests prove, written the way people write them by hand.
 */
import { createHash } from 'crypto';
import { InfrastructureModel, resourceKey } from '../../../src/core/model/model';
import { cloudFormationToModel, CloudFormationTemplateInput } from '../../../src/formats/cloudformation';

const sg = (ingress: any[] = [], extra: Record<string, any> = {}) => ({
  Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: 'search', VpcId: 'vpc-1', SecurityGroupIngress: ingress, ...extra },
});
const domain = (properties: Record<string, any>) => ({ Type: 'AWS::OpenSearchService::Domain', Properties: properties });
const inVpc = (groupId: any = { Ref: 'Sg' }) => ({ VPCOptions: { SubnetIds: ['subnet-1'], SecurityGroupIds: [groupId] } });
const policy = (statement: Record<string, any>) => ({ AccessPolicies: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'es:*', Resource: '*', ...statement }] } });

function model(resources: Record<string, any>, rest: Record<string, any> = {}): InfrastructureModel {
  return cloudFormationToModel([{ file: 't.json', stackName: 'S', template: { Resources: resources, ...rest } }]);
}
const anyone = (m: InfrastructureModel) => m.clusters[0].facts.accessPolicyAllowsAnyone;

describe('VPCOptions', () => {
  test.each([
    ['SecurityGroupIds only', { SecurityGroupIds: ['sg-1'] }],
    ['SubnetIds: []', { SubnetIds: [], SecurityGroupIds: ['sg-1'] }],
    ['SubnetIds that are all AWS::NoValue', { SubnetIds: [{ Ref: 'AWS::NoValue' }] }],
  ])('VPCOptions with %s is not in a VPC', (_name, options) => {
    expect(model({ D: domain({ VPCOptions: options }) }).clusters[0].facts.inVpc).toEqual({ known: true, value: false });
  });

  test('a SubnetIds parameter without AllowedValues leaves the placement unknown', () => {
    const m = model({ D: domain({ VPCOptions: { SubnetIds: { Ref: 'Subnets' } } }) }, { Parameters: { Subnets: { Type: 'List<AWS::EC2::Subnet::Id>' } } });
    expect(m.clusters[0].facts.inVpc).toEqual({ known: false, reason: 'VPCOptions.SubnetIds: Ref to parameter Subnets is not known at synthesis' });
  });
});

describe('standalone ingress naming its group', () => {
  test.each([
    ['Fn::GetAtt Sg.Id', { 'Fn::GetAtt': 'Sg.Id' }],
    ["Fn::Sub '${Sg.GroupId}'", { 'Fn::Sub': '${Sg.GroupId}' }],
    ["Fn::Sub '${Sg}'", { 'Fn::Sub': '${Sg}' }],
    ['Fn::Sub with a variable map', { 'Fn::Sub': ['${Group}', { Group: { 'Fn::GetAtt': ['Sg', 'GroupId'] } }] }],
  ])('by %s joins the group', (_name, groupId) => {
    const m = model({ Sg: sg(), Open: { Type: 'AWS::EC2::SecurityGroupIngress', Properties: { GroupId: groupId, IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '0.0.0.0/0' } } });
    expect(m.firewalls.map(f => [f.location.resource, f.rules.map(r => r.origin.resource)])).toEqual([['Sg', ['Open']]]);
  });

  test("Fn::Sub with text around the reference is a string, not the group's id", () => {
    const m = model({ Sg: sg(), Open: { Type: 'AWS::EC2::SecurityGroupIngress', Properties: { GroupId: { 'Fn::Sub': 'x-${Sg}' }, IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '0.0.0.0/0' } } });
    expect(m.firewalls.map(f => f.location.resource)).toEqual(['Sg', 'Open']);
  });

  test('a GroupName is matched in the ingress\'s own template before another template\'s group of the same name', () => {
    const template = (cidr: string): CloudFormationTemplateInput['template'] => ({
      Resources: {
        Sg: sg([], { GroupName: 'search' }),
        Rule: { Type: 'AWS::EC2::SecurityGroupIngress', Properties: { GroupName: 'search', IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: cidr } },
      },
    });
    const m = cloudFormationToModel([{ file: 'dev.json', template: template('10.0.0.0/8') }, { file: 'prod.json', template: template('0.0.0.0/0') }]);
    expect(m.firewalls.map(f => [f.location.file, f.rules.map(r => r.sources.map(s => s.kind === 'addresses' && s.text).join())])).toEqual([
      ['dev.json', ['10.0.0.0/8']], ['prod.json', ['0.0.0.0/0']],
    ]);
  });
});

describe('access policy principals', () => {
  test('Allow with NotPrincipal admits anyone', () => {
    expect(anyone(model({ D: domain(policy({ NotPrincipal: { AWS: 'arn:aws:iam::123456789012:root' } })) }))).toEqual({ known: true, value: true });
  });

  test('Deny with NotPrincipal grants nothing', () => {
    expect(anyone(model({ D: domain(policy({ Effect: 'Deny', NotPrincipal: { AWS: 'arn:aws:iam::123456789012:root' } })) }))).toEqual({ known: true, value: false });
  });

  test.each([
    ['Fn::Sub with ${AWS::Partition} and ${AWS::AccountId}', false, { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:root' }],
    ['Fn::Join with Ref AWS::AccountId', false, { 'Fn::Join': ['', ['arn:aws:iam::', { Ref: 'AWS::AccountId' }, ':role/reader']] }],
    ['Fn::Sub with a wildcard account', true, { 'Fn::Sub': 'arn:${AWS::Partition}:iam::*:root' }],
    ['a role of the template by Fn::GetAtt Arn', false, { 'Fn::GetAtt': ['Reader', 'Arn'] }],
  ])('an AWS principal built as %s admits anyone: %s', (_name, expected, arn) => {
    const reader = { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: { Statement: [] } } };
    expect(anyone(model({ Reader: reader, D: domain(policy({ Principal: { AWS: arn } })) }))).toEqual({ known: true, value: expected });
  });

  test('a principal from a parameter is unknown and names the parameter', () => {
    const m = model({ D: domain(policy({ Principal: { AWS: { 'Fn::Sub': 'arn:aws:iam::${Account}:root' } } })) }, { Parameters: { Account: { Type: 'String' } } });
    expect(anyone(m)).toMatchObject({ known: false, reason: expect.stringContaining('Account') });
  });

  test.each([
    ['no condition', true, undefined],
    ['amr unauthenticated', true, { 'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': 'unauthenticated' } }],
    ['amr authenticated only', false, { 'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': 'authenticated' } }],
  ])('a Federated cognito-identity.amazonaws.com principal with %s admits anyone: %s', (_name, expected, condition) => {
    const statement = { Principal: { Federated: 'cognito-identity.amazonaws.com' }, ...(condition ? { Condition: condition } : {}) };
    expect(anyone(model({ D: domain(policy(statement)) }))).toEqual({ known: true, value: expected });
  });

  test('the unauthenticated role of an IdentityPoolRoleAttachment, named by Fn::Sub of its name, admits anyone', () => {
    const role = { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: { Statement: [] } } };
    const m = model({
      Guest: role,
      Roles: { Type: 'AWS::Cognito::IdentityPoolRoleAttachment', Properties: { IdentityPoolId: 'eu-west-1:pool', Roles: { unauthenticated: { 'Fn::GetAtt': ['Guest', 'Arn'] } } } },
      D: domain(policy({ Principal: { AWS: { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/${Guest}' } } })),
    });
    expect(anyone(m)).toEqual({ known: true, value: true });
  });
});

describe('nested stack parameters', () => {
  const child = (): CloudFormationTemplateInput['template'] => ({
    Parameters: { Cidr: { Type: 'String' }, Port: { Type: 'Number', Default: '9200' } },
    Resources: { Sg: sg([{ IpProtocol: 'tcp', FromPort: { Ref: 'Port' }, ToPort: { Ref: 'Port' }, CidrIp: { Ref: 'Cidr' } }]) },
  });
  const parent = (metadata: Record<string, any>, templateUrl: any = 'https://example.com/x.json') => ({
    Resources: {
      Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.9.0.0/16' } },
      Inner: { Type: 'AWS::CloudFormation::Stack', Metadata: metadata, Properties: { TemplateURL: templateUrl, Parameters: { Cidr: { 'Fn::GetAtt': ['Vpc', 'CidrBlock'] } } } },
    },
  });
  const sources = (m: InfrastructureModel) => m.firewalls[0].rules.map(r => [r.ports.known && r.ports.value.toString(), r.sources.map(s => (s.kind === 'addresses' ? s.text : s.kind === 'network' ? `network ${s.addresses?.toCidrs().join()}` : s.kind)).join()]);

  test("a parameter passed by the parent's AWS::CloudFormation::Stack (linked by aws:asset:path) resolves in the parent; an absent one takes its Default", () => {
    const m = cloudFormationToModel([
      { file: 'cdk.out/Parent.template.json', stackName: 'Parent', template: parent({ 'aws:asset:path': 'ParentInner1234.nested.template.json' }) },
      { file: 'cdk.out/ParentInner1234.nested.template.json', template: child() },
    ]);
    // The parent's VPC CIDR, resolved: the address space of a network of the input (spec: "Public sources").
    expect(sources(m)).toEqual([['9200', 'network 10.9.0.0/16']]);
  });

  test('without asset metadata the parent is found by the template hash at the end of its TemplateURL', () => {
    const hash = createHash('sha256').update(JSON.stringify(child())).digest('hex');
    const m = cloudFormationToModel([
      { file: 'Parent.template.json', template: parent({}, { 'Fn::Join': ['', ['https://s3.', { Ref: 'AWS::Region' }, `/bucket/${hash}.json`]] }) },
      { file: 'Inner.nested.template.json', template: child() },
    ]);
    // The parent's VPC CIDR, resolved: the address space of a network of the input (spec: "Public sources").
    expect(sources(m)).toEqual([['9200', 'network 10.9.0.0/16']]);
  });

  test('a nested template whose parent is not in the input keeps its parameters unknown', () => {
    const m = cloudFormationToModel([{ file: 'Inner.nested.template.json', template: child() }]);
    expect(sources(m)).toEqual([[false, 'unknown']]);
  });
});

describe('logical ids reused across files', () => {
  test('a domain is attached to the SearchSg of its own file by exact model id', () => {
    const template = { Resources: { SearchSg: sg(), D: domain(inVpc({ 'Fn::GetAtt': ['SearchSg', 'GroupId'] })) } };
    const m = cloudFormationToModel([{ file: 'dev.json', template }, { file: 'prod.json', template }]);
    expect(m.clusters.map(c => c.attachedFirewalls)).toEqual(m.firewalls.map(f => [{ known: true, value: resourceKey(f.location) }]));
  });
});

describe('unreadable values stay on their rule', () => {
  test('a port outside 0-65535 makes that rule unknown instead of failing the translation', () => {
    const m = model({ Sg: sg([{ IpProtocol: 'tcp', FromPort: 9200, ToPort: 70000, CidrIp: '0.0.0.0/0' }]) });
    expect(m.firewalls[0].rules[0].ports).toEqual({ known: false, reason: 'port 70000 is not a port number 0-65535' });
  });
});

describe('Cognito identity pools that refuse guests', () => {
  const pool = (allow: boolean) => ({ Type: 'AWS::Cognito::IdentityPool', Properties: { AllowUnauthenticatedIdentities: allow } });
  const trustingGuests = {
    Type: 'AWS::IAM::Role',
    Properties: {
      AssumeRolePolicyDocument: {
        Statement: [{
          Effect: 'Allow',
          Action: 'sts:AssumeRoleWithWebIdentity',
          Principal: { Federated: 'cognito-identity.amazonaws.com' },
          Condition: { 'StringEquals': { 'cognito-identity.amazonaws.com:aud': { Ref: 'Pool' } }, 'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': 'unauthenticated' } },
        }],
      },
    },
  };
  const attachment = { Type: 'AWS::Cognito::IdentityPoolRoleAttachment', Properties: { IdentityPoolId: { Ref: 'Pool' }, Roles: { unauthenticated: { 'Fn::GetAtt': ['Guest', 'Arn'] } } } };

  test.each([
    ['allows', true, true],
    ['refuses', false, false],
  ])('the guest role of a pool of the input that %s unauthenticated identities admits anyone: %s', (_name, allow, expected) => {
    const byTrust = model({ Pool: pool(allow), Guest: trustingGuests, D: domain(policy({ Principal: { AWS: { 'Fn::GetAtt': ['Guest', 'Arn'] } } })) });
    expect(anyone(byTrust)).toEqual({ known: true, value: expected });
    const plainRole = { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: { Statement: [] } } };
    const byAttachment = model({ Pool: pool(allow), Guest: plainRole, Roles: attachment, D: domain(policy({ Principal: { AWS: { 'Fn::GetAtt': ['Guest', 'Arn'] } } })) });
    expect(anyone(byAttachment)).toEqual({ known: true, value: expected });
  });
});
