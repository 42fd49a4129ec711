/**
 * Path hops of the CloudFormation translator (spec: "Paths"), on hand-written templates: nodes and
 * their filter stages, entry points and their forwards, opaque resources, partly-known values.
 */
import { ClusterNode, EntryPoint, InfrastructureModel, Known, resourceKey, TrafficSource } from '../../../src/core/model/model';
import { canOpenPath } from '../../../src/core/model/path-types';
import { cloudFormationToModel } from '../../../src/formats/cloudformation';

const FILE = 't.json';
const STACK = 'S';
/** The model id of a resource of the one template these tests translate. */
const id = (logicalId: string, type = 'AWS::EC2::SecurityGroup') => resourceKey({ resource: logicalId, resourceType: type, file: FILE, stack: STACK });

function model(resources: Record<string, any>, rest: Record<string, any> = {}, extraInputs: any[] = []): InfrastructureModel {
  return cloudFormationToModel([{ file: FILE, stackName: STACK, template: { Resources: resources, ...rest } }, ...extraInputs]);
}
const sg = (ingress: any[] = []) => ({ Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: 'g', VpcId: 'vpc-1', SecurityGroupIngress: ingress } });
const subnet = (cidr: string, extra: Record<string, any> = {}) => ({ Type: 'AWS::EC2::Subnet', Properties: { VpcId: 'vpc-1', CidrBlock: cidr, ...extra } });
const shell = (script: string) => ({ 'Fn::Base64': script });
const ES_SCRIPT = '#!/bin/bash\nyum install -y elasticsearch\nsystemctl enable --now elasticsearch\n';
const instance = (properties: Record<string, any>) => ({ Type: 'AWS::EC2::Instance', Properties: { ImageId: 'ami-1', InstanceType: 't3.large', ...properties } });
const esInstance = (properties: Record<string, any> = {}) => instance({ UserData: shell(ES_SCRIPT), SecurityGroupIds: [{ 'Fn::GetAtt': ['EsSg', 'GroupId'] }], ...properties });

function node(m: InfrastructureModel, logicalId: string): ClusterNode {
  const found = (m.nodes ?? []).find(n => n.location.resource === logicalId);
  if (!found) throw new Error(`no node ${logicalId} in ${(m.nodes ?? []).map(n => n.location.resource)}`);
  return found;
}
function entry(m: InfrastructureModel, logicalId: string): EntryPoint {
  const found = (m.entryPoints ?? []).find(e => e.location.resource === logicalId);
  if (!found) throw new Error(`no entry point ${logicalId} in ${(m.entryPoints ?? []).map(e => e.location.resource)}`);
  return found;
}
const text = (k: Known<any>) => (k.known ? String(k.value) : `unknown: ${k.reason}`);
const stageFirewalls = (n: ClusterNode) => n.filters.map(stage => stage.firewalls.map(text));
function render(source: TrafficSource): string {
  switch (source.kind) {
    case 'addresses': return source.addresses.toCidrs().join(',');
    case 'network': return `network ${source.text}${source.addresses ? ` = ${source.addresses.toCidrs().join(',')}` : ''}`;
    case 'unknown': return `unknown: ${source.reason}`;
    case 'private': return `private ${source.group ?? source.text}`;
    default: return source.tag;
  }
}
const sourcesOf = (m: InfrastructureModel, group: string) =>
  m.firewalls.find(f => f.location.resource === group)!.rules.flatMap(r => r.sources.map(render));

