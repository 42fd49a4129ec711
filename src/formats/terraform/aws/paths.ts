/**
 * Path hops of the AWS provider (spec: "Paths"), the same shapes as the CloudFormation translator's:
 *
 * - Nodes: managed domains (their `vpc_options.security_group_ids` as one filter stage, a public
 *   endpoint outside a VPC), and self-managed nodes: an `aws_instance`, or an `aws_autoscaling_group`
 *   launching an `aws_launch_template` / `aws_launch_configuration`, whose user data installs or starts
 *   Elasticsearch, OpenSearch or Kibana, or that is tagged `search-guardrails:cluster`. Their filter is
 *   the union of their security groups (`vpc_security_group_ids`, an `aws_network_interface`'s
 *   `security_groups`); none named = the VPC default group, not in the input.
 * - Public IPs (`associate_public_ip_address`, a subnet with `map_public_ip_on_launch`, `aws_eip`):
 *   pass-through, "a public IPv4 address ... mapped to the primary private IPv4 address" (EC2 user
 *   guide, "Public IPv4 addresses").
 * - `aws_lb` / `aws_alb`: `internal` defaults to false and `load_balancer_type` to `application`
 *   (aws provider docs, aws_lb). Listeners forward (`default_action` / `aws_lb_listener_rule` actions:
 *   `target_group_arn`, `forward.target_group`) to target groups whose targets are attachments
 *   (`aws_lb_target_group_attachment`) and Auto Scaling groups (`target_group_arns`). An ALB is a proxy
 *   (ELB user guide, "How Elastic Load Balancing works"); an NLB keeps the client address for instance
 *   targets, and for IP targets only over UDP / TCP_UDP, unless `preserve_client_ip` says otherwise (NLB
 *   guide, "Target group attributes"). `aws_elb` (Classic) is a proxy: `listener.instance_port` on `instances`.
 */
import { securityGroupModelId } from './security-groups';
import {
  Cluster, ClusterNode, EntryPoint, FilterStage, Forward, known, Known, ProxySource, resourceKey, unknown,
} from '../../../core/model/model';
import { PortSet } from '../../../core/net/port-set';
import { readSearchNodeBoot, searchNodeFacts, SearchNodeBoot } from '../../boot-data';
import { locationOf } from '../locations';
import { mergeMembers } from '../members';
import { DocumentResolver, FieldValue } from '../resolver';
import { isPlainObject, mergeBlocks, TerraformResourceInput } from '../terraform-document';

export const PATH_TYPES = [
  'aws_instance', 'aws_launch_template', 'aws_launch_configuration', 'aws_autoscaling_group', 'aws_autoscaling_attachment',
  'aws_network_interface', 'aws_eip', 'aws_eip_association', 'aws_lb', 'aws_alb', 'aws_lb_listener', 'aws_alb_listener',
  'aws_lb_listener_rule', 'aws_alb_listener_rule', 'aws_lb_target_group', 'aws_alb_target_group', 'aws_lb_target_group_attachment',
  'aws_alb_target_group_attachment', 'aws_elb', 'aws_elb_attachment',
];
const CLUSTER_TAG = 'search-guardrails:cluster';
const DOMAIN_TYPES = ['aws_opensearch_domain', 'aws_elasticsearch_domain'];

export interface AwsPaths {
  readonly clusters: Cluster[];
  readonly nodes: ClusterNode[];
  readonly entryPoints: EntryPoint[];
}

/** How one node is launched. */
interface LaunchSpec {
  readonly userData: FieldValue;
  readonly userDataBase64: boolean;
  readonly groups: unknown[];
  readonly groupsNamed: boolean;
  readonly tags: unknown;
  readonly publicIp: FieldValue;
  readonly subnet: unknown;
}

