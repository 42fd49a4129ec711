/**
 * Which ports count on which firewall (spec: "Cluster ports"), evaluated under both readings.
 *
 * - Managed domains: their ports (443, and 80 without enforced HTTPS) count only on the security
 *   groups attached to them.
 * - Self-managed Elasticsearch/OpenSearch/Kibana ports count on every firewall in the input,
 *   attached or not: the 2019 change was to a rule, not to an attachment.
 */
import { evaluateFirewallPort, PortExposure } from './evaluate-firewall';
import { hasUnknownField } from './rule-match';
import { Cluster, Firewall, InfrastructureModel, SELF_MANAGED_PORTS } from '../model/model';
import { isBroadPublic } from '../net/public-space';

/** One firewall and one port, evaluated. */
export interface FirewallPortAnalysis {
  readonly firewall: Firewall;
  readonly port: number;
  /** Managed domains this port belongs to through an attachment (empty for self-managed ports). */
  readonly clusters: readonly Cluster[];
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

/** Everything the network rules need. */
export interface ExposureAnalysis {
  readonly ports: readonly FirewallPortAnalysis[];
  readonly unresolvedAttachments: readonly UnresolvedAttachment[];
}

/** The ports that count on every firewall of the model. */
export function selfManagedPorts(model: InfrastructureModel): number[] {
  return [...new Set(model.selfManagedPorts ?? SELF_MANAGED_PORTS)].sort((a, b) => a - b);
}

/** Evaluates every (firewall, port) pair that counts. */
export function analyzeExposure(model: InfrastructureModel): ExposureAnalysis {
  const firewallsById = new Map(model.firewalls.map(f => [firewallKey(f), f] as const));
  const firewallsByResource = new Map<string, Firewall[]>();
  for (const firewall of model.firewalls) {
    const list = firewallsByResource.get(firewall.location.resource) ?? [];
    list.push(firewall);
    firewallsByResource.set(firewall.location.resource, list);
  }

  // firewall key -> port -> clusters
  const pairs = new Map<string, Map<number, Cluster[]>>();
  const addPair = (firewall: Firewall, port: number, cluster?: Cluster) => {
    const key = firewallKey(firewall);
    const ports = pairs.get(key) ?? new Map<number, Cluster[]>();
    const clusters = ports.get(port) ?? [];
    if (cluster && !clusters.includes(cluster)) clusters.push(cluster);
    ports.set(port, clusters);
    pairs.set(key, ports);
  };

  const commonPorts = selfManagedPorts(model);
  for (const firewall of model.firewalls) {
    for (const port of commonPorts) addPair(firewall, port);
  }

  const unresolvedAttachments: UnresolvedAttachment[] = [];
  for (const cluster of model.clusters) {
    if (cluster.kind !== 'managed-domain') continue;
    for (const attachment of cluster.attachedFirewalls ?? []) {
      if (!attachment.known) {
        unresolvedAttachments.push({ cluster, reason: attachment.reason });
        continue;
      }
      const firewall = resolveAttachment(attachment.value, cluster, firewallsById, firewallsByResource);
      if (!firewall) {
        unresolvedAttachments.push({ cluster, reason: `security group ${attachment.value} is not in the input` });
        continue;
      }
      for (const port of cluster.ports) addPair(firewall, port, cluster);
    }
  }

  const ports: FirewallPortAnalysis[] = [];
  for (const [key, byPort] of pairs) {
    const firewall = firewallsById.get(key)!;
    // Without an unknown field both readings are the same: evaluate once.
    const certain = !firewall.rules.some(hasUnknownField);
    for (const [port, clusters] of [...byPort].sort((a, b) => a[0] - b[0])) {
      const best = evaluateFirewallPort(firewall, port, 'best');
      const worst = certain ? best : evaluateFirewallPort(firewall, port, 'worst');
      ports.push({ firewall, port, clusters, best, worst });
    }
  }
  return { ports, unresolvedAttachments };
}

/** Whether an exposure reaches the error threshold: a broad tag, >256 IPv4 or more than a /64 of IPv6. */
export function isBroadExposure(exposure: PortExposure): boolean {
  return exposure.broadPublicTags.length > 0 || isBroadPublic(exposure.publicAddresses);
}

/** Whether the worst reading admits something public that the best one does not. */
export function worstExceedsBest(analysis: FirewallPortAnalysis): boolean {
  const { best, worst } = analysis;
  if (!worst.publicAddresses.subtract(best.publicAddresses).isEmpty()) return true;
  const bestTags = new Set(best.broadPublicTags);
  return worst.broadPublicTags.some(t => !bestTags.has(t));
}

/** A firewall's identity: the same logical id may appear in two stacks. */
export function firewallKey(firewall: Firewall): string {
  const { stack, file, resource } = firewall.location;
  return `${stack ?? ''}\u0000${file ?? ''}\u0000${resource}`;
}

function resolveAttachment(
  id: string,
  cluster: Cluster,
  byKey: Map<string, Firewall>,
  byResource: Map<string, Firewall[]>,
): Firewall | undefined {
  const exact = byKey.get(id);
  if (exact) return exact;
  // `<stack>/<resource>` names a group in another stack (cross-stack references).
  const slash = id.lastIndexOf('/');
  if (slash > 0) {
    const [stack, resource] = [id.slice(0, slash), id.slice(slash + 1)];
    const inStack = (byResource.get(resource) ?? []).find(f => f.location.stack === stack);
    if (inStack) return inStack;
  }
  const candidates = byResource.get(id) ?? [];
  if (candidates.length <= 1) return candidates[0];
  // The same logical id in several stacks: prefer the cluster's own stack.
  return candidates.find(f => f.location.stack === cluster.location.stack) ?? candidates[0];
}