describe('managed domains as nodes', () => {
  const domain = (vpcOptions?: any) => ({ Type: 'AWS::OpenSearchService::Domain', Properties: vpcOptions ? { VPCOptions: vpcOptions } : {} });

  test('a domain with two security groups is one node whose one filter stage is the union of both groups', () => {
    const m = model({
      A: sg([{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '198.51.0.0/24' }]),
      B: sg([{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '198.52.0.0/24' }]),
      SubnetA: subnet('10.0.1.0/24'),
      Domain: domain({ SubnetIds: [{ Ref: 'SubnetA' }], SecurityGroupIds: [{ 'Fn::GetAtt': ['A', 'GroupId'] }, { Ref: 'B' }] }),
    });
    const n = node(m, 'Domain');
    expect(stageFirewalls(n)).toEqual([[id('A'), id('B')]]);
    expect(n.cluster).toBe(id('Domain', 'AWS::OpenSearchService::Domain'));
    expect(n.addresses?.toCidrs()).toEqual(['10.0.1.0/24']);
    expect(m.entryPoints).toEqual([]);
  });

  test('a domain outside a VPC is a public-endpoint entry point forwarding its ports to the domain node', () => {
    const m = model({ Domain: domain() });
    const e = entry(m, 'Domain');
    expect(e.kind).toBe('public-endpoint');
    expect(e.forwards).toHaveLength(1);
    expect(e.forwards[0].targets).toEqual([{ known: true, value: node(m, 'Domain').id }]);
    expect(e.forwards[0].frontendPorts.known && e.forwards[0].frontendPorts.value.toString()).toBe('80, 443');
    expect(e.forwards[0].preservesClientAddress).toBe(true);
    expect(node(m, 'Domain').filters).toEqual([]);
  });

  test('a domain whose group is not in the input has an unknown firewall in its stage', () => {
    const m = model({ Domain: domain({ SubnetIds: ['subnet-1'], SecurityGroupIds: ['sg-123'] }) });
    expect(stageFirewalls(node(m, 'Domain'))).toEqual([['unknown: SecurityGroupIds: security group "sg-123" is not in the input']]);
  });
});

describe('self-managed nodes', () => {
  test('an instance whose shell script installs Elasticsearch is a self-managed cluster with one node behind its group', () => {
    const m = model({ EsSg: sg(), Es: esInstance() });
    const [cluster] = m.clusters;
    expect(cluster).toMatchObject({ kind: 'self-managed', ports: [9200, 9300, 5601] });
    const n = node(m, 'Es');
    expect(n.cluster).toBe(cluster.id);
    expect(n.name).toBe('instance Es');
    expect(stageFirewalls(n)).toEqual([[id('EsSg')]]);
    expect(cluster.facts.securityEnabled?.known).toBe(false);
  });

  test('an instance whose user data does not start search software is no node', () => {
    const m = model({ EsSg: sg(), Web: instance({ UserData: shell('#!/bin/bash\nyum install -y nginx\npip install elasticsearch\n'), SecurityGroupIds: [{ Ref: 'EsSg' }] }) });
    expect(m.nodes).toEqual([]);
    expect(m.clusters).toEqual([]);
  });

  test('a cloud-config that enables security in elasticsearch.yml and turns it off in a runcmd afterwards has security off', () => {
    const cloudConfig = [
      '#cloud-config',
      'packages: [elasticsearch]',
      'write_files:',
      '  - path: /etc/elasticsearch/elasticsearch.yml',
      '    content: |',
      '      xpack.security.enabled: true',
      'runcmd:',
      '  - "sed -i \'s/^xpack.security.enabled: true/xpack.security.enabled: false/\' /etc/elasticsearch/elasticsearch.yml"',
      '  - systemctl start elasticsearch',
    ].join('\n');
    const m = model({ EsSg: sg(), Es: esInstance({ UserData: { 'Fn::Base64': { 'Fn::Sub': cloudConfig } } }) });
    expect(m.clusters[0].facts.securityEnabled).toEqual({ known: true, value: false });
  });

  test('a shell script that writes xpack.security.enabled: false with a heredoc has security off', () => {
    const script = '#!/bin/bash\napt-get install -y elasticsearch\ncat > /etc/elasticsearch/elasticsearch.yml <<EOF\nxpack.security.enabled: false\nEOF\n';
    const m = model({ EsSg: sg(), Es: esInstance({ UserData: shell(script) }) });
    expect(m.clusters[0].facts.securityEnabled).toEqual({ known: true, value: false });
  });

  test('an Auto Scaling group launching a launch template with Kibana in its user data is a node behind the template interface groups', () => {
    const m = model({
      KibanaSg: sg(),
      Template: {
        Type: 'AWS::EC2::LaunchTemplate',
        Properties: {
          LaunchTemplateData: {
            UserData: { 'Fn::Base64': { 'Fn::Sub': '#!/bin/bash\ndocker run -d -p 5601:5601 docker.elastic.co/kibana/kibana:8.15.0\n' } },
            NetworkInterfaces: [{ DeviceIndex: 0, AssociatePublicIpAddress: true, Groups: [{ 'Fn::GetAtt': ['KibanaSg', 'GroupId'] }] }],
          },
        },
      },
      Asg: {
        Type: 'AWS::AutoScaling::AutoScalingGroup',
        Properties: { MinSize: '1', MaxSize: '2', LaunchTemplate: { LaunchTemplateId: { Ref: 'Template' }, Version: { 'Fn::GetAtt': ['Template', 'LatestVersionNumber'] } } },
      },
    });
    const n = node(m, 'Asg');
    expect(n.name).toBe('Auto Scaling group Asg');
    expect(stageFirewalls(n)).toEqual([[id('KibanaSg')]]);
    const e = entry(m, 'Asg');
    expect(e).toMatchObject({ kind: 'public-ip', name: 'public IP of Auto Scaling group Asg (AssociatePublicIpAddress)' });
    expect(e.forwards[0]).toMatchObject({ targets: [{ known: true, value: n.id }], preservesClientAddress: true });
  });

  test('two instances tagged with the same search-guardrails:cluster value are two nodes of one cluster', () => {
    const tags = [{ Key: 'search-guardrails:cluster', Value: 'logs' }];
    const m = model({ EsSg: sg(), A: instance({ Tags: tags, SecurityGroupIds: [{ Ref: 'EsSg' }] }), B: instance({ Tags: tags, SecurityGroupIds: [{ Ref: 'EsSg' }] }) });
    expect(m.clusters).toHaveLength(1);
    expect(m.nodes!.map(n => n.cluster)).toEqual([m.clusters[0].id, m.clusters[0].id]);
  });

  test('groups come from interface GroupSets, attached network interfaces and group names, and none at all is unknown', () => {
    const m = model({
      A: sg(),
      B: sg(),
      C: { ...sg(), Properties: { ...sg().Properties, GroupName: 'named' } },
      Eni: { Type: 'AWS::EC2::NetworkInterface', Properties: { SubnetId: 'subnet-1', GroupSet: [{ Ref: 'B' }], PrivateIpAddress: '10.0.0.5' } },
      Es: instance({ UserData: shell(ES_SCRIPT), NetworkInterfaces: [{ DeviceIndex: 0, GroupSet: [{ Ref: 'A' }] }, { DeviceIndex: 1, NetworkInterfaceId: { Ref: 'Eni' } }] }),
      Named: instance({ UserData: shell(ES_SCRIPT), SecurityGroups: ['named'] }),
      Bare: instance({ UserData: shell(ES_SCRIPT) }),
    });
    expect(stageFirewalls(node(m, 'Es'))).toEqual([[id('A'), id('B')]]);
    expect(node(m, 'Es').addresses?.toCidrs()).toEqual(['10.0.0.5/32']);
    expect(stageFirewalls(node(m, 'Named'))).toEqual([[id('C')]]);
    expect(stageFirewalls(node(m, 'Bare'))[0][0]).toMatch(/^unknown: Bare names no security group/);
  });
});