export function awsPaths(resolver: DocumentResolver, domains: readonly Cluster[], selfManagedPorts: readonly number[]): AwsPaths {
  const document = resolver.document;
  const nodes: ClusterNode[] = [];
  const entryPoints: EntryPoint[] = [];
  const clusters: Cluster[] = [];
  const nodeOf = new Map<string, ClusterNode>();

  for (const domain of DOMAIN_TYPES.flatMap(t => resolver.ofType(t))) {
    const location = locationOf(domain, document);
    const cluster = domains.find(c => resourceKey(c.location) === resourceKey(location));
    if (!cluster) continue;
    const node: ClusterNode = {
      id: resourceKey(location),
      name: `domain ${domain.address}`,
      location,
      cluster: resourceKey(cluster.location),
      filters: cluster.attachedFirewalls && cluster.attachedFirewalls.length > 0 ? [{ description: `security groups of ${domain.address}`, firewalls: cluster.attachedFirewalls }] : [],
    };
    nodes.push(node);
    nodeOf.set(domain.address, node);
  }

  const candidates: { resource: TerraformResourceInput; spec: LaunchSpec; name: string }[] = [
    ...resolver.ofType('aws_instance').map(r => ({ resource: r, spec: instanceSpec(r, resolver), name: `instance ${r.address}` })),
    ...resolver.ofType('aws_autoscaling_group').map(r => ({ resource: r, spec: groupSpec(r, resolver), name: `Auto Scaling group ${r.address}` })),
  ];
  const byTag = new Map<string, Cluster>();
  for (const { resource, spec, name } of candidates) {
    const boot = bootOf(spec);
    const tag = clusterTag(spec, resolver);
    if (tag === undefined && (!boot || boot.software.length === 0)) continue;
    const location = locationOf(resource, document);
    let cluster = tag !== undefined ? byTag.get(tag) : undefined;
    if (!cluster) {
      cluster = {
        id: tag !== undefined ? `${CLUSTER_TAG}=${tag}` : resourceKey(location),
        location,
        kind: 'self-managed',
        ports: [...selfManagedPorts],
        facts: searchNodeFacts(boot ?? { format: 'other', software: [], unreadable: `${resource.address} has no user data to read the config file from` }),
      };
      clusters.push(cluster);
      if (tag !== undefined) byTag.set(tag, cluster);
    }
    const node: ClusterNode = { id: resourceKey(location), name, location, cluster: cluster.id!, filters: [groupStage(spec, resource, resolver)] };
    nodes.push(node);
    nodeOf.set(resource.address, node);
    const publicIp = publicIpOf(spec, resolver);
    if (publicIp !== false) {
      entryPoints.push({
        id: `public-ip\u0000${node.id}`,
        kind: 'public-ip',
        name: `public IP of ${name}${publicIp === true ? '' : ` (${publicIp.reason})`}`,
        location,
        forwards: [{ name: 'public IP (every port)', frontendPorts: known(PortSet.all()), targets: [known(node.id)], preservesClientAddress: true }],
      });
    }
  }
  entryPoints.push(...elasticIps(resolver, nodeOf));
  entryPoints.push(...loadBalancers(resolver, nodeOf));
  return { clusters, nodes, entryPoints };
}

const ATTACHED_INTERFACES = new WeakMap<DocumentResolver, Map<string, TerraformResourceInput[]>>();

/** `aws_network_interface`s by the instance an `attachment { instance }` block references, once per resolver. */
function attachedInterfaces(resolver: DocumentResolver): Map<string, TerraformResourceInput[]> {
  let byInstance = ATTACHED_INTERFACES.get(resolver);
  if (!byInstance) {
    byInstance = new Map();
    for (const eni of resolver.ofType('aws_network_interface')) {
      const instances = new Set<string>();
      for (const attachment of listOf(eni.values.attachment)) {
        const address = isPlainObject(attachment) ? resolver.referencedAddress(attachment.instance) : undefined;
        if (address !== undefined) instances.add(address);
      }
      for (const address of instances) {
        const enis = byInstance.get(address);
        if (enis) enis.push(eni);
        else byInstance.set(address, [eni]);
      }
    }
    ATTACHED_INTERFACES.set(resolver, byInstance);
  }
  return byInstance;
}

function field(resolver: DocumentResolver, value: unknown): FieldValue {
  return resolver.read(value);
}

