/**
 * Which ports count on which firewall and which paths reach which cluster port (spec: "Cluster
 * ports", "Paths"), evaluated under both readings, in one pass over the graph.
 *
 * - The direct reading: each node's filter chain is judged as if the whole internet arrived, on the
 *   node's ports (managed domains: 443, and 80 without enforced HTTPS).
 * - A firewall that guards no self-managed node is judged alone on the self-managed ports, as it
 *   could guard Elasticsearch/OpenSearch/Kibana the input does not show (the 2019 change was to a
 *   rule, not to an attachment).
 * - Paths: every entry point forward to every target node port (see `paths.ts`).
 */
import { evaluateFirewallPort, PortExposure, sourcePortSegments } from './evaluate-firewall';
import { ChainResult, internetArrival, passChain } from './filter-chain';
import { buildGraph, GraphNode, NetworkGraph } from './graph';
import { analyzePaths, PathAnalysis } from './paths';
import { admitsNoPublicClient, isUncertainRule, Reading } from './rule-match';
import { Cluster, ClusterNode, Firewall, InfrastructureModel, resourceKey } from '../model/model';
import { AddressSet } from '../net/address-set';
import { isBroadPublic, publicAddresses } from '../net/public-space';

export { selfManagedPorts } from './graph';

/** One firewall and one port, evaluated (alone, or as part of a node's filter chain). */
export interface FirewallPortAnalysis {
  readonly firewall: Firewall;
  readonly port: number;
  /** Clusters this port belongs to through a node (empty for self-managed ports judged alone). */
  readonly clusters: readonly Cluster[];
  /** The node whose filter chain this firewall is judged in; undefined when judged alone. */
  readonly node?: ClusterNode;
  /** How many firewalls guard that node (the union of a stage, the stages of a chain). */
  readonly chainFirewalls?: number;
  /** Unknowns read as harmlessly as they could be. */
  readonly best: PortExposure;
  /** Unknowns read as harmfully as they could be. */
  readonly worst: PortExposure;
}

/** A managed domain whose attached security group cannot be seen. */
export interface UnresolvedAttachment {
  readonly cluster: Cluster;
  readonly reason: string;
}

/** A node guarded by a filter that is not in the input, where it could let the internet in. */
export interface UnresolvedFilter {
  readonly node: ClusterNode;
  readonly reasons: readonly string[];
  readonly ports: readonly number[];
}

/** Everything the network rules need. */
export interface ExposureAnalysis {
  readonly graph: NetworkGraph;
  readonly ports: readonly FirewallPortAnalysis[];
  readonly unresolvedAttachments: readonly UnresolvedAttachment[];
  readonly unresolvedFilters: readonly UnresolvedFilter[];
  readonly paths: readonly PathAnalysis[];
}

/** Evaluates every (firewall, port) pair that counts and every path. */
export function analyzeExposure(model: InfrastructureModel): ExposureAnalysis {
  const graph = buildGraph(model);
  const ports: FirewallPortAnalysis[] = [];
  const unresolvedAttachments: UnresolvedAttachment[] = [];
  const unresolvedFilters: UnresolvedFilter[] = [];

  const guarded = new Set<Firewall>();
  for (const node of graph.nodes) {
    if (node.legacy) {
      // Model version 1: an attachment that cannot be checked is reported whatever the other groups say.
      for (const reason of node.stages.flatMap(s => s.unresolved)) unresolvedAttachments.push({ cluster: node.cluster!, reason });
    } else if (node.cluster?.kind !== 'managed-domain') {
      node.stages.forEach(s => s.firewalls.forEach(f => guarded.add(f)));
    }
    const { pairs, unresolved } = directReading(node);
    ports.push(...pairs);
    if (unresolved && !node.legacy) unresolvedFilters.push(unresolved);
  }

  // Indexed loops: once per firewall and port of the input, mostly in cold code (a for-of step
  // allocates an iterator result there).
  const selfManaged = graph.selfManagedPorts;
  const nothingPublic = new NoPublicAdmissions();
  for (let f = 0; f < model.firewalls.length; f++) {
    const firewall = model.firewalls[f];
    if (guarded.has(firewall)) continue;
    // Without an unknown field both readings are the same: evaluate once.
    let certain = true;
    let noPublicClient = true;
    for (let r = 0; r < firewall.rules.length && (certain || noPublicClient); r++) {
      const rule = firewall.rules[r];
      if (certain && isUncertainRule(rule)) certain = false;
      if (noPublicClient && !admitsNoPublicClient(rule)) noPublicClient = false;
    }
    if (noPublicClient) {
      // No rule admits a public client (most firewalls: private CIDRs, other groups, `VirtualNetwork`):
      // nothing public reaches any port, in either reading and whatever the order, without matching
      // every rule per port. An AWS group is allow-only; an Azure group's default rules admit only
      // `VirtualNetwork` and `AzureLoadBalancer` (azureDefaultInboundRules), and a deny admits nothing.
      for (let p = 0; p < selfManaged.length; p++) {
        const best = nothingPublic.get(selfManaged[p], 'best');
        ports.push({ firewall, port: selfManaged[p], clusters: NONE, best, worst: certain ? best : nothingPublic.get(selfManaged[p], 'worst') });
      }
      continue;
    }
    const segments = sourcePortSegments([firewall]);
    for (let p = 0; p < selfManaged.length; p++) {
      const best = evaluateFirewallPort(firewall, selfManaged[p], 'best', segments);
      const worst = certain ? best : evaluateFirewallPort(firewall, selfManaged[p], 'worst', segments);
      ports.push({ firewall, port: selfManaged[p], clusters: NONE, best, worst });
    }
  }
  return { graph, ports, unresolvedAttachments, unresolvedFilters, paths: analyzePaths(graph) };
}

