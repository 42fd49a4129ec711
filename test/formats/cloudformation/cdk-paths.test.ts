/**
 * Path hops read from what aws-cdk-lib really synthesizes (no mocks): an ALB in front of instances,
 * an OpenSearch domain with two security groups, an `Fn::If` source, a VPC's IPv6 blocks, a custom
 * resource calling EC2.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, CfnCondition, CfnParameter, CustomResource, Fn, NestedStack, Stack } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as targets from 'aws-cdk-lib/aws-elasticloadbalancingv2-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as opensearch from 'aws-cdk-lib/aws-opensearchservice';
import * as cr from 'aws-cdk-lib/custom-resources';
import { SearchGuardrails } from '../../../src/aws';
import { evaluate } from '../../../src/core/engine';
import { InfrastructureModel, resourceKey } from '../../../src/core/model/model';
import { cloudFormationToModel } from '../../../src/formats/cloudformation';

const exposure = (model: InfrastructureModel) => evaluate(model).findings
  .filter(f => ['public-ingress', 'public-allowlist', 'public-endpoint', 'unverifiable-network'].includes(f.ruleId))
  .map(f => `${f.ruleId} ${f.resource}`).sort();

/** An internet-facing ALB forwarding port 80 to 9200 on an Elasticsearch instance that admits only the ALB. */
function albInFrontOfInstance(stack: Stack): void {
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0, restrictDefaultSecurityGroup: false });
  const userData = ec2.UserData.forLinux();
  userData.addCommands('dnf install -y elasticsearch', 'systemctl enable --now elasticsearch');
  const node = new ec2.Instance(stack, 'EsNode', {
    vpc,
    vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    instanceType: new ec2.InstanceType('m6i.large'),
    machineImage: ec2.MachineImage.genericLinux({ 'eu-west-1': 'ami-0123456789abcdef0' }),
    userData,
  });
  const alb = new elbv2.ApplicationLoadBalancer(stack, 'Alb', { vpc, internetFacing: true });
  const listener = alb.addListener('Http', { port: 80, open: true });
  listener.addTargets('Es', { port: 9200, protocol: elbv2.ApplicationProtocol.HTTP, targets: [new targets.InstanceTarget(node)] });
  // The careful design: the node's group admits only the load balancer's group.
  node.connections.allowFrom(alb, ec2.Port.tcp(9200));
}

