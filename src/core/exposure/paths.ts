/**
 * Paths from the internet to cluster ports (spec: "Paths"): for each entry point forward and each
 * target node, what arrives at each cluster port. A pass-through hop keeps the client's address, so
 * the node's filters see the internet (what the entry's own filters let through); a proxy replaces
 * it with its own (`ProxySource`), so the node's filters see the proxy, and if they admit it, every
 * client the entry admits arrives.
 */
import { ChainContribution, ChainStep, internetArrival, passChain, ResolvedStage } from './filter-chain';
import { GraphNode, NetworkGraph } from './graph';
import { isUncertainRule, Reading, unknownReasons } from './rule-match';
import { EntryPoint, Forward, ProxySource } from '../model/model';
import { AddressSet } from '../net/address-set';
import { PortSet } from '../net/port-set';
import { publicAddresses } from '../net/public-space';

/** What one reading of one path carries to the cluster port. */
export interface PathReading {
  /** Public client addresses that arrive at the cluster port on this path. */
  readonly publicAddresses: AddressSet;
  /** Broad public tags (public ranges of unknown extent) that arrive. */
  readonly broadPublicTags: readonly string[];
  /** The rules on the entry's own filters that let the clients in. */
  readonly entryAdmittedBy: readonly ChainContribution[];
  /** The rules on the node's filters that let the traffic (clients or the proxy) in. */
  readonly nodeAdmittedBy: readonly ChainContribution[];
}

/** One path: entry point -> forward -> node port, under both readings. */
export interface PathAnalysis {
  readonly entry: EntryPoint;
  readonly forward: Forward;
  /** Undefined when the forward's target is unknown or not in the input. */
  readonly target?: GraphNode;
  /** The cluster port reached; undefined with an unknown target. */
  readonly port?: number;
  readonly best: PathReading;
  readonly worst: PathReading;
  /** Values unknown at synthesis on the way, for messages. */
  readonly unknowns: readonly string[];
}

const EMPTY_READING: PathReading = { publicAddresses: AddressSet.empty(), broadPublicTags: [], entryAdmittedBy: [], nodeAdmittedBy: [] };

/** Whether a reading carries anything public. */
export function carriesPublic(reading: PathReading): boolean {
  return !reading.publicAddresses.isEmpty() || reading.broadPublicTags.length > 0;
}

/** Every path of the graph with something public on it in the worst reading. */
export function analyzePaths(graph: NetworkGraph): PathAnalysis[] {
  const paths: PathAnalysis[] = [];
  for (const entry of graph.model.entryPoints ?? []) {
    const entryStages = graph.resolveStages(entry.filters);
    for (const forward of entry.forwards) {
      for (const path of forwardPaths(graph, entry, entryStages, forward)) {
        if (carriesPublic(path.worst) || carriesPublic(path.best)) paths.push(path);
      }
    }
  }
  return paths;
}

function forwardPaths(graph: NetworkGraph, entry: EntryPoint, entryStages: ResolvedStage[], forward: Forward): PathAnalysis[] {
  const targets: GraphNode[] = [];
  const missing: string[] = [];
  for (const target of forward.targets) {
    if (!target.known) {
      missing.push(`target: ${target.reason}`);
      continue;
    }
    const node = graph.nodesById.get(target.value);
    const ofCluster = graph.nodesByCluster.get(target.value);
    if (node) targets.push(node);
    else if (ofCluster) targets.push(...ofCluster);
    else missing.push(`target: node ${target.value} is not in the input`);
  }
  const forwardUnknowns = [
    ...(forward.frontendPorts.known ? [] : [`frontend ports: ${forward.frontendPorts.reason}`]),
    ...(forward.backendPort && !forward.backendPort.known ? [`backend port: ${forward.backendPort.reason}`] : []),
    ...stageUnknowns(entryStages),
  ];
  const paths: PathAnalysis[] = [];
  for (const target of [...new Set(targets)]) {
    const unknowns = [...forwardUnknowns, ...stageUnknowns(target.stages), ...proxyUnknowns(forward)];
    for (const port of target.ports) {
      const read = (reading: Reading) => readPath(graph, entryStages, forward, target, port, reading);
      const best = read('best');
      const worst = unknowns.length ? read('worst') : best;
      paths.push({ entry, forward, target, port, best, worst, unknowns });
    }
  }
  if (missing.length) {
    // A backend the input does not resolve: in the worst reading every client the entry admits
    // reaches an unfiltered cluster port (fail closed).
    const unknowns = [...forwardUnknowns, ...missing];
    const worst = readEntry(entryStages, frontendPorts(forward, 'worst'), 'worst');
    paths.push({ entry, forward, best: EMPTY_READING, worst: { ...worst, nodeAdmittedBy: [] }, unknowns });
  }
  return paths;
}

function frontendPorts(forward: Forward, reading: Reading): PortSet {
  if (forward.frontendPorts.known) return forward.frontendPorts.value;
  return reading === 'worst' ? PortSet.all() : PortSet.empty();
}

