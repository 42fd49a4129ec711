/**
 * Self-managed Elasticsearch clusters in Terraform input, their facts and their public endpoints.
 *
 * Nodes (VMs and scale sets) are recognised by the tag `search-guardrails:cluster` (which
 * `SecureElasticsearchCluster` puts on everything it builds, value: its construct path) or by boot
 * data (`custom_data` / `user_data`) whose cloud-config writes an `elasticsearch.yml`.
 * Public endpoints (spec: `public-endpoint`):
 * - a public IP on a node's network interface (or in a scale set's IP configuration);
 * - a public IP on any network interface in a subnet that holds cluster nodes;
 * - a public load balancer (a frontend with `public_ip_address_id` or `public_ip_prefix_id`) that
 *   has cluster nodes in a backend pool, or whose rules, NAT rules or probes use a cluster port.
 */
import { Cluster, ClusterFacts, Fact, known, PublicEndpoint } from '../../../core/model/model';
import { factsFromConfiguration, readNodeConfiguration } from '../elasticsearch-config';
import { locationOf } from '../locations';
import { DocumentResolver } from '../resolver';
import { isPlainObject, mergeBlocks, TerraformResourceInput } from '../terraform-document';

/** The tag that marks cluster resources (value: the cluster's construct path or name). */
export const CLUSTER_TAG = 'search-guardrails:cluster';

const VM_TYPES = ['azurerm_linux_virtual_machine', 'azurerm_windows_virtual_machine', 'azurerm_virtual_machine'];
const SCALE_SET_TYPES = [
  'azurerm_linux_virtual_machine_scale_set', 'azurerm_windows_virtual_machine_scale_set',
  'azurerm_orchestrated_virtual_machine_scale_set', 'azurerm_virtual_machine_scale_set',
];
const NIC_TYPE = 'azurerm_network_interface';
const LB_TYPE = 'azurerm_lb';
const LB_PORT_USERS = ['azurerm_lb_rule', 'azurerm_lb_nat_rule', 'azurerm_lb_nat_pool', 'azurerm_lb_probe'];

interface ClusterDraft {
  readonly key: string;
  readonly nodes: TerraformResourceInput[];
}

/** Clusters of one document. `ports` are the ports that count for self-managed clusters. */
export function clustersOf(resolver: DocumentResolver, ports: readonly number[]): Cluster[] {
  const drafts = findClusterNodes(resolver);
  const clusters: Cluster[] = [];
  const linkedLoadBalancers = new Set<string>();
  for (const draft of drafts) {
    const nodeNics = draft.nodes.flatMap(node => nicsOf(node, resolver));
    const endpoints: PublicEndpoint[] = [];
    for (const node of draft.nodes) {
      endpoints.push(...scaleSetPublicIps(node, resolver));
    }
    endpoints.push(...nicsWithPublicIp(subnetsOf(draft.nodes, nodeNics), resolver));
    for (const lb of publicLoadBalancers(resolver)) {
      if (hasNodesInBackend(lb, draft.nodes, nodeNics, resolver)) {
        linkedLoadBalancers.add(lb.address);
        endpoints.push(loadBalancerEndpoint(lb, resolver, 'has cluster nodes in its backend pool'));
      }
    }
    clusters.push({
      location: locationOf(draft.nodes[0], resolver.document),
      kind: 'self-managed',
      ports,
      facts: { ...combinedFacts(draft.nodes), publicEndpoints: dedupe(endpoints) },
    });
  }
  // A public frontend that forwards a cluster port is a public endpoint even when the nodes behind it are not in the input.
  for (const lb of publicLoadBalancers(resolver)) {
    const forwarded = forwardedClusterPorts(lb, resolver, ports);
    if (linkedLoadBalancers.has(lb.address) || forwarded.length === 0) {
      continue;
    }
    clusters.push({
      location: locationOf(lb, resolver.document),
      kind: 'self-managed',
      ports,
      facts: { publicEndpoints: [loadBalancerEndpoint(lb, resolver, `forwards cluster port ${forwarded.join(', ')}`)] },
    });
  }
  return clusters;
}