function instanceSpec(instance: TerraformResourceInput, resolver: DocumentResolver): LaunchSpec {
  const v = instance.values;
  const groups: unknown[] = [...listOf(v.vpc_security_group_ids), ...listOf(v.security_groups)];
  for (const nic of listOf(v.network_interface)) {
    const eni = isPlainObject(nic) ? resolver.resource(resolver.referencedAddress(nic.network_interface_id) ?? '') : undefined;
    if (eni) groups.push(...listOf(eni.values.security_groups));
  }
  // An interface attached to the instance (`aws_network_interface.attachment { instance }`) filters it too.
  for (const eni of attachedInterfaces(resolver).get(instance.address) ?? []) {
    groups.push(...listOf(eni.values.security_groups));
  }
  const template = launchTemplateOf(v.launch_template, resolver);
  return {
    userData: v.user_data_base64 !== undefined ? field(resolver, v.user_data_base64) : v.user_data !== undefined ? field(resolver, v.user_data) : template?.userData ?? { state: 'absent' },
    userDataBase64: v.user_data_base64 !== undefined || (v.user_data === undefined && template?.userDataBase64 === true),
    groups: groups.length > 0 ? groups : template?.groups ?? [],
    groupsNamed: groups.length > 0 || (template?.groupsNamed ?? false),
    tags: v.tags ?? template?.tags,
    publicIp: v.associate_public_ip_address !== undefined ? field(resolver, v.associate_public_ip_address) : template?.publicIp ?? { state: 'absent' },
    subnet: v.subnet_id,
  };
}

function launchTemplateOf(raw: unknown, resolver: DocumentResolver): LaunchSpec | undefined {
  const block = listOf(raw).find(isPlainObject);
  if (!block) return undefined;
  const address = resolver.referencedAddress(block.id) ?? resolver.referencedAddress(block.name);
  const template = address ? resolver.resource(address) : undefined;
  if (!template) return undefined;
  const v = template.values;
  const nics = listOf(v.network_interfaces).filter(isPlainObject);
  const groups = [...listOf(v.vpc_security_group_ids), ...listOf(v.security_group_names), ...nics.flatMap(n => listOf(n.security_groups))];
  const tagSpecs = listOf(v.tag_specifications).filter(isPlainObject);
  return {
    // "user_data - (Optional) The base64-encoded user data to provide when launching the instance" (aws_launch_template).
    userData: field(resolver, v.user_data),
    userDataBase64: true,
    groups,
    groupsNamed: groups.length > 0,
    tags: mergeMembers([mergeBlocks(v.tags), ...tagSpecs.map(t => mergeBlocks(t.tags))]),
    publicIp: nics.length > 0 && nics[0].associate_public_ip_address !== undefined ? field(resolver, nics[0].associate_public_ip_address) : { state: 'absent' },
    subnet: nics[0]?.subnet_id,
  };
}

function groupSpec(group: TerraformResourceInput, resolver: DocumentResolver): LaunchSpec {
  const v = group.values;
  const fromTemplate = launchTemplateOf(v.launch_template, resolver);
  if (fromTemplate) return fromTemplate;
  const configAddress = resolver.referencedAddress(v.launch_configuration);
  const config = configAddress ? resolver.resource(configAddress) : undefined;
  const c = config?.values ?? {};
  return {
    userData: c.user_data_base64 !== undefined ? field(resolver, c.user_data_base64) : field(resolver, c.user_data),
    userDataBase64: c.user_data_base64 !== undefined,
    groups: listOf(c.security_groups),
    groupsNamed: listOf(c.security_groups).length > 0,
    tags: Object.fromEntries(listOf(v.tag).filter(isPlainObject).map(t => [String(t.key), t.value])),
    publicIp: c.associate_public_ip_address !== undefined ? field(resolver, c.associate_public_ip_address) : { state: 'absent' },
    subnet: listOf(v.vpc_zone_identifier)[0],
  };
}

function bootOf(spec: LaunchSpec): SearchNodeBoot | undefined {
  if (spec.userData.state === 'absent') return undefined;
  if (spec.userData.state === 'unknown') return { format: 'other', software: [], unreadable: `user_data: ${spec.userData.reason}` };
  const raw = String(spec.userData.value);
  const text = spec.userDataBase64 ? Buffer.from(raw, 'base64').toString('utf8') : raw;
  return readSearchNodeBoot(text);
}

function clusterTag(spec: LaunchSpec, resolver: DocumentResolver): string | undefined {
  const tags = resolver.read(spec.tags);
  if (tags.state !== 'literal' || !isPlainObject(tags.value)) return undefined;
  const value = tags.value[CLUSTER_TAG];
  return value === undefined ? undefined : String(value);
}

