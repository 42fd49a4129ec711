/**
 * Self-managed Elasticsearch clusters in Terraform input: their facts, their nodes (spec: "Paths") and
 * the entry points in front of them.
 *
 * Nodes (VMs and scale sets) are recognised by the tag `search-guardrails:cluster` (which
 * `SecureElasticsearchCluster` puts on everything it builds, value: its construct path) or by boot
 * data (`custom_data` / `user_data`) that installs, starts or configures Elasticsearch, OpenSearch or
 * Kibana. Entry points: public IPs on node IP configurations and scale set instances, public load
 * balancers, Application Gateways and Azure Firewall DNAT rules whose backends are nodes, and the
 * pool / NAT rule memberships of nodes that name nothing of the input (unknown-memberships.ts).
 * A public load balancer that forwards a cluster port to a backend the input does not show is still a
 * legacy `publicEndpoints` fact of a cluster of its own (what it forwards to cannot be judged).
 */
import { applicationGatewayEntryPoints } from './application-gateways';
import { firewallDnatEntryPoints } from './firewall-dnat';
import { NetworkSecurityLinks } from './links';
import { loadBalancerEntryPoints, publicLoadBalancers } from './load-balancers';
import { addClusterNodes, NodeIndex, SCALE_SET_TYPES, VM_TYPES } from './nodes';
import { publicIpEntryPoints } from './public-ips';
import { unknownMembershipEntryPoints } from './unknown-memberships';
import { Cluster, ClusterFacts, ClusterNode, clusterId, EntryPoint, Fact, Firewall, known, PublicEndpoint } from '../../../core/model/model';
import { BootData, readVmBootData } from '../boot-data';
import { factsFromConfiguration } from '../elasticsearch-config';
import { locationOf } from '../locations';
import { DocumentResolver } from '../resolver';
import { mergeBlocks, TerraformResourceInput } from '../terraform-document';

/** The tag that marks cluster resources (value: the cluster's construct path or name). */
export const CLUSTER_TAG = 'search-guardrails:cluster';

const LB_PORT_USERS = ['azurerm_lb_rule', 'azurerm_lb_nat_rule', 'azurerm_lb_nat_pool', 'azurerm_lb_probe'];

interface ClusterDraft {
  readonly key: string;
  readonly nodes: TerraformResourceInput[];
  readonly boot: BootData[];
}

/** What the azurerm translation of one document adds to the model. */
export interface AzureClusters {
  readonly clusters: Cluster[];
  readonly nodes: ClusterNode[];
  readonly entryPoints: EntryPoint[];
  /** Filters that only entry points use (the sources a DNAT rule admits). */
  readonly firewalls: Firewall[];
}

/** Clusters of one document. `ports` are the ports that count for self-managed clusters. */
export function clustersOf(resolver: DocumentResolver, ports: readonly number[]): Cluster[] {
  return azureClustersOf(resolver, ports).clusters;
}

/** Clusters, their nodes and the entry points in front of them, for one document. */
export function azureClustersOf(resolver: DocumentResolver, ports: readonly number[]): AzureClusters {
  const drafts = findClusterNodes(resolver);
  const clusters: Cluster[] = [];
  const links = new NetworkSecurityLinks(resolver);
  const index = new NodeIndex();
  for (const draft of drafts) {
    const cluster: Cluster = {
      location: locationOf(draft.nodes[0], resolver.document),
      kind: 'self-managed',
      ports,
      facts: combinedFacts(draft.boot),
    };
    clusters.push(cluster);
    addClusterNodes(index, draft.nodes, clusterId(cluster), resolver, links);
  }
  const dnat = firewallDnatEntryPoints(resolver, index, ports);
  const entryPoints = [
    ...publicIpEntryPoints(resolver, index),
    ...loadBalancerEntryPoints(resolver, index),
    ...applicationGatewayEntryPoints(resolver, index, ports, links),
    ...dnat.entryPoints,
    ...unknownMembershipEntryPoints(resolver, index),
  ];
  const modelled = new Set(entryPoints.map(e => e.location.resource));
  // A public frontend that forwards a cluster port is a public endpoint even when the nodes behind it are not in the input.
  const portUsers = loadBalancerPortUsers(resolver);
  for (const lb of publicLoadBalancers(resolver)) {
    const forwarded = forwardedClusterPorts(portUsers.get(lb.address) ?? [], ports);
    if (modelled.has(lb.address) || forwarded.length === 0) {
      continue;
    }
    clusters.push({
      location: locationOf(lb, resolver.document),
      kind: 'self-managed',
      ports,
      facts: { publicEndpoints: [loadBalancerEndpoint(lb, resolver, `forwards cluster port ${forwarded.join(', ')}`)] },
    });
  }
  return { clusters, nodes: index.nodes, entryPoints, firewalls: dnat.firewalls };
}

function findClusterNodes(resolver: DocumentResolver): ClusterDraft[] {
  const drafts = new Map<string, ClusterDraft>();
  if (!resolver.hasAnyOf(VM_TYPES) && !resolver.hasAnyOf(SCALE_SET_TYPES)) {
    return [];
  }
  for (const resource of resolver.document.resources) {
    if (!VM_TYPES.includes(resource.type) && !SCALE_SET_TYPES.includes(resource.type)) {
      continue;
    }
    const tag = mergeBlocks(resource.values.tags)[CLUSTER_TAG];
    const boot = readVmBootData(resource.values, resolver);
    const key = typeof tag === 'string' && tag !== '' ? `tag:${tag}` : boot.isNode ? resource.address : undefined;
    if (key === undefined) {
      continue;
    }
    const draft = drafts.get(key) ?? { key, nodes: [], boot: [] };
    draft.nodes.push(resource);
    draft.boot.push(boot);
    drafts.set(key, draft);
  }
  return [...drafts.values()];
}

/** Every node must be safe: false (or true for anonymous access) on any node wins, then unknown. */
function combinedFacts(boot: BootData[]): ClusterFacts {
  const all = boot.map(b => factsFromConfiguration(b.configuration));
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

function loadBalancerEndpoint(lb: TerraformResourceInput, resolver: DocumentResolver, why: string): PublicEndpoint {
  return { description: `public load-balancer frontend ${lb.address} (${why})`, origin: locationOf(lb, resolver.document) };
}

/**
 * The cluster ports a load balancer's rules, NAT rules, NAT pools or probes use (literal values only).
 * An HA-ports rule (protocol `All`, port 0) forwards every port.
 */
function forwardedClusterPorts(users: readonly TerraformResourceInput[], clusterPorts: readonly number[]): number[] {
  const used = new Set<number>();
  for (const user of users) {
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
  return clusterPorts.filter(p => used.has(p));
}

/** Rules, NAT rules, NAT pools and probes by the address their `loadbalancer_id` references (in `LB_PORT_USERS` order). */
function loadBalancerPortUsers(resolver: DocumentResolver): Map<string, TerraformResourceInput[]> {
  const byAddress = new Map<string, TerraformResourceInput[]>();
  for (const type of LB_PORT_USERS) {
    for (const user of resolver.ofType(type)) {
      const address = resolver.referencedAddress(user.values.loadbalancer_id);
      if (address !== undefined) {
        const list = byAddress.get(address);
        if (list) {
          list.push(user);
        } else {
          byAddress.set(address, [user]);
        }
      }
    }
  }
  return byAddress;
}
