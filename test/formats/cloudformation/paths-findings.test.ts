/**
 * The classes of issue 9 that the CloudFormation translator feeds, judged end to end: hand-written
 * templates -> cloudFormationToModel -> evaluate -> findings (rule, resource, message, path).
 */
import { evaluate } from '../../../src/core/engine';
import { Finding } from '../../../src/core/findings/finding';
import { cloudFormationToModel } from '../../../src/formats/cloudformation';

function findingsOf(resources: Record<string, any>, rest: Record<string, any> = {}): Finding[] {
  const model = cloudFormationToModel([{ file: 't.json', stackName: 'S', template: { Resources: resources, ...rest } }]);
  return [...evaluate(model).findings];
}
const exposure = (findings: Finding[]) => findings
  .filter(f => ['public-ingress', 'public-allowlist', 'public-endpoint', 'unverifiable-network'].includes(f.ruleId))
  .map(f => `${f.ruleId} ${f.resource}`).sort();

const sg = (ingress: any[] = []) => ({ Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: 'g', VpcId: 'vpc-1', SecurityGroupIngress: ingress } });
const tcp = (port: number, source: Record<string, any>) => ({ IpProtocol: 'tcp', FromPort: port, ToPort: port, ...source });
const subnet = (cidr: string, extra: Record<string, any> = {}) => ({ Type: 'AWS::EC2::Subnet', Properties: { VpcId: 'vpc-1', CidrBlock: cidr, ...extra } });
const ES_SCRIPT = { 'Fn::Base64': '#!/bin/bash\nyum install -y elasticsearch\nsystemctl enable --now elasticsearch\n' };
const esInstance = (extra: Record<string, any> = {}) => ({
  Type: 'AWS::EC2::Instance',
  Properties: { ImageId: 'ami-1', UserData: ES_SCRIPT, SubnetId: { Ref: 'Private' }, SecurityGroupIds: [{ 'Fn::GetAtt': ['EsSg', 'GroupId'] }], ...extra },
});
/** A node whose group admits 9200 only from the load balancer's group: no rule names a public source. */
const privateNode = {
  Private: subnet('10.0.1.0/24'),
  LbSubnet: subnet('10.0.9.0/24'),
  LbSg: sg([tcp(80, { CidrIp: '0.0.0.0/0' })]),
  EsSg: sg([tcp(9200, { SourceSecurityGroupId: { 'Fn::GetAtt': ['LbSg', 'GroupId'] } })]),
  Es: esInstance(),
};
const listener = (port: any, tg = 'Tg', lb = 'Lb') => ({
  Type: 'AWS::ElasticLoadBalancingV2::Listener',
  Properties: { LoadBalancerArn: { Ref: lb }, Port: port, Protocol: 'HTTP', DefaultActions: [{ Type: 'forward', TargetGroupArn: { Ref: tg } }] },
});
const targetGroup = (properties: Record<string, any> = {}) => ({
  Type: 'AWS::ElasticLoadBalancingV2::TargetGroup',
  Properties: { VpcId: 'vpc-1', Protocol: 'HTTP', Port: 9200, Targets: [{ Id: { Ref: 'Es' } }], ...properties },
});
const alb = (extra: Record<string, any> = {}) => ({
  Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer',
  Properties: { Subnets: [{ Ref: 'LbSubnet' }], SecurityGroups: [{ Ref: 'LbSg' }], ...extra },
});