function synth(build: (stack: Stack) => void): { model: InfrastructureModel; template: any } {
  const app = new App();
  const stack = new Stack(app, 'Search');
  build(stack);
  const template = app.synth().getStackByName('Search').template;
  return { model: cloudFormationToModel([{ file: 'Search.template.json', stackName: 'Search', template }]), template };
}
/** The logical id CDK gives the resource of `type` under construct path `prefix` (ids start with the path's parts). */
const logicalIdOf = (template: any, type: string, prefix: string) => Object.entries<any>(template.Resources)
  .find(([logicalId, r]) => r.Type === type && logicalId.startsWith(prefix.replace(/\//g, '')))![0];
const idOf = (template: any, type: string, pathPart: string) => resourceKey({ resource: logicalIdOf(template, type, pathPart), resourceType: type, file: 'Search.template.json', stack: 'Search' });

describe('aws-cdk-lib apps', () => {
  test('an internet-facing ALB in front of Elasticsearch instances is a proxy entry point whose forward reaches the instance node', () => {
    const { model, template } = synth(albInFrontOfInstance);
    const nodeId = idOf(template, 'AWS::EC2::Instance', 'EsNode');
    const node = model.nodes!.find(n => n.id === nodeId)!;
    expect(node.name).toMatch(/^instance EsNode/);
    expect(node.filters[0].firewalls).toEqual([{ known: true, value: idOf(template, 'AWS::EC2::SecurityGroup', 'EsNode/InstanceSecurityGroup') }]);
    const entry = model.entryPoints!.find(e => e.kind === 'application-load-balancer')!;
    const albGroup = idOf(template, 'AWS::EC2::SecurityGroup', 'Alb/SecurityGroup');
    expect(entry.filters![0].firewalls).toEqual([{ known: true, value: albGroup }]);
    expect(entry.forwards).toHaveLength(1);
    const [forward] = entry.forwards;
    expect(forward.frontendPorts.known && forward.frontendPorts.value.toString()).toBe('80');
    expect(forward.backendPort).toEqual({ known: true, value: 9200 });
    expect(forward.targets).toEqual([{ known: true, value: nodeId }]);
    expect(forward.preservesClientAddress).toBe(false);
    expect(forward.proxySource!.groups).toEqual([albGroup]);
    // The rule CDK adds on the instance's group names the ALB's group: the engine sees the proxy admitted.
    const instanceGroup = model.firewalls.find(f => f.location.resource === logicalIdOf(template, 'AWS::EC2::SecurityGroup', 'EsNode/InstanceSecurityGroup'))!;
    expect(instanceGroup.rules.flatMap(r => r.sources)).toEqual([expect.objectContaining({ kind: 'private', group: albGroup })]);
    // A private instance has no public IP; CDK's public subnets map one, but the node is not there.
    expect(model.entryPoints!.filter(e => e.kind === 'public-ip')).toEqual([]);
    expect(exposure(model)).toEqual([`public-endpoint ${logicalIdOf(template, 'AWS::ElasticLoadBalancingV2::Listener', 'AlbHttp')}`]);
  });

  test('the guard fails synthesis of that app with public-endpoint on the load balancer path', () => {
    const app = new App();
    albInFrontOfInstance(new Stack(app, 'Search'));
    SearchGuardrails.enforce(app);
    // The aspect hosts findings on the constructs of the types it guards; the rest fail on their stack.
    expect(() => app.synth()).toThrow(/\[Search\/Alb\/Http\/Resource\] public-endpoint: internet-facing application load balancer Alb\w+ \(listener AlbHttp\w+ \(80\) -> target group \w+ \(port 9200\)\) forwards to instance EsNode\w+ port 9200/);
  });

  test('an Auto Scaling group of OpenSearch nodes in public subnets behind an internet-facing NLB: public IPs and a pass-through forward', () => {
    const build = (open: boolean) => synth(stack => {
      const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0, restrictDefaultSecurityGroup: false });
      const userData = ec2.UserData.forLinux();
      userData.addCommands('dnf install -y opensearch', 'systemctl start opensearch');
      const asg = new autoscaling.AutoScalingGroup(stack, 'Nodes', {
        vpc,
        vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
        userData,
        instanceType: new ec2.InstanceType('m6i.large'),
        machineImage: ec2.MachineImage.genericLinux({ 'eu-west-1': 'ami-0123456789abcdef0' }),
      });
      const nlb = new elbv2.NetworkLoadBalancer(stack, 'Nlb', { vpc, internetFacing: true });
      nlb.addListener('Tcp', { port: 9200 }).addTargets('Es', { port: 9200, targets: [asg] });
      if (open) asg.connections.allowFrom(ec2.Peer.anyIpv4(), ec2.Port.tcp(9200));
    });
    const { model, template } = build(false);
    const asgId = idOf(template, 'AWS::AutoScaling::AutoScalingGroup', 'NodesASG');
    expect(model.nodes!.map(n => n.id)).toEqual([asgId]);
    expect(model.entryPoints!.map(e => [e.kind, e.forwards.map(f => [f.targets, f.preservesClientAddress])])).toEqual([
      ['public-ip', [[[{ known: true, value: asgId }], true]]],
      ['network-load-balancer', [[[{ known: true, value: asgId }], true]]],
    ]);
    // The NLB keeps the client address and the nodes' group admits nobody: no path arrives.
    expect(exposure(model)).toEqual([]);
    const opened = build(true);
    const listener = logicalIdOf(opened.template, 'AWS::ElasticLoadBalancingV2::Listener', 'NlbTcp');
    expect(exposure(opened.model)).toEqual(expect.arrayContaining([`public-endpoint ${listener}`, `public-ingress ${logicalIdOf(opened.template, 'AWS::EC2::SecurityGroup', 'NodesInstanceSecurityGroup')}`]));
  });

  test('an OpenSearch domain with two security groups is one node whose stage holds both groups', () => {
    const { model, template } = synth(stack => {
      const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0, restrictDefaultSecurityGroup: false });
      const a = new ec2.SecurityGroup(stack, 'PartnerA', { vpc });
      a.addIngressRule(ec2.Peer.ipv4('198.51.0.0/24'), ec2.Port.tcp(443));
      const b = new ec2.SecurityGroup(stack, 'PartnerB', { vpc });
      b.addIngressRule(ec2.Peer.ipv4('198.52.0.0/24'), ec2.Port.tcp(443));
      new opensearch.Domain(stack, 'Domain', {
        version: opensearch.EngineVersion.OPENSEARCH_2_13,
        vpc,
        vpcSubnets: [{ subnets: [vpc.isolatedSubnets[0]] }],
        securityGroups: [a, b],
        capacity: { dataNodes: 1, multiAzWithStandbyEnabled: false },
        zoneAwareness: { enabled: false },
      });
    });
    const node = model.nodes!.find(n => n.location.resourceType === 'AWS::OpenSearchService::Domain')!;
    expect(node.filters).toEqual([{
      description: 'security groups',
      firewalls: [
        { known: true, value: idOf(template, 'AWS::EC2::SecurityGroup', 'PartnerA') },
        { known: true, value: idOf(template, 'AWS::EC2::SecurityGroup', 'PartnerB') },
      ],
    }]);
    expect(node.addresses?.toCidrs()).toHaveLength(1);
    expect(model.entryPoints).toEqual([]);
    expect(exposure(model)).toEqual([
      `public-ingress ${logicalIdOf(template, 'AWS::EC2::SecurityGroup', 'PartnerA')}`,
      `public-ingress ${logicalIdOf(template, 'AWS::EC2::SecurityGroup', 'PartnerB')}`,
    ]);
  });

  test('an Fn::If between 0.0.0.0/0 and a parameter keeps 0.0.0.0/0 as a certain source', () => {
    const { model } = synth(stack => {
      const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0, restrictDefaultSecurityGroup: false });
      const cidr = new CfnParameter(stack, 'AdminCidr', { type: 'String' });
      const open = new CfnCondition(stack, 'Open', { expression: Fn.conditionEquals(cidr.valueAsString, '') });
      const group = new ec2.SecurityGroup(stack, 'Es', { vpc });
      group.addIngressRule(ec2.Peer.ipv4(Fn.conditionIf(open.logicalId, '0.0.0.0/0', cidr.valueAsString).toString()), ec2.Port.tcp(9200));
    });
    const rule = model.firewalls.flatMap(f => f.rules).find(r => r.ports.known && r.ports.value.has(9200))!;
    expect(rule.sources.map(s => s.kind)).toEqual(['addresses', 'unknown']);
    expect(rule.sources[0].kind === 'addresses' && rule.sources[0].addresses.toCidrs()).toEqual(['0.0.0.0/0']);
    expect(exposure(model).filter(f => f.startsWith('public-ingress'))).toHaveLength(1);
  });

  test('a rule admitting the VPC IPv6 block through Fn::Select over Ipv6CidrBlocks is a network source', () => {
    const { model } = synth(stack => {
      const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0, ipProtocol: ec2.IpProtocol.DUAL_STACK, restrictDefaultSecurityGroup: false });
      const group = new ec2.SecurityGroup(stack, 'Es', { vpc });
      group.addIngressRule(ec2.Peer.ipv6(Fn.select(0, vpc.vpcIpv6CidrBlocks)), ec2.Port.tcp(9200));
    });
    const rule = model.firewalls.flatMap(f => f.rules).find(r => r.ports.known && r.ports.value.has(9200))!;
    expect(rule.sources).toEqual([expect.objectContaining({ kind: 'network', text: expect.stringMatching(/\.Ipv6CidrBlocks$/) })]);
  });

  test('a NestedStack is opaque only when its template is not among the inputs', () => {
    const app = new App();
    const parent = new Stack(app, 'Parent');
    const nested = new NestedStack(parent, 'Net');
    new ec2.CfnSecurityGroup(nested, 'Sg', { groupDescription: 'search' });
    const assembly = app.synth();
    const read = (file: string) => ({ file, template: JSON.parse(fs.readFileSync(path.join(assembly.directory, file), 'utf8')) });
    const parentInput = { ...read('Parent.template.json'), stackName: 'Parent' };
    expect(cloudFormationToModel([parentInput, read(nested.templateFile)]).opaque).toEqual([]);
    const alone = cloudFormationToModel([parentInput]).opaque!;
    expect(alone.map(o => o.location.resourceType)).toEqual(['AWS::CloudFormation::Stack']);
    expect(alone[0].description).toMatch(/^nested stack NetNestedStack\S+ \(TemplateURL not known at synthesis\), whose template is not in the input,$/);
  });

  test('a custom resource behind the Provider framework whose handler may call EC2 is opaque; one whose handler may only write S3 is not', () => {
    const build = (action: string) => synth(stack => {
      const handler = new lambda.Function(stack, 'Handler', { runtime: lambda.Runtime.NODEJS_20_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => ({});') });
      handler.addToRolePolicy(new iam.PolicyStatement({ actions: [action], resources: ['*'] }));
      const provider = new cr.Provider(stack, 'Provider', { onEventHandler: handler });
      new CustomResource(stack, 'OpenIngress', { serviceToken: provider.serviceToken, resourceType: 'Custom::OpenIngress' });
    });
    expect(build('ec2:AuthorizeSecurityGroupIngress').model.opaque!.map(o => [o.location.resourceType, o.description]))
      .toEqual([['Custom::OpenIngress', expect.stringContaining('whose provider may call ec2:AuthorizeSecurityGroupIngress')]]);
    expect(build('s3:PutObject').model.opaque).toEqual([]);
  });

  test('an AwsCustomResource that authorizes ingress through EC2 is an opaque network change', () => {
    const { model } = synth(stack => {
      new cr.AwsCustomResource(stack, 'OpenPort', {
        onCreate: {
          service: 'EC2',
          action: 'authorizeSecurityGroupIngress',
          parameters: { GroupId: 'sg-0123456789abcdef0', IpPermissions: [{ IpProtocol: 'tcp', FromPort: 9200, ToPort: 9200, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] },
          physicalResourceId: cr.PhysicalResourceId.of('open'),
        },
        policy: cr.AwsCustomResourcePolicy.fromSdkCalls({ resources: cr.AwsCustomResourcePolicy.ANY_RESOURCE }),
        installLatestAwsSdk: false,
      });
    });
    expect(model.opaque!.map(o => o.description)).toEqual([expect.stringContaining('ec2:authorizeSecurityGroupIngress')]);
  });
});
