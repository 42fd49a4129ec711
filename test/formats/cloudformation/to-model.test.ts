import { Firewall, IngressRule, InfrastructureModel, resourceKey, TrafficSource } from '../../../src/core/model/model';
import { cloudFormationToModel } from '../../../src/formats/cloudformation';

const sg = (ingress?: any, extra: Record<string, any> = {}) => ({
  Type: 'AWS::EC2::SecurityGroup',
  Properties: { GroupDescription: 'search', VpcId: 'vpc-1', ...(ingress !== undefined ? { SecurityGroupIngress: ingress } : {}), ...extra },
});
const tcp = (port: number, source: Record<string, any>) => ({ IpProtocol: 'tcp', FromPort: port, ToPort: port, ...source });

function model(resources: Record<string, any>, rest: Record<string, any> = {}): InfrastructureModel {
  return cloudFormationToModel([{ file: 't.json', stackName: 'S', template: { Resources: resources, ...rest } }]);
}
function firewall(m: InfrastructureModel, resource: string): Firewall {
  const found = m.firewalls.find(f => f.location.resource === resource);
  if (!found) throw new Error(`no firewall ${resource} in ${m.firewalls.map(f => f.location.resource)}`);
  return found;
}
function describe_(source: TrafficSource): string {
  switch (source.kind) {
    case 'addresses': return source.addresses.toCidrs().join(',');
    case 'unknown': return `unknown: ${source.reason}`;
    case 'private': return `private: ${source.text}`;
    case 'network': return `network: ${source.text}`;
    default: return source.tag;
  }
}
const sourcesOf = (rules: readonly IngressRule[]) => rules.flatMap(r => r.sources.map(describe_));