describe('public IPs', () => {
  test('an instance in a subnet with MapPublicIpOnLaunch gets a public-ip entry point, one without does not', () => {
    const m = model({ Public: subnet('10.0.0.0/24', { MapPublicIpOnLaunch: true }), Private: subnet('10.0.1.0/24'), EsSg: sg(), A: esInstance({ SubnetId: { Ref: 'Public' } }), B: esInstance({ SubnetId: { Ref: 'Private' } }) });
    expect(m.entryPoints!.map(e => e.name)).toEqual(['public IP of instance A (subnet Public has MapPublicIpOnLaunch)']);
  });

  test('an Elastic IP on a node, by instance or by its network interface, is a public-ip entry point named by the EIP', () => {
    const m = model({
      EsSg: sg(),
      Eni: { Type: 'AWS::EC2::NetworkInterface', Properties: { SubnetId: 'subnet-1', GroupSet: [{ Ref: 'EsSg' }] } },
      Es: esInstance({ SecurityGroupIds: undefined, NetworkInterfaces: [{ DeviceIndex: 0, NetworkInterfaceId: { Ref: 'Eni' } }] }),
      Ip: { Type: 'AWS::EC2::EIP', Properties: { Domain: 'vpc' } },
      Assoc: { Type: 'AWS::EC2::EIPAssociation', Properties: { AllocationId: { 'Fn::GetAtt': ['Ip', 'AllocationId'] }, NetworkInterfaceId: { Ref: 'Eni' } } },
      Direct: { Type: 'AWS::EC2::EIP', Properties: { InstanceId: { Ref: 'Es' } } },
    });
    expect(m.entryPoints!.map(e => [e.kind, e.name])).toEqual([
      ['public-ip', 'Elastic IP Assoc on instance Es'],
      ['public-ip', 'Elastic IP Direct on instance Es'],
    ]);
  });
});