describe('what passed before and must fail', () => {
  test('an internet-facing ALB in front of a node whose group admits only the ALB group is public-endpoint at the listener', () => {
    const findings = findingsOf({ ...privateNode, Lb: alb(), L80: listener(80), Tg: targetGroup() });
    expect(exposure(findings)).toEqual(['public-endpoint L80']);
    const finding = findings.find(f => f.ruleId === 'public-endpoint')!;
    expect(finding.message).toContain('Lb');
    expect(finding.message).toContain('9200');
    expect(finding.path!.length).toBeGreaterThan(2);
  });

  test('an internet-facing NLB whose target group is an Application Load Balancer fails closed at the listener (its targets are not followed; found in review)', () => {
    const findings = findingsOf({
      ...privateNode,
      Lb: alb({ Type: 'network', SecurityGroups: undefined }),
      L80: listener(80),
      Tg: targetGroup({ TargetType: 'alb', Protocol: 'TCP', Port: 80, Targets: [{ Id: 'arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/app/internal/1' }] }),
    });
    expect(exposure(findings)).toContain('unverifiable-network L80');
  });

  test('a Classic ELB in front of the same node is public-endpoint', () => {
    const findings = findingsOf({
      ...privateNode,
      Elb: { Type: 'AWS::ElasticLoadBalancing::LoadBalancer', Properties: { Subnets: [{ Ref: 'LbSubnet' }], SecurityGroups: [{ Ref: 'LbSg' }], Instances: [{ Ref: 'Es' }], Listeners: [{ LoadBalancerPort: '80', InstancePort: '9200', Protocol: 'HTTP' }] } },
    });
    expect(exposure(findings)).toEqual(['public-endpoint Elb']);
  });

  test('an internet-facing ALB whose target IP lies in the domain subnet reaches the domain', () => {
    const findings = findingsOf({
      DomainSubnet: subnet('10.0.5.0/24'),
      LbSubnet: subnet('10.0.9.0/24'),
      LbSg: sg([tcp(443, { CidrIp: '0.0.0.0/0' })]),
      DomainSg: sg([tcp(443, { SourceSecurityGroupId: { Ref: 'LbSg' } })]),
      Domain: { Type: 'AWS::OpenSearchService::Domain', Properties: { VPCOptions: { SubnetIds: [{ Ref: 'DomainSubnet' }], SecurityGroupIds: [{ Ref: 'DomainSg' }] } } },
      Lb: alb(),
      L443: listener(443, 'Ips'),
      Ips: targetGroup({ TargetType: 'ip', Port: 443, Protocol: 'HTTPS', Targets: [{ Id: '10.0.5.10' }] }),
    });
    expect(exposure(findings)).toContain('public-endpoint L443');
  });

  test('a load balancer whose backend port is a parameter is unverifiable, not a pass', () => {
    const findings = findingsOf({ ...privateNode, Lb: alb(), L80: listener(80), Tg: targetGroup({ Port: { Ref: 'BackendPort' } }) }, { Parameters: { BackendPort: { Type: 'Number' } } });
    expect(exposure(findings)).toEqual(['unverifiable-network L80']);
    expect(findings.find(f => f.ruleId === 'unverifiable-network')!.message).toContain('Tg.Port is not known at synthesis');
  });

  test('two groups on one domain each admitting a public /24 are one public-ingress (512 addresses)', () => {
    const findings = findingsOf({
      A: sg([tcp(443, { CidrIp: '198.51.0.0/24' })]),
      B: sg([tcp(443, { CidrIp: '198.52.0.0/24' })]),
      Domain: { Type: 'AWS::OpenSearchService::Domain', Properties: { VPCOptions: { SubnetIds: ['subnet-1'], SecurityGroupIds: [{ Ref: 'A' }, { Ref: 'B' }] } } },
    });
    // Each /24 alone would be a public-allowlist warning; the domain's union makes both rules errors.
    expect(exposure(findings)).toEqual(['public-ingress A', 'public-ingress B']);
    expect(findings.find(f => f.resource === 'A')!.message).toMatch(/512|domain Domain/);
  });

  test('an Fn::If with a literal 0.0.0.0/0 branch and a parameter branch is a certain public-ingress', () => {
    const findings = findingsOf({ EsSg: sg([tcp(9200, { CidrIp: { 'Fn::If': ['Open', '0.0.0.0/0', { Ref: 'Cidr' }] } })]), Private: subnet('10.0.1.0/24'), Es: esInstance() }, { Parameters: { Cidr: { Type: 'String' } } });
    expect(exposure(findings)).toEqual(['public-ingress EsSg', 'unverifiable-network EsSg']);
  });

  test.each([
    ['a nested stack whose template is not in the input', { Net: { Type: 'AWS::CloudFormation::Stack', Properties: { TemplateURL: 'https://s3.amazonaws.com/b/net.json' } } }, 'Net'],
    ['an AWS::Include transform', { Sg: { Type: 'AWS::EC2::SecurityGroup', Properties: { 'Fn::Transform': { Name: 'AWS::Include', Parameters: { Location: 's3://b/sg.yaml' } } } } }, 'Sg'],
    ['an AwsCustomResource calling EC2', { Open: { Type: 'Custom::AWS', Properties: { ServiceToken: 'arn', Create: '{"service":"EC2","action":"authorizeSecurityGroupIngress","parameters":{}}' } } }, 'Open'],
  ])('%s is unverifiable-network named by that resource', (_name, resources, named) => {
    expect(exposure(findingsOf(resources))).toContain(`unverifiable-network ${named}`);
  });

  test('Elasticsearch installed by a shell script behind a group open to the internet is public-ingress', () => {
    const findings = findingsOf({ Private: subnet('10.0.1.0/24'), EsSg: sg([tcp(9200, { CidrIp: '0.0.0.0/0' })]), Es: esInstance() });
    expect(exposure(findings)).toEqual(['public-ingress EsSg']);
    expect(findings.find(f => f.ruleId === 'public-ingress')!.message).toContain('of Es');
  });

  test('a public IP on a node whose group admits the internet on 9200 is public-endpoint at the node', () => {
    const findings = findingsOf({ Private: subnet('10.0.1.0/24', { MapPublicIpOnLaunch: true }), EsSg: sg([tcp(9200, { CidrIp: '0.0.0.0/0' })]), Es: esInstance() });
    expect(exposure(findings)).toEqual(['public-endpoint Es', 'public-ingress EsSg']);
  });
});