function findClusterNodes(resolver: DocumentResolver): ClusterDraft[] {
  const drafts = new Map<string, ClusterDraft>();
  for (const resource of resolver.document.resources) {
    if (!VM_TYPES.includes(resource.type) && !SCALE_SET_TYPES.includes(resource.type)) {
      continue;
    }
    const tag = mergeBlocks(resource.values.tags)[CLUSTER_TAG];
    const key = typeof tag === 'string' && tag !== '' ? `tag:${tag}` : readNodeConfiguration(bootData(resource)).settings ? resource.address : undefined;
    if (key === undefined) {
      continue;
    }
    const draft = drafts.get(key) ?? { key, nodes: [] };
    draft.nodes.push(resource);
    drafts.set(key, draft);
  }
  return [...drafts.values()];
}

function bootData(node: TerraformResourceInput): unknown {
  const values = node.values;
  return values.custom_data ?? values.user_data ?? mergeBlocks(values.os_profile).custom_data;
}

/** Every node must be safe: false (or true for anonymous access) on any node wins, then unknown. */
function combinedFacts(nodes: TerraformResourceInput[]): ClusterFacts {
  const all = nodes.map(n => factsFromConfiguration(readNodeConfiguration(bootData(n))));
  const worst = (pick: (f: ClusterFacts) => Fact | undefined, bad: boolean): Fact => {
    const facts = all.map(pick).filter((f): f is Fact => f !== undefined);
    return facts.find(f => f.known && f.value === bad) ?? facts.find(f => !f.known) ?? known(!bad);
  };
  return {
    securityEnabled: worst(f => f.securityEnabled, false),
    httpsEnforced: worst(f => f.httpsEnforced, false),
    nodeToNodeEncryption: worst(f => f.nodeToNodeEncryption, false),
    anonymousAccess: worst(f => f.anonymousAccess, true),
    // Azure encrypts every managed disk at rest (server-side encryption cannot be turned off).
    // https://learn.microsoft.com/azure/virtual-machines/disk-encryption
    encryptionAtRest: known(true),
  };
}

/** NIC resources a VM references through `network_interface_ids`. */
function nicsOf(node: TerraformResourceInput, resolver: DocumentResolver): TerraformResourceInput[] {
  const ids = node.values.network_interface_ids;
  return (Array.isArray(ids) ? ids : [])
    .map(id => resolver.referencedAddress(id))
    .filter((a): a is string => a !== undefined && a.startsWith(`${NIC_TYPE}.`))
    .map(a => resolver.resource(a)!);
}

function ipConfigurations(resource: TerraformResourceInput): Record<string, any>[] {
  const configs = resource.values.ip_configuration;
  return (Array.isArray(configs) ? configs : [configs]).filter(isPlainObject);
}

function scaleSetIpConfigurations(node: TerraformResourceInput): Record<string, any>[] {
  const interfaces = node.values.network_interface;
  return (Array.isArray(interfaces) ? interfaces : [interfaces]).filter(isPlainObject)
    .flatMap(nic => (Array.isArray(nic.ip_configuration) ? nic.ip_configuration : [nic.ip_configuration]).filter(isPlainObject));
}

function scaleSetPublicIps(node: TerraformResourceInput, resolver: DocumentResolver): PublicEndpoint[] {
  return scaleSetIpConfigurations(node)
    .filter(config => hasValue(config.public_ip_address))
    .map(config => ({
      description: `public IP configuration ${JSON.stringify(mergeBlocks(config.public_ip_address).name ?? 'public_ip_address')} on every instance of ${node.address}`,
      origin: locationOf(node, resolver.document),
    }));
}

/** The raw `subnet_id` values (references compare as written) where cluster nodes live. */
function subnetsOf(nodes: TerraformResourceInput[], nics: TerraformResourceInput[]): Set<string> {
  const subnets = new Set<string>();
  for (const config of [...nics.flatMap(ipConfigurations), ...nodes.flatMap(scaleSetIpConfigurations)]) {
    if (typeof config.subnet_id === 'string' && config.subnet_id !== '') {
      subnets.add(config.subnet_id);
    }
  }
  return subnets;
}