describe('network interfaces attached to instances', () => {
  test('an Elastic IP on an attached interface names the instance the attachment names, each interface its own', () => {
    const eni = () => ({ Type: 'AWS::EC2::NetworkInterface', Properties: { SubnetId: 'subnet-1', GroupSet: [{ Ref: 'EsSg' }] } });
    const attach = (host: string, nic: string) => ({ Type: 'AWS::EC2::NetworkInterfaceAttachment', Properties: { InstanceId: { Ref: host }, NetworkInterfaceId: { Ref: nic }, DeviceIndex: '1' } });
    const eip = (nic: string) => ({ Type: 'AWS::EC2::EIPAssociation', Properties: { AllocationId: 'eipalloc-1', NetworkInterfaceId: { Ref: nic } } });
    const m = model({
      EsSg: sg(),
      EniB: eni(),
      EniA: eni(),
      Shared: eni(),
      Loose: eni(),
      A: esInstance(),
      B: esInstance(),
      AttachB: attach('B', 'EniB'),
      AttachA: attach('A', 'EniA'),
      SharedB: attach('B', 'Shared'),
      SharedA: attach('A', 'Shared'),
      IpA: eip('EniA'),
      IpB: eip('EniB'),
      IpShared: eip('Shared'),
      IpLoose: eip('Loose'),
    });
    // An interface attached to both is found on the first instance node (A): no entry for an unattached one.
    expect(m.entryPoints!.filter(e => e.kind === 'public-ip').map(e => e.name)).toEqual([
      'Elastic IP IpA on instance A', 'Elastic IP IpB on instance B', 'Elastic IP IpShared on instance A',
    ]);
  });
});

describe('public IPv6 addresses', () => {
  const network = (gatewayType: string) => ({
    Subnet: subnet('10.0.0.0/24', { Ipv6CidrBlock: '2600:1f18:abcd:1201::/64', AssignIpv6AddressOnCreation: true }),
    Table: { Type: 'AWS::EC2::RouteTable', Properties: { VpcId: 'vpc-1' } },
    Association: { Type: 'AWS::EC2::SubnetRouteTableAssociation', Properties: { SubnetId: { Ref: 'Subnet' }, RouteTableId: { Ref: 'Table' } } },
    Gateway: { Type: gatewayType, Properties: {} },
    Default6: { Type: 'AWS::EC2::Route', Properties: { RouteTableId: { Ref: 'Table' }, DestinationIpv6CidrBlock: '::/0', GatewayId: { Ref: 'Gateway' } } },
    EsSg: sg(),
  });

  test('a node in a subnet that assigns IPv6 addresses and routes ::/0 to an internet gateway has a public IPv6 entry point', () => {
    const m = model({ ...network('AWS::EC2::InternetGateway'), Es: esInstance({ SubnetId: { Ref: 'Subnet' } }) });
    expect(m.entryPoints!.map(e => [e.kind, e.name])).toEqual([['public-ip', 'public IPv6 address of instance Es (subnet Subnet routes ::/0 to internet gateway Gateway)']]);
  });

  test('an egress-only internet gateway, or Ipv6AddressCount 0, gives no entry point', () => {
    expect(model({ ...network('AWS::EC2::EgressOnlyInternetGateway'), Es: esInstance({ SubnetId: { Ref: 'Subnet' } }) }).entryPoints).toEqual([]);
    expect(model({ ...network('AWS::EC2::InternetGateway'), Es: esInstance({ SubnetId: { Ref: 'Subnet' }, Ipv6AddressCount: 0 }) }).entryPoints).toEqual([]);
  });
});