describe('security groups', () => {
  test('an inline rule with a literal CIDR becomes a TCP rule with its ports and addresses', () => {
    const m = model({ Sg: sg([tcp(9200, { CidrIp: '0.0.0.0/0' })]) });
    const [rule] = firewall(m, 'Sg').rules;
    expect(rule.protocol).toEqual({ known: true, value: 'tcp' });
    expect(rule.ports.known && rule.ports.value.toString()).toBe('9200');
    expect(sourcesOf([rule])).toEqual(['0.0.0.0/0']);
    expect(rule.origin).toMatchObject({ resource: 'Sg', resourceType: 'AWS::EC2::SecurityGroup', file: 't.json', stack: 'S' });
    expect(firewall(m, 'Sg').kind).toBe('aws-security-group');
  });

  test('protocol -1 covers every port and udp stays udp', () => {
    const m = model({ Sg: sg([{ IpProtocol: '-1', CidrIpv6: '::/0' }, { IpProtocol: 'udp', FromPort: 9200, ToPort: 9300, CidrIp: '0.0.0.0/0' }]) });
    const [all, udp] = firewall(m, 'Sg').rules;
    expect(all.protocol).toEqual({ known: true, value: 'all' });
    expect(all.ports.known && all.ports.value.toString()).toBe('*');
    expect(udp.protocol).toEqual({ known: true, value: 'udp' });
    expect(udp.ports.known && udp.ports.value.toString()).toBe('9200-9300');
  });

  test.each([
    [443, 443], [9200, 9300], [-1, -1], [-1, 80], [0, 65535], [80, 70], [70000, 70000], [1.5, 2], [2, 1.5], [-2, 5], [5, 70000], [-0, 10],
  ])('literal ports %p-%p read as the same values given through an intrinsic read', (from, to) => {
    const viaText = (n: number) => ({ 'Fn::Join': ['', [String(n)]] });
    const ports = (entry: Record<string, any>) => {
      const [rule] = firewall(model({ Sg: sg([{ IpProtocol: 'tcp', CidrIp: '10.0.0.0/8', ...entry }]) }), 'Sg').rules;
      return rule.ports.known ? rule.ports.value.toString() : `unknown: ${rule.ports.reason}`;
    };
    expect(ports({ FromPort: from, ToPort: to })).toBe(ports({ FromPort: viaText(from), ToPort: viaText(to) }));
    expect(ports({ FromPort: from })).toBe(ports({ FromPort: viaText(from) }));
  });

  test.each([['tcp'], [6], [-1], ['-1'], ['TCP'], [' udp '], ['icmp'], [58], [50], ['bogus'], [true], [300]])(
    'a literal IpProtocol %p reads as the same value given through an intrinsic', protocol => {
      const read = (value: any) => {
        const [rule] = firewall(model({ Sg: sg([{ IpProtocol: value, FromPort: 9200, ToPort: 9200, CidrIp: '10.0.0.0/8' }]) }), 'Sg').rules;
        return [rule.protocol, rule.ports.known ? rule.ports.value.toString() : rule.ports.reason, rule.name];
      };
      expect(read(protocol)).toEqual(read({ 'Fn::Join': ['', [String(protocol)]] }));
    });

  test('egress rules are ignored', () => {
    const m = model({ Sg: sg(undefined, { SecurityGroupEgress: [{ IpProtocol: '-1', CidrIp: '0.0.0.0/0' }] }) });
    expect(firewall(m, 'Sg').rules).toEqual([]);
  });

  test.each([
    ['Fn::GetAtt GroupId', { 'Fn::GetAtt': ['Sg', 'GroupId'] }],
    ['Ref', { Ref: 'Sg' }],
  ])('a standalone ingress that points at the group with %s joins the group', (_name, groupId) => {
    const m = model({ Sg: sg(), Open: { Type: 'AWS::EC2::SecurityGroupIngress', Properties: { GroupId: groupId, ...tcp(443, { CidrIp: '0.0.0.0/0' }) } } });
    const rules = firewall(m, 'Sg').rules;
    expect(rules).toHaveLength(1);
    expect(rules[0].origin.resource).toBe('Open');
    expect(m.firewalls).toHaveLength(1);
  });

  test('standalone ingresses by GroupName each join the first group that name can be, with names read once per translation', () => {
    const ingress = (name: string, port: number) => ({ Type: 'AWS::EC2::SecurityGroupIngress', Properties: { GroupName: name, ...tcp(port, { CidrIp: '1.2.3.4/32' }) } });
    const m = model({
      A: sg(undefined, { GroupName: 'a' }),
      Either: sg(undefined, { GroupName: { 'Fn::If': ['C', 'a', 'b'] } }),
      B: sg(undefined, { GroupName: 'b' }),
      ToA: ingress('a', 443),
      ToB: ingress('b', 9200),
      ToNone: ingress('c', 80),
    }, { Conditions: { C: { 'Fn::Equals': ['x', 'y'] } } });
    const ports = (resource: string) => firewall(m, resource).rules.map(r => r.ports.known && r.ports.value.toString());
    // One group per name (the first in template order, its own template first), as before the index.
    expect([ports('A'), ports('Either'), ports('B'), ports('ToNone')]).toEqual([['443'], ['9200'], [], ['80']]);
  });

  test('a standalone ingress matched by GroupName joins the group with that name', () => {
    const m = model({ Sg: sg(undefined, { GroupName: 'search' }), Open: { Type: 'AWS::EC2::SecurityGroupIngress', Properties: { GroupName: 'search', ...tcp(443, { CidrIp: '1.2.3.4/32' }) } } });
    expect(sourcesOf(firewall(m, 'Sg').rules)).toEqual(['1.2.3.4/32']);
  });

  test('a standalone ingress on a group outside the input is kept as a firewall of its own', () => {
    const m = model({ Open: { Type: 'AWS::EC2::SecurityGroupIngress', Properties: { GroupId: 'sg-0123', ...tcp(9200, { CidrIp: '0.0.0.0/0' }) } } });
    expect(firewall(m, 'Open').rules).toHaveLength(1);
  });

  test('security group sources are private, known or not', () => {
    const m = model({ Sg: sg([tcp(443, { SourceSecurityGroupId: 'sg-9' }), tcp(443, { SourceSecurityGroupId: { 'Fn::ImportValue': 'X' } })]) });
    expect(sourcesOf(firewall(m, 'Sg').rules)).toEqual(['private: security group sg-9', 'private: security group {"Fn::ImportValue":"X"}']);
  });

  test('a parameter without AllowedValues is unknown and the reason names the parameter', () => {
    const m = model({ Sg: sg([tcp(443, { CidrIp: { Ref: 'Cidr' } })]) }, { Parameters: { Cidr: { Type: 'String' } } });
    expect(sourcesOf(firewall(m, 'Sg').rules)).toEqual(['unknown: Ref to parameter Cidr is not known at synthesis']);
  });

  test('a parameter with AllowedValues takes every allowed value', () => {
    const m = model({ Sg: sg([tcp(443, { CidrIp: { Ref: 'Cidr' } })]) }, { Parameters: { Cidr: { Type: 'String', AllowedValues: ['10.0.0.0/8', '0.0.0.0/0'] } } });
    expect(sourcesOf(firewall(m, 'Sg').rules)).toEqual(['10.0.0.0/8', '0.0.0.0/0']);
  });

  test('Fn::If takes both branches, for sources and for ports', () => {
    const m = model({ Sg: sg([{ IpProtocol: 'tcp', FromPort: { 'Fn::If': ['Prod', 443, 9200] }, ToPort: { 'Fn::If': ['Prod', 443, 9200] }, CidrIp: { 'Fn::If': ['Prod', '10.0.0.0/8', '0.0.0.0/0'] } }]) });
    const [rule] = firewall(m, 'Sg').rules;
    expect(sourcesOf([rule])).toEqual(['10.0.0.0/8', '0.0.0.0/0']);
    expect(rule.ports.known && rule.ports.value.has(443) && rule.ports.value.has(9200)).toBe(true);
  });

  test('Fn::If with AWS::NoValue removes the entry in that branch', () => {
    const m = model({ Sg: sg([{ 'Fn::If': ['Open', tcp(443, { CidrIp: '0.0.0.0/0' }), { Ref: 'AWS::NoValue' }] }]) });
    expect(sourcesOf(firewall(m, 'Sg').rules)).toEqual(['0.0.0.0/0']);
  });

  test('Fn::Select over a literal list picks the element, or every element when the index is unknown', () => {
    const select = (index: any) => model({ Sg: sg([tcp(443, { CidrIp: { 'Fn::Select': [index, ['10.0.0.0/8', '0.0.0.0/0']] } })]) }, { Parameters: { I: { Type: 'Number' } } });
    expect(sourcesOf(firewall(select(0), 'Sg').rules)).toEqual(['10.0.0.0/8']);
    expect(sourcesOf(firewall(select({ Ref: 'I' }), 'Sg').rules)).toEqual(['10.0.0.0/8', '0.0.0.0/0']);
  });

  test('Fn::Sub and Fn::Join of literals are evaluated', () => {
    const m = model({ Sg: sg([tcp(443, { CidrIp: { 'Fn::Join': ['/', ['0.0.0.0', '0']] } }), tcp(443, { CidrIp: { 'Fn::Sub': ['${Net}/16', { Net: '10.1.0.0' }] } })]) });
    expect(sourcesOf(firewall(m, 'Sg').rules)).toEqual(['0.0.0.0/0', '10.1.0.0/16']);
  });

  test('a VPC CidrBlock attribute is the address space of that VPC, with the VPC literal CIDR', () => {
    const m = model({ Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } }, Sg: sg([tcp(443, { CidrIp: { 'Fn::GetAtt': ['Vpc', 'CidrBlock'] } })]) });
    const [source] = firewall(m, 'Sg').rules[0].sources;
    expect(describe_(source)).toBe('network: Vpc.CidrBlock');
    expect(source.kind === 'network' && source.addresses?.toCidrs()).toEqual(['10.0.0.0/16']);
  });

  test('a CIDR text read once per translation still gives each key its own source and each input its own networks', () => {
    const m = model({
      Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } },
      Sg: sg([tcp(443, { CidrIp: 'bogus' }), tcp(443, { CidrIpv6: 'bogus' }), tcp(443, { CidrIp: '10.0.1.0/24' }), tcp(9200, { CidrIp: '10.0.1.0/24' })]),
    });
    expect(sourcesOf(firewall(m, 'Sg').rules)).toEqual([
      'unknown: CidrIp "bogus" is not a CIDR the guard can read',
      'unknown: CidrIpv6 "bogus" is not a CIDR the guard can read',
      'network: 10.0.1.0/24 (the address space of VPC Vpc)',
      'network: 10.0.1.0/24 (the address space of VPC Vpc)',
    ]);
    // The same text in a translation without that VPC is plain addresses.
    expect(sourcesOf(firewall(model({ Sg: sg([tcp(443, { CidrIp: '10.0.1.0/24' })]) }), 'Sg').rules)).toEqual(['10.0.1.0/24']);
  });

  test.each([
    ['Fn::GetAZs', { 'Fn::Select': [0, { 'Fn::GetAZs': '' }] }, 'Fn::GetAZs'],
    ['AWS::AccountId', { 'Fn::Join': ['', [{ Ref: 'AWS::AccountId' }, '/32']] }, 'AWS::AccountId'],
    ['an unknown intrinsic', { 'Fn::Cidr': ['10.0.0.0/16', 4, 8] }, 'Fn::Cidr'],
  ])('%s is unknown with a reason naming it', (_name, cidr, named) => {
    const [source] = firewall(model({ Sg: sg([tcp(443, { CidrIp: cidr })]) }), 'Sg').rules[0].sources;
    expect(source.kind).toBe('unknown');
    expect(describe_(source)).toContain(named);
  });

  test('a prefix list in the input resolves to its entries; one outside is unknown', () => {
    const m = model({
      List: { Type: 'AWS::EC2::PrefixList', Properties: { AddressFamily: 'IPv4', MaxEntries: 2, PrefixListName: 'l', Entries: [{ Cidr: '0.0.0.0/1' }, { Cidr: '128.0.0.0/1' }] } },
      Sg: sg([tcp(443, { SourcePrefixListId: { 'Fn::GetAtt': ['List', 'PrefixListId'] } }), tcp(443, { SourcePrefixListId: 'pl-123' })]),
    });
    expect(sourcesOf(firewall(m, 'Sg').rules)).toEqual(['0.0.0.0/0', 'unknown: prefix list pl-123 is not in the input']);
  });

  test('an intrinsic the engine does not evaluate in a port is unknown', () => {
    const m = model({ Sg: sg([{ IpProtocol: 'tcp', FromPort: { Ref: 'P' }, ToPort: 443, CidrIp: '0.0.0.0/0' }]) }, { Parameters: { P: { Type: 'Number' } } });
    expect(firewall(m, 'Sg').rules[0].ports).toEqual({ known: false, reason: 'FromPort: Ref to parameter P is not known at synthesis' });
  });
});