function groupStage(spec: LaunchSpec, resource: TerraformResourceInput, resolver: DocumentResolver): FilterStage {
  const firewalls: Known<string>[] = [];
  if (!spec.groupsNamed) {
    firewalls.push(unknown(`${resource.address} names no security groups: the VPC default security group, which is not in the input, applies`));
  }
  for (const raw of spec.groups) {
    const address = resolver.referencedAddress(raw);
    const group = address ? resolver.resource(address) : undefined;
    if (group?.type === 'aws_security_group') {
      firewalls.push(known(securityGroupModelId(group, resolver)));
    } else {
      const read = resolver.read(raw);
      firewalls.push(unknown(read.state === 'unknown' ? read.reason : `security group ${JSON.stringify(raw)} is not in the input`));
    }
  }
  return { description: `security groups of ${resource.address}`, firewalls };
}

/** true: a public IP; false: none; unknown: maybe (fail closed as a public IP named with the reason). */
function publicIpOf(spec: LaunchSpec, resolver: DocumentResolver): true | false | { reason: string } {
  if (spec.publicIp.state === 'literal') return spec.publicIp.value === true || spec.publicIp.value === 'true';
  if (spec.publicIp.state === 'unknown') return { reason: `associate_public_ip_address: ${spec.publicIp.reason}` };
  const subnetAddress = resolver.referencedAddress(spec.subnet);
  const subnet = subnetAddress ? resolver.resource(subnetAddress) : undefined;
  const map = subnet ? resolver.read(subnet.values.map_public_ip_on_launch) : undefined;
  if (map?.state === 'literal') return map.value === true || map.value === 'true';
  if (map?.state === 'unknown') return { reason: `map_public_ip_on_launch of ${subnet!.address}: ${map.reason}` };
  // No subnet of the input says so: EC2 assigns a public IP only in a subnet that maps one on launch.
  return false;
}

function elasticIps(resolver: DocumentResolver, nodeOf: Map<string, ClusterNode>): EntryPoint[] {
  const out: EntryPoint[] = [];
  const add = (eip: TerraformResourceInput, target: unknown) => {
    const address = resolver.referencedAddress(target);
    const node = address ? nodeOf.get(address) : undefined;
    if (!node) return;
    out.push({
      id: `eip\u0000${resourceKey(locationOf(eip, resolver.document))}`,
      kind: 'public-ip',
      name: `Elastic IP ${eip.address} of ${node.name}`,
      location: locationOf(eip, resolver.document),
      forwards: [{ name: 'Elastic IP (every port)', frontendPorts: known(PortSet.all()), targets: [known(node.id)], preservesClientAddress: true }],
    });
  };
  for (const eip of resolver.ofType('aws_eip')) add(eip, eip.values.instance);
  for (const association of resolver.ofType('aws_eip_association')) add(association, association.values.instance_id);
  return out;
}