describe('load balancers', () => {
  const alb = (extra: Record<string, any> = {}) => ({ Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: { Subnets: [{ Ref: 'LbSubnet' }], SecurityGroups: [{ 'Fn::GetAtt': ['LbSg', 'GroupId'] }], ...extra } });
  const listener = (lb: string, port: number, actions: any[]) => ({ Type: 'AWS::ElasticLoadBalancingV2::Listener', Properties: { LoadBalancerArn: { Ref: lb }, Port: port, Protocol: 'HTTPS', DefaultActions: actions } });
  const forwardTo = (tg: string) => [{ Type: 'forward', TargetGroupArn: { Ref: tg } }];
  const targetGroup = (properties: Record<string, any>) => ({ Type: 'AWS::ElasticLoadBalancingV2::TargetGroup', Properties: { VpcId: 'vpc-1', Protocol: 'HTTP', Port: 9200, ...properties } });
  const base = { LbSg: sg(), LbSubnet: subnet('10.0.9.0/24'), EsSg: sg(), Es: esInstance() };

  test('an internet-facing ALB (the default scheme) listener forwarding to a node is a proxy from the ALB security group', () => {
    const m = model({ ...base, Lb: alb(), L443: listener('Lb', 443, forwardTo('Tg')), Tg: targetGroup({ Targets: [{ Id: { Ref: 'Es' } }] }) });
    const e = entry(m, 'Lb');
    expect(e).toMatchObject({ kind: 'application-load-balancer', name: 'internet-facing application load balancer Lb' });
    expect(e.filters!.map(s => s.firewalls.map(text))).toEqual([[id('LbSg')]]);
    const [f] = e.forwards;
    expect(f).toMatchObject({ name: 'listener L443 (443) -> target group Tg (port 9200)', backendPort: { known: true, value: 9200 }, preservesClientAddress: false });
    expect(f.frontendPorts.known && f.frontendPorts.value.toString()).toBe('443');
    expect(f.targets).toEqual([{ known: true, value: node(m, 'Es').id }]);
    expect(f.proxySource!.groups).toEqual([id('LbSg')]);
    expect(f.proxySource!.addresses.known && f.proxySource!.addresses.value.toCidrs()).toEqual(['10.0.9.0/24']);
    expect(f.location?.resource).toBe('L443');
  });

  test('an internal load balancer is no entry point', () => {
    const m = model({ ...base, Lb: alb({ Scheme: 'internal' }), L: listener('Lb', 443, forwardTo('Tg')), Tg: targetGroup({ Targets: [{ Id: { Ref: 'Es' } }] }) });
    expect(m.entryPoints).toEqual([]);
  });

  test.each([
    ['instance targets keep the client address by default', { Targets: [{ Id: { Ref: 'Es' } }] }, true],
    ['IP targets over TCP do not by default', { TargetType: 'ip', Protocol: 'TCP', Targets: [{ Id: '10.0.0.5' }] }, false],
    ['IP targets with preserve_client_ip.enabled true do', { TargetType: 'ip', Protocol: 'TCP', Targets: [{ Id: '10.0.0.5' }], TargetGroupAttributes: [{ Key: 'preserve_client_ip.enabled', Value: 'true' }] }, true],
    ['instance targets with preserve_client_ip.enabled false do not', { Targets: [{ Id: { Ref: 'Es' } }], TargetGroupAttributes: [{ Key: 'preserve_client_ip.enabled', Value: 'false' }] }, false],
  ])('NLB: %s', (_name, tg, preserves) => {
    const m = model({
      ...base,
      Es: esInstance({ PrivateIpAddress: '10.0.0.5' }),
      Lb: { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: { Type: 'network', Subnets: [{ Ref: 'LbSubnet' }] } },
      L: { ...listener('Lb', 9200, forwardTo('Tg')), Properties: { ...listener('Lb', 9200, forwardTo('Tg')).Properties, Protocol: 'TCP' } },
      Tg: targetGroup({ Protocol: 'TCP', ...tg }),
    });
    const e = entry(m, 'Lb');
    expect(e.kind).toBe('network-load-balancer');
    expect(e.filters).toEqual([]);
    expect(e.forwards[0].targets).toEqual([{ known: true, value: node(m, 'Es').id }]);
    expect(e.forwards[0].preservesClientAddress).toBe(preserves);
    expect(e.forwards[0].proxySource !== undefined).toBe(!preserves);
  });

  test('an ALB forwarding with ForwardConfig to IP targets inside a domain subnet reaches the domain, and an Auto Scaling group by TargetGroupARNs', () => {
    const m = model({
      ...base,
      DomainSubnet: subnet('10.0.5.0/24'),
      Domain: { Type: 'AWS::OpenSearchService::Domain', Properties: { VPCOptions: { SubnetIds: [{ Ref: 'DomainSubnet' }], SecurityGroupIds: [{ Ref: 'EsSg' }] } } },
      Lb: alb(),
      L: listener('Lb', 443, [{ Type: 'forward', ForwardConfig: { TargetGroups: [{ TargetGroupArn: { Ref: 'Ips' } }, { TargetGroupArn: { Ref: 'Group' } }] } }]),
      Ips: targetGroup({ TargetType: 'ip', Port: 443, Protocol: 'HTTPS', Targets: [{ Id: '10.0.5.17' }, { Id: '10.0.77.1' }] }),
      Group: targetGroup({}),
      Asg: { Type: 'AWS::AutoScaling::AutoScalingGroup', Properties: { MinSize: '1', MaxSize: '1', TargetGroupARNs: [{ Ref: 'Group' }], LaunchConfigurationName: { Ref: 'Lc' } } },
      Lc: { Type: 'AWS::AutoScaling::LaunchConfiguration', Properties: { ImageId: 'ami-1', InstanceType: 't3.large', UserData: shell(ES_SCRIPT), SecurityGroups: [{ Ref: 'EsSg' }] } },
    });
    const forwards = entry(m, 'Lb').forwards;
    expect(forwards.map(f => [f.name, f.targets.map(text)])).toEqual([
      ['listener L (443) -> target group Ips (port 443)', [node(m, 'Domain').id]],
      ['listener L (443) -> target group Group (port 9200)', [node(m, 'Asg').id]],
    ]);
  });

  test("an IP target given as a node interface's PrimaryPrivateIpAddress reaches that node; another instance's is no target", () => {
    const m = model({
      ...base,
      Eni: { Type: 'AWS::EC2::NetworkInterface', Properties: { SubnetId: 'subnet-1', GroupSet: [{ Ref: 'EsSg' }] } },
      Es: esInstance({ SecurityGroupIds: undefined, NetworkInterfaces: [{ DeviceIndex: 0, NetworkInterfaceId: { Ref: 'Eni' } }] }),
      Web: { Type: 'AWS::EC2::Instance', Properties: { ImageId: 'ami-1' } },
      Lb: alb(),
      L: listener('Lb', 443, forwardTo('Tg')),
      Tg: targetGroup({ TargetType: 'ip', Targets: [{ Id: { 'Fn::GetAtt': ['Eni', 'PrimaryPrivateIpAddress'] } }, { Id: { 'Fn::GetAtt': ['Web', 'PrivateIp'] } }] }),
    });
    expect(entry(m, 'Lb').forwards[0].targets).toEqual([{ known: true, value: node(m, 'Es').id }]);
  });

  test('a target whose id is a parameter is an unknown target, not a pass', () => {
    const m = model({ ...base, Lb: alb(), L: listener('Lb', 443, forwardTo('Tg')), Tg: targetGroup({ Targets: [{ Id: { Ref: 'TargetId' } }] }) }, { Parameters: { TargetId: { Type: 'String' } } });
    expect(entry(m, 'Lb').forwards[0].targets.map(text)).toEqual(['unknown: target of Tg: Ref to parameter TargetId is not known at synthesis']);
  });

  test('a Classic ELB in front of a node is a proxy forwarding LoadBalancerPort to InstancePort', () => {
    const m = model({
      ...base,
      Elb: { Type: 'AWS::ElasticLoadBalancing::LoadBalancer', Properties: { Subnets: [{ Ref: 'LbSubnet' }], SecurityGroups: [{ Ref: 'LbSg' }], Instances: [{ Ref: 'Es' }], Listeners: [{ LoadBalancerPort: '80', InstancePort: '9200', Protocol: 'HTTP' }] } },
    });
    const e = entry(m, 'Elb');
    expect(e.kind).toBe('classic-load-balancer');
    expect(e.forwards[0]).toMatchObject({ name: 'listener 80 -> 9200', backendPort: { known: true, value: 9200 }, preservesClientAddress: false, targets: [{ known: true, value: node(m, 'Es').id }] });
    expect(e.forwards[0].proxySource!.groups).toEqual([id('LbSg')]);
  });
});