function nicsWithPublicIp(subnets: Set<string>, resolver: DocumentResolver): PublicEndpoint[] {
  const endpoints: PublicEndpoint[] = [];
  for (const nic of resolver.ofType(NIC_TYPE)) {
    for (const config of ipConfigurations(nic)) {
      if (hasValue(config.public_ip_address_id) && typeof config.subnet_id === 'string' && subnets.has(config.subnet_id)) {
        endpoints.push({
          description: `public IP ${String(config.public_ip_address_id)} on network interface ${nic.address} in the cluster subnet`,
          origin: locationOf(nic, resolver.document),
        });
      }
    }
  }
  return endpoints;
}

function publicLoadBalancers(resolver: DocumentResolver): TerraformResourceInput[] {
  return resolver.ofType(LB_TYPE).filter(lb => {
    const frontends = lb.values.frontend_ip_configuration;
    return (Array.isArray(frontends) ? frontends : [frontends]).filter(isPlainObject)
      .some(f => hasValue(f.public_ip_address_id) || hasValue(f.public_ip_prefix_id));
  });
}

function loadBalancerEndpoint(lb: TerraformResourceInput, resolver: DocumentResolver, why: string): PublicEndpoint {
  return { description: `public load-balancer frontend ${lb.address} (${why})`, origin: locationOf(lb, resolver.document) };
}

/**
 * The cluster ports a load balancer's rules, NAT rules, NAT pools or probes use (literal values only).
 * An HA-ports rule (protocol `All`, port 0) forwards every port.
 */
function forwardedClusterPorts(lb: TerraformResourceInput, resolver: DocumentResolver, clusterPorts: readonly number[]): number[] {
  const used = new Set<number>();
  for (const type of LB_PORT_USERS) {
    for (const user of resolver.ofType(type)) {
      if (resolver.referencedAddress(user.values.loadbalancer_id) !== lb.address) {
        continue;
      }
      const v = user.values;
      if (String(v.protocol).toLowerCase() === 'all' && Number(v.backend_port) === 0) {
        return [...clusterPorts];
      }
      for (const key of ['frontend_port', 'backend_port', 'port']) {
        if (v[key] !== undefined && v[key] !== null && Number.isInteger(Number(v[key]))) {
          used.add(Number(v[key]));
        }
      }
      const start = Number(v.frontend_port_start);
      const end = Number(v.frontend_port_end);
      if (Number.isInteger(start) && Number.isInteger(end)) {
        clusterPorts.filter(p => p >= start && p <= end).forEach(p => used.add(p));
      }
    }
  }
  return clusterPorts.filter(p => used.has(p));
}

/** Whether a node (scale set pool ids, or NIC pool association) sits in a backend pool of this load balancer. */
function hasNodesInBackend(
  lb: TerraformResourceInput, nodes: TerraformResourceInput[], nics: TerraformResourceInput[], resolver: DocumentResolver,
): boolean {
  const poolOfLb = (poolRef: unknown) => {
    const pool = resolver.referencedAddress(poolRef);
    return pool !== undefined && resolver.referencedAddress(resolver.resource(pool)?.values.loadbalancer_id) === lb.address;
  };
  const scaleSetPools = nodes.flatMap(scaleSetIpConfigurations).flatMap(c => asArray(c.load_balancer_backend_address_pool_ids));
  if (scaleSetPools.some(poolOfLb)) {
    return true;
  }
  const nicAddresses = new Set(nics.map(n => n.address));
  return resolver.ofType('azurerm_network_interface_backend_address_pool_association').some(association =>
    nicAddresses.has(resolver.referencedAddress(association.values.network_interface_id) ?? '') && poolOfLb(association.values.backend_address_pool_id));
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
}

function hasValue(value: unknown): boolean {
  if (Array.isArray(value)) {
    return value.length > 0;
  }
  return value !== undefined && value !== null && value !== '';
}

function dedupe(endpoints: PublicEndpoint[]): PublicEndpoint[] {
  const seen = new Set<string>();
  return endpoints.filter(e => !seen.has(e.description) && seen.add(e.description) !== undefined);
}