function loadBalancers(resolver: DocumentResolver, nodeOf: Map<string, ClusterNode>): EntryPoint[] {
  const document = resolver.document;
  const entries: EntryPoint[] = [];
  for (const lb of [...resolver.ofType('aws_lb'), ...resolver.ofType('aws_alb')]) {
    const internal = resolver.read(lb.values.internal);
    if (internal.state === 'literal' && (internal.value === true || internal.value === 'true')) continue;
    const type = resolver.read(lb.values.load_balancer_type);
    const typeName = type.state === 'literal' ? String(type.value) : 'application';
    if (typeName === 'gateway') continue;
    const isNetwork = typeName === 'network';
    const groups = groupIds(resolver, lb.values.security_groups);
    const filters: FilterStage[] = groups.length > 0 ? [{ description: `security groups of ${lb.address}`, firewalls: groups }]
      : isNetwork ? [] : [{ description: `security groups of ${lb.address}`, firewalls: [unknown(`${lb.address} names no security_groups: the VPC default security group, which is not in the input, applies`)] }];
    const proxy: ProxySource = {
      text: `the ${groups.some(g => g.known) ? 'security groups' : 'private addresses'} of load balancer ${lb.address}`,
      addresses: unknown(`the subnets of ${lb.address} are not resolved to addresses`),
      ...(groups.some(g => g.known) ? { groups: groups.filter(g => g.known).map(g => (g as { value: string }).value) } : {}),
    };
    const forwards: Forward[] = [];
    for (const listener of resolver.referrers(['aws_lb_listener', 'aws_alb_listener'], 'load_balancer_arn').get(lb.address) ?? []) {
      const port = numberOf(resolver.read(listener.values.port), `${listener.address} port`);
      const actions = [
        ...listOf(listener.values.default_action),
        ...(resolver.referrers(['aws_lb_listener_rule', 'aws_alb_listener_rule'], 'listener_arn').get(listener.address) ?? [])
          .flatMap(rule => listOf(rule.values.action)),
      ].filter(isPlainObject);
      for (const action of actions) {
        const weighted = listOf(action.forward).filter(isPlainObject).flatMap(f => listOf(f.target_group).filter(isPlainObject).map(g => g.arn));
        const groupsRaw = [action.target_group_arn, ...weighted]
          .filter(x => x !== undefined && x !== null && x !== '');
        for (const raw of groupsRaw) {
          const address = resolver.referencedAddress(raw);
          const group = address ? resolver.resource(address) : undefined;
          if (!group) {
            forwards.push(forward(listener, port, port, [unknown(`target group ${String(raw)} is not in the input`)], false, proxy, resolver));
            continue;
          }
          forwards.push(...targetGroupForwards(listener, group, port, isNetwork, proxy, resolver, nodeOf));
        }
      }
    }
    if (forwards.length === 0) continue;
    entries.push({
      id: `load-balancer\u0000${resourceKey(locationOf(lb, document))}`,
      kind: isNetwork ? 'network-load-balancer' : 'application-load-balancer',
      name: `internet-facing ${isNetwork ? 'network' : 'application'} load balancer ${lb.address}`,
      location: locationOf(lb, document),
      filters,
      forwards,
    });
  }
  for (const elb of resolver.ofType('aws_elb')) {
    const internal = resolver.read(elb.values.internal);
    if (internal.state === 'literal' && (internal.value === true || internal.value === 'true')) continue;
    const groups = groupIds(resolver, elb.values.security_groups);
    const proxy: ProxySource = {
      text: `the security groups of load balancer ${elb.address}`,
      addresses: unknown(`the subnets of ${elb.address} are not resolved to addresses`),
      ...(groups.some(g => g.known) ? { groups: groups.filter(g => g.known).map(g => (g as { value: string }).value) } : {}),
    };
    const targets: Known<string>[] = [];
    for (const raw of listOf(elb.values.instances)) {
      const node = nodeOf.get(resolver.referencedAddress(raw) ?? '');
      if (node) targets.push(known(node.id));
    }
    for (const attachment of resolver.referrers(['aws_elb_attachment'], 'elb').get(elb.address) ?? []) {
      const node = nodeOf.get(resolver.referencedAddress(attachment.values.instance) ?? '');
      if (node) targets.push(known(node.id));
    }
    for (const asg of resolver.referrers(['aws_autoscaling_group'], 'load_balancers', true).get(elb.address) ?? []) {
      if (nodeOf.has(asg.address)) targets.push(known(nodeOf.get(asg.address)!.id));
    }
    if (targets.length === 0) continue;
    const forwards: Forward[] = listOf(elb.values.listener).filter(isPlainObject).map(l => {
      const front = numberOf(resolver.read(l.lb_port), 'lb_port');
      const back = numberOf(resolver.read(l.instance_port), 'instance_port');
      return {
        name: `listener ${front.known ? front.value : '?'} -> ${back.known ? back.value : '?'}`,
        frontendPorts: front.known ? known(PortSet.of(front.value)) : unknown(front.reason),
        backendPort: back,
        targets,
        preservesClientAddress: false,
        proxySource: proxy,
      };
    });
    entries.push({
      id: `load-balancer\u0000${resourceKey(locationOf(elb, document))}`,
      kind: 'classic-load-balancer',
      name: `internet-facing classic load balancer ${elb.address}`,
      location: locationOf(elb, document),
      filters: groups.length > 0 ? [{ description: `security groups of ${elb.address}`, firewalls: groups }] : [],
      forwards,
    });
  }
  return entries;
}