describe('opaque resources', () => {
  test('a nested stack whose template is not in the input is opaque, one whose asset is in the input is not', () => {
    const nested = (asset: string) => ({ Type: 'AWS::CloudFormation::Stack', Metadata: { 'aws:asset:path': asset }, Properties: { TemplateURL: 'https://s3.amazonaws.com/b/x.json' } });
    const m = model({ Missing: nested('SMissing.nested.template.json'), Present: nested('SPresent.nested.template.json') }, {}, [{ file: 'cdk.out/SPresent.nested.template.json', template: { Resources: {} } }]);
    expect(m.opaque!.map(o => o.location.resource)).toEqual(['Missing']);
    expect(m.opaque![0].description).toContain('https://s3.amazonaws.com/b/x.json');
  });

  test('an AWS::Include transform is opaque, named by the resource that holds it', () => {
    const m = model({ Sg: { Type: 'AWS::EC2::SecurityGroup', Properties: { 'Fn::Transform': { Name: 'AWS::Include', Parameters: { Location: 's3://b/ingress.yaml' } } } } });
    expect(m.opaque!.map(o => [o.location.resource, o.description])).toEqual([['Sg', expect.stringContaining('AWS::Include" from s3://b/ingress.yaml')]]);
  });

  test('an Fn::Transform deep in a list of a later template is found, and a string that only spells the name is not one', () => {
    const deep = { Type: 'AWS::EC2::SecurityGroup', Properties: { SecurityGroupIngress: [{ IpProtocol: 'tcp' }, [{ 'Fn::Transform': { Name: 'AWS::Include' } }]] } };
    const m = model({ Sg: sg(), Text: { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: 'Fn::Transform' } } }, {}, [{ file: 'other.json', template: { Resources: { Deep: deep } } }]);
    expect(m.opaque!.map(o => [o.location.resource, o.location.file])).toEqual([['Deep', 'other.json']]);
  });

  test('an AwsCustomResource calling EC2 is opaque; the L2 access policy call is not', () => {
    const call = (service: string, action: string, parameters: any) => JSON.stringify({ service, action, parameters, physicalResourceId: { id: 'x' } });
    const m = model({
      Open: { Type: 'Custom::AWS', Properties: { ServiceToken: 'arn', Create: call('EC2', 'authorizeSecurityGroupIngress', { GroupId: 'sg-1', CidrIp: '0.0.0.0/0' }) } },
      Policy: { Type: 'Custom::OpenSearchAccessPolicy', Properties: { ServiceToken: 'arn', Create: { 'Fn::Join': ['', ['{"service":"OpenSearch","action":"updateDomainConfig","parameters":{"DomainName":"', { Ref: 'D' }, '","AccessPolicies":"{}"}}']] } } },
    });
    expect(m.opaque!.map(o => [o.location.resource, o.description])).toEqual([['Open', expect.stringContaining('ec2:authorizeSecurityGroupIngress')]]);
    const readOnly = model({ Lookup: { Type: 'Custom::AWS', Properties: { ServiceToken: 'arn', Create: call('EC2', 'describeSecurityGroups', { GroupIds: ['sg-1'] }) } } });
    expect(readOnly.opaque).toEqual([]);
  });

  test('a custom resource whose provider may call elasticloadbalancing is opaque; one allowed only S3 is not', () => {
    const provider = (actions: string[]) => ({
      Role: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: {}, Policies: [{ PolicyName: 'p', PolicyDocument: { Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }] } }] } },
      Fn: { Type: 'AWS::Lambda::Function', Properties: { Role: { 'Fn::GetAtt': ['Role', 'Arn'] }, Code: {}, Runtime: 'nodejs20.x', Handler: 'i.h' } },
      Custom: { Type: 'Custom::Thing', Properties: { ServiceToken: { 'Fn::GetAtt': ['Fn', 'Arn'] } } },
    });
    expect(model(provider(['elasticloadbalancing:RegisterTargets'])).opaque!.map(o => o.location.resource)).toEqual(['Custom']);
    expect(model(provider(['s3:PutObject'])).opaque).toEqual([]);
    expect(model(provider(['ec2:DescribeInstances', 'elasticloadbalancing:Describe*'])).opaque).toEqual([]);
  });
});

