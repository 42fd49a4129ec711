/**
 * The model as a graph (spec: "Paths"): firewalls, nodes and clusters looked up by id once, filter
 * stages resolved to firewalls, and the nodes of a managed domain that only names its security groups
 * (`Cluster.attachedFirewalls`, model version 1) made explicit.
 */
import { ResolvedStage } from './filter-chain';
import {
  Cluster, ClusterNode, clusterId, FilterStage, Firewall, firewallId, InfrastructureModel, Known, resourceKey, SELF_MANAGED_PORTS,
} from '../model/model';

/** A node of the graph with its cluster; `legacy` for a node made from `attachedFirewalls`. */
export interface GraphNode {
  readonly node: ClusterNode;
  readonly cluster?: Cluster;
  readonly ports: readonly number[];
  readonly stages: readonly ResolvedStage[];
  readonly legacy: boolean;
}

/** The graph every network rule reads. */
export interface NetworkGraph {
  readonly model: InfrastructureModel;
  readonly nodes: readonly GraphNode[];
  readonly nodesById: ReadonlyMap<string, GraphNode>;
  /** Nodes of each cluster id (a forward may name a cluster instead of a node). */
  readonly nodesByCluster: ReadonlyMap<string, readonly GraphNode[]>;
  readonly selfManagedPorts: readonly number[];
  resolveStages(stages: readonly FilterStage[] | undefined, cluster?: Cluster): ResolvedStage[];
  /**
   * Every id that names the same security group as `id` (its `Firewall.id`, `resourceKey`, logical id,
   * `<stack>/<resource>`), so that a proxy's groups match a `private` source whichever form each uses.
   */
  groupAliases(id: string): string[];
}

/** The ports that count on every firewall of the model. */
export function selfManagedPorts(model: InfrastructureModel): number[] {
  return [...new Set(model.selfManagedPorts ?? SELF_MANAGED_PORTS)].sort((a, b) => a - b);
}

/** Builds the graph of a model. */
export function buildGraph(model: InfrastructureModel): NetworkGraph {
  const byId = new Map<string, Firewall>();
  const byResource = new Map<string, Firewall[]>();
  for (const firewall of model.firewalls) {
    const key = resourceKey(firewall.location);
    byId.set(firewall.id ?? key, firewall); // firewallId, without building the key twice
    byId.set(key, firewall);
    const list = byResource.get(firewall.location.resource) ?? [];
    list.push(firewall);
    byResource.set(firewall.location.resource, list);
  }
  const resolveFirewall = (id: string, cluster?: Cluster): Firewall | undefined => {
    const exact = byId.get(id);
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
    return candidates.find(f => f.location.stack === cluster?.location.stack) ?? candidates[0];
  };
  const resolveStages = (stages: readonly FilterStage[] | undefined, cluster?: Cluster): ResolvedStage[] =>
    (stages ?? []).map(stage => resolveStage(stage, cluster, resolveFirewall));

  const clustersById = new Map(model.clusters.map(c => [clusterId(c), c] as const));
  const common = selfManagedPorts(model);
  const nodes: GraphNode[] = [];
  for (const node of model.nodes ?? []) {
    const cluster = clustersById.get(node.cluster);
    nodes.push({
      node,
      cluster,
      ports: [...new Set(node.ports ?? cluster?.ports ?? common)].sort((a, b) => a - b),
      stages: resolveStages(node.filters, cluster),
      legacy: false,
    });
  }
  const explicit = new Set(nodes.map(n => n.node.cluster));
  for (const cluster of model.clusters) {
    const id = clusterId(cluster);
    if (cluster.kind !== 'managed-domain' || explicit.has(id) || !cluster.attachedFirewalls?.length) continue;
    // Model version 1: the union of the attached groups guards the domain's interfaces.
    const node: ClusterNode = {
      id,
      name: `domain ${cluster.location.resource}`,
      location: cluster.location,
      cluster: id,
      filters: [{ description: 'security groups', firewalls: cluster.attachedFirewalls }],
    };
    nodes.push({ node, cluster, ports: [...cluster.ports].sort((a, b) => a - b), stages: resolveStages(node.filters, cluster), legacy: true });
  }
  const withNodes = new Set(nodes.map(n => n.node.cluster));
  for (const cluster of model.clusters) {
    const id = clusterId(cluster);
    if (withNodes.has(id)) continue;
    // A cluster the input gives no node for (a public domain, a translator that names the cluster as a
    // target): one node that nothing filters, so a forward to the cluster reaches its ports.
    const name = `${cluster.kind === 'managed-domain' ? 'domain' : 'cluster'} ${cluster.location.resource}`;
    const node: ClusterNode = { id, name, location: cluster.location, cluster: id, filters: [] };
    nodes.push({ node, cluster, ports: [...cluster.ports].sort((a, b) => a - b), stages: [], legacy: false });
  }
  const nodesById = new Map(nodes.map(n => [n.node.id, n] as const));
  const nodesByCluster = new Map<string, GraphNode[]>();
  for (const n of nodes) {
    const list = nodesByCluster.get(n.node.cluster) ?? [];
    list.push(n);
    nodesByCluster.set(n.node.cluster, list);
  }
  const groupAliases = (id: string): string[] => {
    const firewall = resolveFirewall(id);
    if (!firewall) return [id];
    const { stack, resource } = firewall.location;
    return [...new Set([id, firewallId(firewall), resourceKey(firewall.location), resource, ...(stack ? [`${stack}/${resource}`] : [])])];
  };
  return { model, nodes, nodesById, nodesByCluster, selfManagedPorts: common, resolveStages, groupAliases };
}

function resolveStage(
  stage: FilterStage,
  cluster: Cluster | undefined,
  resolve: (id: string, cluster?: Cluster) => Firewall | undefined,
): ResolvedStage {
  const firewalls: Firewall[] = [];
  const unresolved: string[] = [];
  for (const entry of stage.firewalls as readonly Known<string>[]) {
    if (!entry.known) {
      unresolved.push(entry.reason);
      continue;
    }
    const firewall = resolve(entry.value, cluster);
    if (firewall) {
      if (!firewalls.includes(firewall)) firewalls.push(firewall);
    } else {
      unresolved.push(`security group ${entry.value} is not in the input`);
    }
  }
  return { description: stage.description, firewalls, unresolved };
}
