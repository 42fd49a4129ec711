/** The resource types whose constructs report the error findings located on them (stage-validation.ts). */

/**
 * Resource types a finding can be located on: the origin of a rule, a firewall, a cluster or node, an
 * entry point or forward on a path, or a resource that opens a path out of sight. Findings on any other
 * resource fail synthesis on its stack.
 */
const GUARDED_TYPES = new Set([
  'AWS::EC2::SecurityGroup',
  'AWS::EC2::SecurityGroupIngress',
  'AWS::OpenSearchService::Domain',
  'AWS::Elasticsearch::Domain',
  'AWS::OpenSearchServerless::Collection',
  'AWS::OpenSearchServerless::SecurityPolicy',
  'AWS::OpenSearchServerless::AccessPolicy',
  'AWS::ElasticLoadBalancingV2::LoadBalancer',
  'AWS::ElasticLoadBalancingV2::Listener',
  'AWS::ElasticLoadBalancingV2::ListenerRule',
  'AWS::ElasticLoadBalancingV2::TargetGroup',
  'AWS::ElasticLoadBalancing::LoadBalancer',
  'AWS::EC2::Instance',
  'AWS::EC2::LaunchTemplate',
  'AWS::AutoScaling::AutoScalingGroup',
  'AWS::AutoScaling::LaunchConfiguration',
  'AWS::EC2::NetworkInterface',
  'AWS::EC2::EIP',
  'AWS::EC2::EIPAssociation',
  'AWS::CloudFormation::Stack',
  'AWS::CloudFormation::CustomResource',
]);

export function isGuardedType(type: string): boolean {
  return GUARDED_TYPES.has(type) || type.startsWith('Custom::');
}
