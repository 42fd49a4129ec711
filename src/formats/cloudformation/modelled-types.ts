/**
 * The CloudFormation resource types the translator reads, so that the network-related others the input
 * holds can be listed as `unmodelledResourceTypes` (spec: "A scan never reports "no findings" for an
 * input it could not understand: it says what it skipped"). `canOpenPath` in
 * `src/core/model/path-types.ts` decides which of those keep a scan from being clean.
 */
import { CLASSIC_LOAD_BALANCER, LISTENER, LISTENER_RULE, LOAD_BALANCER_V2, TARGET_GROUP } from './load-balancers';
import {
  AUTO_SCALING_GROUP, EIP, EIP_ASSOCIATION, INSTANCE, LAUNCH_CONFIGURATION, LAUNCH_TEMPLATE, NETWORK_INTERFACE, NETWORK_INTERFACE_ATTACHMENT,
} from './nodes';
import { CUSTOM_RESOURCE, NESTED_STACK } from './opaque';
import { SUBNET } from './references';
import { PREFIX_LIST, SECURITY_GROUP, SECURITY_GROUP_INGRESS } from './security-groups';
import { SERVERLESS_ACCESS_POLICY, SERVERLESS_COLLECTION, SERVERLESS_SECURITY_POLICY } from './serverless';
import { isObject, TemplateSet } from './template-set';
import { OpaqueNetworkChange } from '../../core/model/model';
import { canOpenPath } from '../../core/model/path-types';

export const MODELLED_CLOUDFORMATION_TYPES: ReadonlySet<string> = new Set([
  SECURITY_GROUP, SECURITY_GROUP_INGRESS, 'AWS::EC2::SecurityGroupEgress', PREFIX_LIST,
  'AWS::OpenSearchService::Domain', 'AWS::Elasticsearch::Domain',
  INSTANCE, LAUNCH_TEMPLATE, LAUNCH_CONFIGURATION, AUTO_SCALING_GROUP, NETWORK_INTERFACE, NETWORK_INTERFACE_ATTACHMENT, EIP, EIP_ASSOCIATION,
  LOAD_BALANCER_V2, LISTENER, LISTENER_RULE, TARGET_GROUP, CLASSIC_LOAD_BALANCER, 'AWS::ElasticLoadBalancingV2::ListenerCertificate',
  'AWS::EC2::VPC', 'AWS::EC2::VPCCidrBlock', SUBNET, 'AWS::EC2::RouteTable', 'AWS::EC2::Route', 'AWS::EC2::SubnetRouteTableAssociation',
  'AWS::EC2::InternetGateway',
  NESTED_STACK, CUSTOM_RESOURCE,
  // OpenSearch Serverless (serverless.ts).
  SERVERLESS_COLLECTION, SERVERLESS_SECURITY_POLICY, SERVERLESS_ACCESS_POLICY,
]);

/** Services whose resources can carry traffic; only their types are listed when not modelled. */
const NETWORK_SERVICE_PREFIXES = [
  'AWS::EC2::', 'AWS::ElasticLoadBalancing', 'AWS::OpenSearchService::', 'AWS::OpenSearchServerless::', 'AWS::Elasticsearch::',
  'AWS::GlobalAccelerator::', 'AWS::ApiGateway::', 'AWS::ApiGatewayV2::', 'AWS::CloudFront::', 'AWS::ECS::', 'AWS::NetworkFirewall::',
  'AWS::VpcLattice::', 'AWS::AutoScaling::',
];

/**
 * Resources of a type the translator does not read that can open a path (`canOpenPath`): one opaque
 * entry each (unverifiable-network), as the Terraform translator does.
 */
export function unmodelledPathResources(templates: TemplateSet): OpaqueNetworkChange[] {
  const unmodelled = new Set(unmodelledCloudFormationTypes(templates).filter(canOpenPath));
  if (unmodelled.size === 0) return [];
  return templates.resourcesOfType(...unmodelled).map(resource => ({
    location: templates.location(resource),
    description: `${resource.logicalId} (${resource.type}, not modelled by this guard yet)`,
  }));
}

/** Network-related types of the templates that the translator does not read, sorted. */
export function unmodelledCloudFormationTypes(templates: TemplateSet): string[] {
  const types = new Set<string>();
  const note = (type: unknown) => {
    if (typeof type !== 'string' || MODELLED_CLOUDFORMATION_TYPES.has(type) || type.startsWith('Custom::')) return;
    if (NETWORK_SERVICE_PREFIXES.some(prefix => type.startsWith(prefix))) types.add(type);
  };
  // The template set indexes the type of every resource of a `Resources` object; any other `Resources`
  // (a list, in a broken input) is read entry by entry.
  templates.resourceTypes().forEach(note);
  templates.inputs.forEach((_input, index) => {
    const resources = templates.template(index).Resources;
    if (resources === undefined || resources === null || isObject(resources)) return;
    for (const resource of Object.values<any>(resources)) note(resource?.Type);
  });
  return [...types].sort();
}