describe('public endpoints', () => {
  test('a domain outside a VPC is one public-endpoint, with its path, not one per reading', () => {
    const findings = findingsOf({ Domain: { Type: 'AWS::OpenSearchService::Domain', Properties: {} } });
    expect(exposure(findings)).toEqual(['public-endpoint Domain']);
    expect(findings.find(f => f.ruleId === 'public-endpoint')!.message).toMatch(/^public-endpoint: public endpoint of domain Domain \(no VPCOptions/);
  });
});

describe('what failed before and must pass', () => {
  test('a public IP on a jump box in the cluster subnet, not on a node, is no public-endpoint', () => {
    const findings = findingsOf({
      ...privateNode,
      Jump: { Type: 'AWS::EC2::Instance', Properties: { ImageId: 'ami-1', SubnetId: { Ref: 'Private' }, SecurityGroupIds: [{ Ref: 'JumpSg' }], UserData: { 'Fn::Base64': '#!/bin/bash\nyum install -y tmux\n' } } },
      JumpSg: sg([tcp(22, { CidrIp: '203.0.113.0/24' })]),
      JumpIp: { Type: 'AWS::EC2::EIP', Properties: { InstanceId: { Ref: 'Jump' } } },
    });
    expect(exposure(findings)).toEqual([]);
  });

  test('an NLB keeping the client address in front of a node whose group refuses the internet is no exposure', () => {
    const findings = findingsOf({
      ...privateNode,
      EsSg: sg([tcp(9200, { CidrIp: '10.0.0.0/16' })]),
      Lb: { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: { Type: 'network', Subnets: [{ Ref: 'LbSubnet' }] } },
      L: { ...listener(9200), Properties: { ...listener(9200).Properties, Protocol: 'TCP' } },
      Tg: targetGroup({ Protocol: 'TCP' }),
    });
    expect(exposure(findings)).toEqual([]);
  });

  test.each([
    ['Fn::Select over Vpc.Ipv6CidrBlocks', { 'Fn::Select': [0, { 'Fn::GetAtt': ['Vpc', 'Ipv6CidrBlocks'] }] }],
    ['the VPC IPv6 /56 literal', '2600:1f18:abcd:1200::/56'],
  ])('a rule admitting the VPC address space by %s is no public-ingress', (_name, cidr) => {
    const findings = findingsOf({
      Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } },
      Ipv6: { Type: 'AWS::EC2::VPCCidrBlock', Properties: { VpcId: { Ref: 'Vpc' }, Ipv6CidrBlock: '2600:1f18:abcd:1200::/56' } },
      Private: subnet('10.0.1.0/24'),
      EsSg: sg([tcp(9200, { CidrIpv6: cidr })]),
      Es: esInstance(),
    });
    expect(exposure(findings)).toEqual([]);
  });
});

describe('groups that admit no public client, judged alone on the self-managed ports (review of the perf change)', () => {
  const vpc = { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } };
  const vpcCidr = { 'Fn::GetAtt': ['Vpc', 'CidrBlock'] };

  test('a domain group admitting only the VPC CIDR still exposes the domain behind an internet-facing ALB (the proxy address arrives)', () => {
    const findings = findingsOf({
      Vpc: vpc,
      DomainSubnet: subnet('10.0.5.0/24'),
      LbSubnet: subnet('10.0.9.0/24'),
      LbSg: sg([tcp(443, { CidrIp: '0.0.0.0/0' })]),
      DomainSg: sg([{ IpProtocol: '-1', CidrIp: vpcCidr }]),
      Domain: { Type: 'AWS::OpenSearchService::Domain', Properties: { VPCOptions: { SubnetIds: [{ Ref: 'DomainSubnet' }], SecurityGroupIds: [{ Ref: 'DomainSg' }] } } },
      Lb: alb(),
      L443: { ...listener(443), Properties: { ...listener(443).Properties, Protocol: 'HTTPS' } },
      Tg: targetGroup({ Protocol: 'HTTPS', Port: 443, TargetType: 'ip', Targets: [{ Id: '10.0.5.10' }] }),
    });
    expect(exposure(findings)).toEqual(['public-endpoint L443']);
  });

  test.each([
    ['a protocol given by a parameter', { IpProtocol: { Ref: 'P' }, FromPort: 9200, ToPort: 9200, CidrIp: '10.0.0.0/8' }],
    ['ports given by a parameter', { IpProtocol: 'tcp', FromPort: { Ref: 'P' }, ToPort: { Ref: 'P' }, CidrIp: vpcCidr }],
    ['a source group given by a parameter', { IpProtocol: 'tcp', FromPort: 9200, ToPort: 9200, SourceSecurityGroupId: { Ref: 'P' } }],
  ])('an unattached group whose unknown rule (%s) admits only private sources is not unverifiable', (_name, rule) => {
    expect(exposure(findingsOf({ Vpc: vpc, Sg: sg([rule]) }, { Parameters: { P: { Type: 'String' } } }))).toEqual([]);
  });

  test('an unattached group whose rule admits a parameter CIDR next to private ones stays unverifiable', () => {
    const findings = findingsOf({ Vpc: vpc, Sg: sg([tcp(9200, { CidrIp: '10.0.0.0/8' }), tcp(9200, { CidrIp: { Ref: 'P' } })]) }, { Parameters: { P: { Type: 'String' } } });
    expect(exposure(findings)).toEqual(['unverifiable-network Sg']);
  });
});