describe('resource types the translator does not read', () => {
  test('network-related types it skips are listed, and those that can open a path say so; other services are not listed', () => {
    const m = model({
      Accelerator: { Type: 'AWS::GlobalAccelerator::EndpointGroup', Properties: {} },
      Nat: { Type: 'AWS::EC2::NatGateway', Properties: {} },
      Bucket: { Type: 'AWS::S3::Bucket', Properties: {} },
      Sg: sg(),
    });
    expect(m.unmodelledResourceTypes).toEqual(['AWS::EC2::NatGateway', 'AWS::GlobalAccelerator::EndpointGroup']);
    expect(m.unmodelledResourceTypes!.map(canOpenPath)).toEqual([false, true]);
    // Each resource of such a type is an opaque change, named by that resource.
    expect(m.opaque!.map(o => [o.location.resource, o.description])).toEqual([['Accelerator', 'Accelerator (AWS::GlobalAccelerator::EndpointGroup, not modelled by this guard yet)']]);
  });

  test('types of every template are listed, and so are those of a Resources list in a broken template', () => {
    const m = model({ Sg: sg() }, {}, [
      { file: 'b.json', template: { Resources: { Nat: { Type: 'AWS::EC2::NatGateway' } } } },
      { file: 'c.json', template: { Resources: [{ Type: 'AWS::EC2::TransitGateway' }] } },
    ]);
    expect(m.unmodelledResourceTypes).toEqual(['AWS::EC2::NatGateway', 'AWS::EC2::TransitGateway']);
  });
});