/**
 * What a firewall that admits no public address gives to one port (as `evaluateFirewallPort` would):
 * the same for every such firewall, so one frozen exposure per port and reading.
 */
class NoPublicAdmissions {
  private readonly byReading = { best: new Map<number, PortExposure>(), worst: new Map<number, PortExposure>() };

  public get(port: number, reading: Reading): PortExposure {
    const byPort = this.byReading[reading];
    let exposure = byPort.get(port);
    if (exposure === undefined) {
      exposure = Object.freeze({ port, reading, publicAddresses: AddressSet.empty(), broadPublicTags: NONE, contributions: NONE });
      byPort.set(port, exposure);
    }
    return exposure;
  }
}

/** One frozen empty list for the many pairs and exposures that have nothing in one (read-only). */
const NONE: readonly never[] = Object.freeze([]);

/** The direct reading of one node: its chain with the whole internet arriving, per port. */
function directReading(node: GraphNode): { pairs: FirewallPortAnalysis[]; unresolved?: UnresolvedFilter } {
  const firewalls = [...new Set(node.stages.flatMap(s => s.firewalls))];
  if (firewalls.length === 0 && node.stages.every(s => s.unresolved.length === 0)) return { pairs: [] };
  const uncertain = node.stages.some(s => s.unresolved.length > 0) || firewalls.some(f => f.rules.some(isUncertainRule));
  const pairs: FirewallPortAnalysis[] = [];
  const unresolvedPorts: number[] = [];
  for (const port of node.ports) {
    const steps = node.stages.map(stage => ({ stage, port, node: node.node }));
    const best = passChain(steps, 'best', internetArrival());
    const worst = uncertain ? passChain(steps, 'worst', internetArrival()) : best;
    if (worst.throughUnresolved && worstAdmitsMore(best, worst)) unresolvedPorts.push(port);
    for (const firewall of firewalls) {
      pairs.push({
        firewall,
        port,
        clusters: node.cluster ? [node.cluster] : [],
        node: node.node,
        chainFirewalls: firewalls.length,
        best: chainExposure(best, firewall, port, 'best'),
        worst: chainExposure(worst, firewall, port, 'worst'),
      });
    }
  }
  const reasons = [...new Set(node.stages.flatMap(s => s.unresolved))];
  return { pairs, unresolved: unresolvedPorts.length ? { node: node.node, reasons, ports: unresolvedPorts } : undefined };
}

function worstAdmitsMore(best: ChainResult, worst: ChainResult): boolean {
  const publicSpace = publicAddresses();
  return admitsMorePublic(
    { publicAddresses: worst.addresses.intersect(publicSpace), broadPublicTags: worst.broadPublicTags },
    { publicAddresses: best.addresses.intersect(publicSpace), broadPublicTags: best.broadPublicTags });
}

/** A firewall's view of a chain: what the whole chain admits, and this firewall's rules' share of it. */
function chainExposure(result: ChainResult, firewall: Firewall, port: number, reading: 'best' | 'worst'): PortExposure {
  const publicSpace = publicAddresses();
  return {
    port,
    reading,
    publicAddresses: result.addresses.intersect(publicSpace),
    broadPublicTags: result.broadPublicTags,
    contributions: result.contributions
      .filter(c => c.firewall === firewall)
      .map(c => ({ rule: c.rule, publicAddresses: c.addresses.intersect(publicSpace), broadPublicTags: c.broadPublicTags })),
  };
}

/** Whether an exposure reaches the error threshold: a broad tag, >256 IPv4 or more than a /64 of IPv6. */
export function isBroadExposure(exposure: PortExposure): boolean {
  return exposure.broadPublicTags.length > 0 || isBroadPublic(exposure.publicAddresses);
}

/** What one reading admits from the public internet. */
export interface PublicAdmission {
  readonly publicAddresses: AddressSet;
  readonly broadPublicTags: readonly string[];
}

/** Whether `worst` admits a public address or a broad tag that `best` does not. */
export function admitsMorePublic(worst: PublicAdmission, best: PublicAdmission): boolean {
  // A certain firewall's two readings are one object (analyzeExposure): nothing more.
  if (worst === best) return false;
  if (!worst.publicAddresses.subtract(best.publicAddresses).isEmpty()) return true;
  if (worst.broadPublicTags.length === 0) return false;
  const bestTags = new Set(best.broadPublicTags);
  return worst.broadPublicTags.some(t => !bestTags.has(t));
}

/** Whether the worst reading admits something public that the best one does not. */
export function worstExceedsBest(analysis: FirewallPortAnalysis): boolean {
  return admitsMorePublic(analysis.worst, analysis.best);
}

/** A firewall's identity: the same logical id may appear in two stacks. */
export function firewallKey(firewall: Firewall): string {
  return resourceKey(firewall.location);
}