function targetGroupForwards(
  listener: TerraformResourceInput, group: TerraformResourceInput, listenerPort: Known<number>, isNetwork: boolean, proxy: ProxySource,
  resolver: DocumentResolver, nodeOf: Map<string, ClusterNode>,
): Forward[] {
  const v = group.values;
  const targetType = resolver.read(v.target_type);
  const type = targetType.state === 'literal' ? String(targetType.value) : 'instance';
  if (type === 'lambda') return [];
  const groupPort = v.port !== undefined ? numberOf(resolver.read(v.port), `${group.address} port`) : listenerPort;
  // An NLB in front of an Application Load Balancer: what that ALB forwards to is not followed here, so
  // it fails closed (ELB User Guide, "Application Load Balancers as targets" of Network Load Balancers).
  if (type === 'alb') {
    return [forward(listener, listenerPort, groupPort,
      [unknown(`target group ${group.address} forwards to an Application Load Balancer, whose targets this guard does not follow`)],
      false, proxy, resolver, group)];
  }
  const byPort = new Map<string, { port: Known<number>; targets: Known<string>[] }>();
  const add = (port: Known<number>, target: Known<string>) => {
    const key = port.known ? String(port.value) : `?${port.reason}`;
    const entry = byPort.get(key) ?? { port, targets: [] };
    entry.targets.push(target);
    byPort.set(key, entry);
  };
  for (const attachment of resolver.referrers(['aws_lb_target_group_attachment', 'aws_alb_target_group_attachment'], 'target_group_arn').get(group.address) ?? []) {
    const port = attachment.values.port !== undefined ? numberOf(resolver.read(attachment.values.port), `${attachment.address} port`) : groupPort;
    const node = nodeOf.get(resolver.referencedAddress(attachment.values.target_id) ?? '');
    if (node) add(port, known(node.id));
    else if (type !== 'ip') add(port, unknown(`target ${String(attachment.values.target_id)} of ${attachment.address} is not an instance of the input`));
  }
  for (const asg of resolver.referrers(['aws_autoscaling_group'], 'target_group_arns', true).get(group.address) ?? []) {
    if (nodeOf.has(asg.address)) add(groupPort, known(nodeOf.get(asg.address)!.id));
  }
  for (const attachment of resolver.referrers(['aws_autoscaling_attachment'], 'lb_target_group_arn').get(group.address) ?? []) {
    const asg = nodeOf.get(resolver.referencedAddress(attachment.values.autoscaling_group_name) ?? '');
    if (asg) add(groupPort, known(asg.id));
  }
  let preserves = false;
  if (isNetwork) {
    const setting = resolver.read(v.preserve_client_ip);
    const protocol = resolver.read(v.protocol);
    preserves = setting.state === 'literal' ? setting.value === true || setting.value === 'true'
      : setting.state === 'unknown' ? true // not known: read it as on, the reading in which the node sees the internet
        : type !== 'ip' || !(protocol.state === 'literal' && ['TCP', 'TLS'].includes(String(protocol.value).toUpperCase()));
  }
  return [...byPort.values()].map(({ port, targets }) => forward(listener, listenerPort, port, targets, preserves, proxy, resolver, group));
}

function forward(listener: TerraformResourceInput, listenerPort: Known<number>, backendPort: Known<number>, targets: Known<string>[],
  preserves: boolean, proxy: ProxySource, resolver: DocumentResolver, group?: TerraformResourceInput): Forward {
  return {
    name: `listener ${listener.address} (${listenerPort.known ? listenerPort.value : '?'})${group ? ` -> target group ${group.address}` : ''} (port ${backendPort.known ? backendPort.value : '?'})`,
    location: locationOf(listener, resolver.document),
    frontendPorts: listenerPort.known ? known(PortSet.of(listenerPort.value)) : unknown(listenerPort.reason),
    backendPort,
    targets,
    preservesClientAddress: preserves,
    ...(preserves ? {} : { proxySource: proxy }),
  };
}

function groupIds(resolver: DocumentResolver, raw: unknown): Known<string>[] {
  return listOf(raw).map(item => {
    const address = resolver.referencedAddress(item);
    const group = address ? resolver.resource(address) : undefined;
    if (group?.type === 'aws_security_group') return known(securityGroupModelId(group, resolver));
    const read = resolver.read(item);
    return unknown<string>(read.state === 'unknown' ? read.reason : `security group ${JSON.stringify(item)} is not in the input`);
  });
}

function numberOf(value: FieldValue, what: string): Known<number> {
  if (value.state === 'unknown') return unknown(`${what}: ${value.reason}`);
  if (value.state === 'absent') return unknown(`${what} is not set`);
  const n = Number(value.value);
  return Number.isInteger(n) && n >= 0 && n <= 65535 ? known(n) : unknown(`${what} ${JSON.stringify(value.value)} is not a port`);
}

function listOf(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}