describe('partly-known values', () => {
  test('an Fn::If with a literal 0.0.0.0/0 branch and a parameter branch keeps 0.0.0.0/0 as a certain source', () => {
    const m = model({ Sg: sg([{ IpProtocol: 'tcp', FromPort: 9200, ToPort: 9200, CidrIp: { 'Fn::If': ['Open', '0.0.0.0/0', { Ref: 'Cidr' }] } }]) }, { Parameters: { Cidr: { Type: 'String' } } });
    expect(sourcesOf(m, 'Sg')).toEqual(['0.0.0.0/0', 'unknown: Ref to parameter Cidr is not known at synthesis']);
  });

  test('an Fn::Select over a list mixing a literal and a parameter keeps the literal', () => {
    const m = model({ Sg: sg([{ IpProtocol: 'tcp', FromPort: 9200, ToPort: 9200, CidrIp: { 'Fn::Select': [{ Ref: 'I' }, ['203.0.0.0/16', { Ref: 'Cidr' }]] } }]) }, { Parameters: { Cidr: { Type: 'String' }, I: { Type: 'Number' } } });
    expect(sourcesOf(m, 'Sg')).toEqual(['203.0.0.0/16', 'unknown: Ref to parameter Cidr is not known at synthesis']);
  });

  test('a port that is 9200 in one Fn::If branch and a parameter in the other is 9200 for certain and more ports unknown', () => {
    const port = { 'Fn::If': ['Open', 9200, { Ref: 'Port' }] };
    const m = model({ Sg: sg([{ IpProtocol: 'tcp', FromPort: port, ToPort: port, CidrIp: '0.0.0.0/0' }]) }, { Parameters: { Port: { Type: 'Number' } } });
    const [rule] = m.firewalls[0].rules;
    expect(rule.ports.known && rule.ports.value.toString()).toBe('9200');
    expect(rule.morePortsUnknown).toContain('Ref to parameter Port');
  });
});

describe('network sources', () => {
  const vpc = { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.0.0.0/16' } };
  const ipv6 = { Type: 'AWS::EC2::VPCCidrBlock', Properties: { VpcId: { Ref: 'Vpc' }, Ipv6CidrBlock: '2600:1f18:abcd:1200::/56' } };
  const rule = (source: Record<string, any>) => sg([{ IpProtocol: 'tcp', FromPort: 9200, ToPort: 9200, ...source }]);

  test.each([
    ['Fn::Select over Vpc.Ipv6CidrBlocks', { CidrIpv6: { 'Fn::Select': [0, { 'Fn::GetAtt': ['Vpc', 'Ipv6CidrBlocks'] }] } }, 'network Vpc.Ipv6CidrBlocks = 2600:1f18:abcd:1200::/56'],
    ['a Ref to the AWS::EC2::VPCCidrBlock', { CidrIpv6: { Ref: 'Ipv6' } }, 'network VPC CIDR block Ipv6 = 2600:1f18:abcd:1200::/56'],
    ['the VPC own IPv6 /56 literal', { CidrIpv6: '2600:1f18:abcd:1200::/56' }, 'network 2600:1f18:abcd:1200::/56 (the address space of VPC Vpc) = 2600:1f18:abcd:1200::/56'],
    ['a subnet CidrBlock attribute', { CidrIp: { 'Fn::GetAtt': ['Sub', 'CidrBlock'] } }, 'network Sub.CidrBlock = 10.0.3.0/24'],
  ])('%s is the address space of a network of the input', (_name, source, expected) => {
    const m = model({ Vpc: vpc, Ipv6: ipv6, Sub: subnet('10.0.3.0/24'), Sg: rule(source) });
    expect(sourcesOf(m, 'Sg')).toEqual([expected]);
  });

  test('a public literal outside every network of the input stays addresses', () => {
    const m = model({ Vpc: vpc, Ipv6: ipv6, Sg: rule({ CidrIpv6: '2600:1f18:abcd:1300::/56' }) });
    expect(sourcesOf(m, 'Sg')).toEqual(['2600:1f18:abcd:1300::/56']);
  });

  test('a security group source names the group it references', () => {
    const m = model({ Lb: sg(), Sg: rule({ SourceSecurityGroupId: { 'Fn::GetAtt': ['Lb', 'GroupId'] } }) });
    expect(sourcesOf(m, 'Sg')).toEqual([`private ${id('Lb')}`]);
  });
});