/** The frontend ports that carry traffic to `port` of the node under a reading. */
function frontendsTo(forward: Forward, port: number, reading: Reading): PortSet {
  const frontends = frontendPorts(forward, reading);
  if (forward.backendPort === undefined) {
    // The port it arrived on (a public IP, HA ports): only that port reaches `port`.
    return frontends.intersect(PortSet.of(port));
  }
  if (forward.backendPort.known) return forward.backendPort.value === port ? frontends : PortSet.empty();
  // An unknown backend port may be any cluster port (unknown is not safe).
  return reading === 'worst' ? frontends : PortSet.empty();
}

function readPath(
  graph: NetworkGraph, entryStages: ResolvedStage[], forward: Forward, target: GraphNode, port: number, reading: Reading,
): PathReading {
  const frontends = frontendsTo(forward, port, reading);
  if (frontends.isEmpty()) return EMPTY_READING;
  const nodeSteps: ChainStep[] = target.stages.map(stage => ({ stage, port, node: target.node }));
  if (forward.preservesClientAddress) {
    // Pass-through: one chain, the client's address (and source port) seen by every filter.
    let addresses = AddressSet.empty();
    const tags = new Set<string>();
    const entryBy: ChainContribution[] = [];
    const nodeBy: ChainContribution[] = [];
    for (const frontend of representativePorts(frontends, entryStages)) {
      const steps: ChainStep[] = [...entryStages.map(stage => ({ stage, port: frontend })), ...nodeSteps];
      const result = passChain(steps, reading, internetArrival());
      addresses = addresses.union(result.addresses);
      result.broadPublicTags.forEach(t => tags.add(t));
      for (const c of result.contributions) (c.step < entryStages.length ? entryBy : nodeBy).push(c);
    }
    return { publicAddresses: addresses.intersect(publicAddresses()), broadPublicTags: [...tags], entryAdmittedBy: entryBy, nodeAdmittedBy: nodeBy };
  }
  // A proxy: the clients it admits, then its own traffic through the node's filters.
  const clients = readEntry(entryStages, frontends, reading);
  if (!carriesPublic(clients)) return EMPTY_READING;
  const given: ProxySource = forward.proxySource
    ?? { text: 'the proxy', addresses: { known: false, reason: 'the proxy\'s source is not in the input' } };
  const proxy: ProxySource = { ...given, groups: (given.groups ?? []).flatMap(graph.groupAliases) };
  const addresses = proxy.addresses.known ? proxy.addresses.value : AddressSet.empty();
  const arrival = { addresses, proxy: !proxy.addresses.known, proxySource: proxy };
  const result = passChain(nodeSteps, reading, arrival);
  const nothingFilters = nodeSteps.every(s => s.stage.firewalls.length === 0 && s.stage.unresolved.length === 0);
  if (!nothingFilters && result.addresses.isEmpty() && !result.proxy) return EMPTY_READING;
  return { ...clients, nodeAdmittedBy: result.contributions };
}

/** What the entry's own filters let through from the internet on any of the frontend ports. */
function readEntry(entryStages: ResolvedStage[], frontends: PortSet, reading: Reading): PathReading {
  let addresses = AddressSet.empty();
  const tags = new Set<string>();
  const by: ChainContribution[] = [];
  for (const frontend of representativePorts(frontends, entryStages)) {
    const result = passChain(entryStages.map(stage => ({ stage, port: frontend })), reading, internetArrival());
    addresses = addresses.union(result.addresses);
    result.broadPublicTags.forEach(t => tags.add(t));
    by.push(...result.contributions);
  }
  return { publicAddresses: addresses.intersect(publicAddresses()), broadPublicTags: [...tags], entryAdmittedBy: by, nodeAdmittedBy: [] };
}

/**
 * One port per segment of `ports` on which every rule of the stages agrees (the rules' port
 * boundaries cut the set): HA ports (all 65536) cost as much as the rules have boundaries.
 */
export function representativePorts(ports: PortSet, stages: readonly ResolvedStage[]): number[] {
  const cuts = new Set<number>();
  for (const firewall of stages.flatMap(s => s.firewalls)) {
    for (const rule of firewall.rules) {
      if (!rule.ports.known) continue;
      for (const interval of rule.ports.value.intervals) {
        cuts.add(interval.start);
        if (interval.end < 65535) cuts.add(interval.end + 1);
      }
    }
  }
  const reps: number[] = [];
  for (const interval of ports.intervals) {
    reps.push(interval.start);
    for (const cut of cuts) if (cut > interval.start && cut <= interval.end) reps.push(cut);
  }
  return [...new Set(reps)].sort((a, b) => a - b);
}

function stageUnknowns(stages: readonly ResolvedStage[]): string[] {
  const reasons = stages.flatMap(s => s.unresolved.map(r => `filter: ${r}`));
  for (const firewall of stages.flatMap(s => s.firewalls)) {
    for (const rule of firewall.rules.filter(isUncertainRule)) {
      reasons.push(`${firewall.location.resource} rule "${rule.name}": ${unknownReasons(rule).join('; ')}`);
    }
  }
  return reasons;
}

function proxyUnknowns(forward: Forward): string[] {
  if (forward.preservesClientAddress) return [];
  const addresses = forward.proxySource?.addresses;
  return addresses && addresses.known ? [] : [`the proxy's addresses: ${addresses && !addresses.known ? addresses.reason : 'not in the input'}`];
}