describe('cross-template references', () => {
  const exporter = {
    stackName: 'Network',
    template: {
      Resources: { Sg: sg([tcp(443, { CidrIp: '0.0.0.0/0' })]) },
      Outputs: {
        ExportsOutputFnGetAttSgGroupId: { Value: { 'Fn::GetAtt': ['Sg', 'GroupId'] }, Export: { Name: 'Network:ExportsOutputFnGetAttSgGroupId' } },
        Cidr: { Value: '0.0.0.0/0', Export: { Name: { 'Fn::Sub': '${AWS::StackName}-cidr' } } },
      },
    },
  };

  test('Fn::ImportValue of an export of another template resolves to the exported group', () => {
    const consumer = { stackName: 'Search', template: { Resources: { Domain: { Type: 'AWS::OpenSearchService::Domain', Properties: { VPCOptions: { SubnetIds: ['s'], SecurityGroupIds: [{ 'Fn::ImportValue': 'Network:ExportsOutputFnGetAttSgGroupId' }] } } } } } };
    const m = cloudFormationToModel([exporter, consumer]);
    expect(m.clusters[0].attachedFirewalls).toEqual([{ known: true, value: 'Sg' }]);
  });

  test('an export name built with Fn::Sub and AWS::StackName resolves, and a missing export is unknown', () => {
    const consumer = { stackName: 'Other', template: { Resources: { Sg2: sg([tcp(443, { CidrIp: { 'Fn::ImportValue': 'Network-cidr' } }), tcp(443, { CidrIp: { 'Fn::ImportValue': 'Nope' } })]) } } };
    const m = cloudFormationToModel([exporter, consumer]);
    expect(sourcesOf(firewall(m, 'Sg2').rules)).toEqual(['0.0.0.0/0', 'unknown: Fn::ImportValue Nope is not exported by any template in the input']);
  });

  test('a group whose logical id exists in two templates is attached by the exact model id of the one in its own template', () => {
    const domain = { Type: 'AWS::OpenSearchService::Domain', Properties: { VPCOptions: { SubnetIds: ['s'], SecurityGroupIds: [{ Ref: 'Sg' }] } } };
    const m = cloudFormationToModel([
      { stackName: 'A', template: { Resources: { Sg: sg() } } },
      { stackName: 'B', template: { Resources: { Sg: sg(), Domain: domain } } },
    ]);
    expect(m.firewalls.map(f => [f.location.stack, f.location.resource])).toEqual([['A', 'Sg'], ['B', 'Sg']]);
    // Each resource has its own location, built once: the rules of one group name that group's.
    expect(m.firewalls[0].location).not.toEqual(m.firewalls[1].location);
    expect(m.clusters[0].attachedFirewalls).toEqual([{ known: true, value: resourceKey(m.firewalls[1].location) }]);
  });
});

describe('managed domains', () => {
  const secureDomain = (type = 'AWS::OpenSearchService::Domain') => ({
    Type: type,
    Metadata: { 'aws:cdk:path': 'S/Search/Domain/Resource' },
    Properties: {
      VPCOptions: { SubnetIds: ['a', 'b'], SecurityGroupIds: [{ 'Fn::GetAtt': ['Sg', 'GroupId'] }] },
      AdvancedSecurityOptions: { Enabled: true, InternalUserDatabaseEnabled: false },
      DomainEndpointOptions: { EnforceHTTPS: true, TLSSecurityPolicy: 'Policy-Min-TLS-1-2-PFS-2023-10' },
      NodeToNodeEncryptionOptions: { Enabled: true },
      EncryptionAtRestOptions: { Enabled: true },
      LogPublishingOptions: {
        AUDIT_LOGS: { CloudWatchLogsLogGroupArn: 'arn', Enabled: true },
        ES_APPLICATION_LOGS: { CloudWatchLogsLogGroupArn: 'arn', Enabled: true },
        SEARCH_SLOW_LOGS: { CloudWatchLogsLogGroupArn: 'arn', Enabled: false },
      },
      AccessPolicies: { Statement: [{ Effect: 'Allow', Principal: { AWS: { 'Fn::GetAtt': ['Role', 'Arn'] } }, Action: 'es:*', Resource: '*' }] },
    },
  });

  test.each(['AWS::OpenSearchService::Domain', 'AWS::Elasticsearch::Domain'])('a secure %s becomes a managed cluster with every fact known', type => {
    const m = model({ Sg: sg(), Role: { Type: 'AWS::IAM::Role', Properties: {} }, Domain: secureDomain(type) });
    const [cluster] = m.clusters;
    expect(cluster).toMatchObject({ kind: 'managed-domain', ports: [443], attachedFirewalls: [{ known: true, value: 'Sg' }] });
    expect(cluster.location).toMatchObject({ resource: 'Domain', constructPath: 'S/Search/Domain/Resource', stack: 'S', resourceType: type });
    expect(cluster.facts).toEqual({
      inVpc: { known: true, value: true },
      anonymousAccess: { known: true, value: false },
      fineGrainedAccessControl: { known: true, value: true },
      accessPolicyAllowsAnyone: { known: true, value: false },
      httpsEnforced: { known: true, value: true },
      tlsSecurityPolicy: { known: true, value: 'Policy-Min-TLS-1-2-PFS-2023-10' },
      nodeToNodeEncryption: { known: true, value: true },
      encryptionAtRest: { known: true, value: true },
      logsShipped: { known: true, value: ['AUDIT_LOGS', 'ES_APPLICATION_LOGS'] },
    });
  });

  test('a bare domain is outside a VPC, answers on 80 and 443, and has every protection off', () => {
    const [cluster] = model({ Domain: { Type: 'AWS::OpenSearchService::Domain', Properties: {} } }).clusters;
    expect(cluster.ports).toEqual([443, 80]);
    expect(cluster.attachedFirewalls).toEqual([]);
    expect(cluster.facts.tlsSecurityPolicy).toBeUndefined();
    expect(cluster.facts).toMatchObject({
      inVpc: { known: true, value: false },
      httpsEnforced: { known: true, value: false },
      encryptionAtRest: { known: true, value: false },
      logsShipped: { known: true, value: [] },
    });
  });

  test('a domain without SecurityGroupIds, or with an sg-id outside the input, has an unknown attached group', () => {
    const [bare, literal] = model({
      A: { Type: 'AWS::OpenSearchService::Domain', Properties: { VPCOptions: { SubnetIds: ['a'] } } },
      B: { Type: 'AWS::OpenSearchService::Domain', Properties: { VPCOptions: { SubnetIds: ['a'], SecurityGroupIds: ['sg-0abc'] } } },
    }).clusters;
    expect(bare.attachedFirewalls?.[0].known).toBe(false);
    expect(literal.attachedFirewalls).toEqual([{ known: false, reason: 'SecurityGroupIds: security group "sg-0abc" is not in the input' }]);
  });

  test('facts take the worst value of both Fn::If branches', () => {
    const [cluster] = model({
      Domain: {
        Type: 'AWS::OpenSearchService::Domain',
        Properties: {
          EncryptionAtRestOptions: { Enabled: { 'Fn::If': ['C', true, false] } },
          AdvancedSecurityOptions: { Enabled: true, AnonymousAuthEnabled: { 'Fn::If': ['C', false, true] } },
          DomainEndpointOptions: { EnforceHTTPS: { Ref: 'Https' } },
        },
      },
    }, { Parameters: { Https: { Type: 'String' } } }).clusters;
    expect(cluster.facts.encryptionAtRest).toEqual({ known: true, value: false });
    expect(cluster.facts.anonymousAccess).toEqual({ known: true, value: true });
    expect(cluster.facts.httpsEnforced?.known).toBe(false);
    expect(cluster.ports).toEqual([443, 80]);
  });

  test.each([
    ['"*"', '*', true],
    ['{ AWS: "*" }', { AWS: '*' }, true],
    ['an account wildcard ARN', { AWS: 'arn:aws:iam::*:root' }, true],
    ['a named role', { AWS: 'arn:aws:iam::123456789012:role/search' }, false],
  ])('an access policy with principal %s allows anyone: %s', (_name, principal, expected) => {
    const [cluster] = model({ Domain: { Type: 'AWS::OpenSearchService::Domain', Properties: { AccessPolicies: { Statement: [{ Effect: 'Allow', Principal: principal, Action: 'es:*' }] } } } }).clusters;
    expect(cluster.facts.accessPolicyAllowsAnyone).toEqual({ known: true, value: expected });
  });

  test('a Deny statement with principal * does not allow anyone', () => {
    const [cluster] = model({ Domain: { Type: 'AWS::OpenSearchService::Domain', Properties: { AccessPolicies: { Statement: [{ Effect: 'Deny', Principal: '*', Action: 'es:*' }] } } } }).clusters;
    expect(cluster.facts.accessPolicyAllowsAnyone).toEqual({ known: true, value: false });
  });

  test('a custom access policy that names its domain by literal DomainName updates the one of its own template first', () => {
    const policy = '{\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Principal\\":\\"*\\",\\"Action\\":\\"es:*\\"}]}';
    const custom = (name: string) => ({
      Type: 'Custom::OpenSearchAccessPolicy',
      Properties: { ServiceToken: 'x', Create: `{"action":"updateDomainConfig","service":"OpenSearch","parameters":{"DomainName":"${name}","AccessPolicies":"${policy}"}}` },
    });
    const domain = (name: string) => ({ Type: 'AWS::OpenSearchService::Domain', Properties: { DomainName: name } });
    const m = cloudFormationToModel([
      { stackName: 'A', template: { Resources: { Search: domain('search'), Logs: domain('logs') } } },
      { stackName: 'B', template: { Resources: { Search: domain('search'), Policy: custom('search'), Stray: custom('nothing') } } },
      { stackName: 'C', template: { Resources: { Policy: custom('logs') } } },
    ]);
    expect(m.clusters.map(c => [c.location.stack, c.location.resource, c.facts.accessPolicyAllowsAnyone])).toEqual([
      ['A', 'Search', { known: true, value: false }],
      ['A', 'Logs', { known: true, value: true }],
      ['B', 'Search', { known: true, value: true }],
    ]);
  });

  test('the L2 Custom::OpenSearchAccessPolicy granting * is seen on the domain it updates', () => {
    const policy = '{\\"Statement\\":[{\\"Action\\":\\"es:*\\",\\"Effect\\":\\"Allow\\",\\"Principal\\":{\\"AWS\\":\\"*\\"},\\"Resource\\":\\"*\\"}],\\"Version\\":\\"2012-10-17\\"}';
    const call = {
      'Fn::Join': ['', [
        '{"action":"updateDomainConfig","service":"OpenSearch","parameters":{"DomainName":"', { Ref: 'Domain' },
        `","AccessPolicies":"${policy}"},"outputPaths":["DomainConfig.AccessPolicies"],"physicalResourceId":{"id":"`, { Ref: 'Domain' }, 'AccessPolicy"}}',
      ]],
    };
    const m = model({
      Domain: { Type: 'AWS::OpenSearchService::Domain', Properties: {} },
      Other: { Type: 'AWS::OpenSearchService::Domain', Properties: {} },
      DomainAccessPolicy: { Type: 'Custom::OpenSearchAccessPolicy', Properties: { ServiceToken: 'x', Create: call, Update: call } },
    });
    expect(m.clusters.map(c => [c.location.resource, c.facts.accessPolicyAllowsAnyone])).toEqual([
      ['Domain', { known: true, value: true }],
      ['Other', { known: true, value: false }],
    ]);
  });

  test('the construct path comes from constructPaths when the template has no metadata, and extra ports are added', () => {
    const m = cloudFormationToModel([{ template: { Resources: { Sg: sg() } }, constructPaths: { Sg: 'S/Sg/Resource' }, lines: { Sg: 7 } }], { extraPorts: [8080] });
    expect(m.firewalls[0].location).toEqual({ resource: 'Sg', resourceType: 'AWS::EC2::SecurityGroup', constructPath: 'S/Sg/Resource', line: 7 });
    expect(m.selfManagedPorts).toEqual([9200, 9300, 5601, 8080]);
  });

  test('constructPathOf is asked only when a location\'s construct path is read, once per resource, after metadata and constructPaths', () => {
    const asked: string[] = [];
    const m = cloudFormationToModel([{
      template: { Resources: { Sg: sg(), Meta: { ...sg(), Metadata: { 'aws:cdk:path': 'S/Meta' } }, Given: sg(), Gone: sg() } },
      constructPaths: { Given: 'S/Given' },
      constructPathOf: id => {
        asked.push(id);
        return id === 'Sg' ? 'S/Sg/Resource' : undefined;
      },
      stackName: 'S',
    }]);
    expect(asked).toEqual([]);
    const [sgLocation, meta, given, gone] = ['Sg', 'Meta', 'Given', 'Gone'].map(id => firewall(m, id).location);
    expect([meta.constructPath, given.constructPath]).toEqual(['S/Meta', 'S/Given']);
    expect(asked).toEqual([]);
    expect(sgLocation.constructPath).toBe('S/Sg/Resource');
    expect(sgLocation.constructPath).toBe('S/Sg/Resource');
    expect(gone.constructPath).toBeUndefined();
    expect(gone.constructPath).toBeUndefined();
    expect(asked).toEqual(['Sg', 'Gone']);
    // The lazy field prints and copies like a set one, in the same place among the fields.
    expect(JSON.stringify(sgLocation)).toBe('{"resource":"Sg","resourceType":"AWS::EC2::SecurityGroup","constructPath":"S/Sg/Resource","stack":"S"}');
    expect({ ...gone }).toEqual({ resource: 'Gone', resourceType: 'AWS::EC2::SecurityGroup', stack: 'S' });
    expect(() => { (sgLocation as any).constructPath = 'other'; }).toThrow();
  });

  test.each(['toString', 'constructor', '__proto__', 'hasOwnProperty'])('a logical id %s that constructPaths and lines do not name has no construct path and no line', (id) => {
    const m = cloudFormationToModel([{ template: JSON.parse(`{"Resources":{"${id}":${JSON.stringify(sg())}}}`), constructPaths: { Other: 'S/Other' }, lines: { Other: 3 } }]);
    expect(m.firewalls[0].location).toEqual({ resource: id, resourceType: 'AWS::EC2::SecurityGroup' });
    expect(Object.keys(m.firewalls[0].location)).toEqual(['resource', 'resourceType']);
  });
});
