/**
 * A chain of filters on a path (spec: "Paths", filters on the way): traffic must pass every stage in
 * order (an Azure NIC: its subnet's NSG, then its own NSG; an ALB's security groups, then the target's);
 * within a stage the union of its firewalls admits (every security group on an AWS interface or domain).
 *
 * The chain is evaluated once per source-port segment (the ranges on which every rule of the chain
 * agrees), never per port or per address: interval sets carry the addresses.
 */
import { AdmissionContribution, admitArrival, Arrival, sourcePortSegments } from './evaluate-firewall';
import { Reading } from './rule-match';
import { ClusterNode, Firewall, IngressRule, ProxySource } from '../model/model';
import { AddressSet } from '../net/address-set';
import { isBroadPublic, publicAddresses } from '../net/public-space';

/** A filter stage with its firewalls looked up. */
export interface ResolvedStage {
  readonly description?: string;
  readonly firewalls: readonly Firewall[];
  /** Entries that are not in the input, with the reason: they fail closed (the worst reading admits everything). */
  readonly unresolved: readonly string[];
}

/** One stage and the destination port it sees (a load balancer's frontend port, the node's backend port). */
export interface ChainStep {
  readonly stage: ResolvedStage;
  readonly port: number;
  /** The node the stage guards (for destination-aware rules); undefined before the traffic reaches one. */
  readonly node?: ClusterNode;
}

/** One allow rule that lets through something that passes the whole chain. */
export interface ChainContribution extends AdmissionContribution {
  readonly firewall: Firewall;
  readonly port: number;
  /** The index of the step (in the chain passed) whose stage holds the firewall. */
  readonly step: number;
}

/** What passes a chain. */
export interface ChainResult {
  readonly addresses: AddressSet;
  readonly broadPublicTags: readonly string[];
  /** Behind a proxy with unknown addresses: whether the proxy's traffic passes. */
  readonly proxy: boolean;
  readonly contributions: readonly ChainContribution[];
  /** Whether a filter that is not in the input let something through (only in the worst reading). */
  readonly throughUnresolved: boolean;
}

/** What arrives at the start of a chain. */
export interface ChainArrival extends Arrival {
  /** Broad public tags (public ranges of unknown extent) that arrive; undefined: the whole internet arrives. */
  readonly broadPublicTags?: readonly string[];
  /** Set when a proxy sends the traffic. */
  readonly proxySource?: ProxySource;
}

/** The whole public internet, as it arrives at a pass-through hop. */
export function internetArrival(): ChainArrival {
  return { addresses: publicAddresses(), proxy: false };
}

/** Passes an arrival through a chain of stages under one reading. */
export function passChain(steps: readonly ChainStep[], reading: Reading, arrival: ChainArrival): ChainResult {
  const active = steps.filter(s => s.stage.firewalls.length > 0 || s.stage.unresolved.length > 0);
  const segments = sourcePortSegments(active.flatMap(s => s.stage.firewalls));
  let addresses = AddressSet.empty();
  let proxy = false;
  let throughUnresolved = false;
  const tags = new Set<string>();
  const byRule = new Map<string, ChainContribution>();
  const ruleIds = new Map<IngressRule, number>();
  const fwIds = new Map<Firewall, number>();
  const idOf = <T>(m: Map<T, number>, x: T) => { let id = m.get(x); if (id === undefined) { id = m.size; m.set(x, id); } return id; };

  for (const sourcePort of segments) {
    let current: Arrival = { addresses: arrival.addresses, proxy: arrival.proxy };
    let currentTags: readonly string[] | undefined = arrival.broadPublicTags;
    const pending: ChainContribution[] = [];
    let unresolvedHelped = false;
    for (const step of active) {
      const stepIndex = steps.indexOf(step);
      const context = { node: step.node, proxy: arrival.proxySource, sourcePort };
      let stageAddresses = AddressSet.empty();
      let stageProxy = false;
      const stageTags = new Set<string>();
      for (const firewall of step.stage.firewalls) {
        const admission = admitArrival(firewall, step.port, reading, current, context);
        stageAddresses = stageAddresses.union(admission.addresses);
        stageProxy = stageProxy || admission.proxy;
        admission.broadPublicTags.forEach(t => stageTags.add(t));
        for (const c of admission.contributions) pending.push({ ...c, firewall, port: step.port, step: stepIndex });
      }
      if (reading === 'worst' && step.stage.unresolved.length > 0) {
        // A group that is not in the input could admit everything that arrives.
        const more = !current.addresses.subtract(stageAddresses).isEmpty() || (current.proxy && !stageProxy);
        unresolvedHelped = unresolvedHelped || more;
        stageAddresses = current.addresses;
        stageProxy = current.proxy;
        (currentTags ?? []).forEach(t => stageTags.add(t));
      }
      currentTags = passTags(currentTags, stageTags, step, reading, context, arrival.proxySource !== undefined);
      current = { addresses: stageAddresses, proxy: stageProxy };
    }
    addresses = addresses.union(current.addresses);
    proxy = proxy || current.proxy;
    (currentTags ?? []).forEach(t => tags.add(t));
    throughUnresolved = throughUnresolved || (unresolvedHelped && (!current.addresses.isEmpty() || current.proxy || (currentTags ?? []).length > 0));
    // Only what passes the whole chain counts for a rule.
    for (const c of pending) {
      const through = c.addresses.intersect(current.addresses);
      const throughTags = c.broadPublicTags.filter(t => (currentTags ?? []).includes(t));
      const throughProxy = c.proxy && current.proxy;
      if (through.isEmpty() && throughTags.length === 0 && !throughProxy) continue;
      const key = `${idOf(fwIds, c.firewall)}:${idOf(ruleIds, c.rule)}:${c.port}:${c.step}`;
      const prev = byRule.get(key);
      byRule.set(key, prev
        ? {
          ...prev,
          addresses: prev.addresses.union(through),
          broadPublicTags: [...new Set([...prev.broadPublicTags, ...throughTags])],
          proxy: prev.proxy || throughProxy,
        }
        : { ...c, addresses: through, broadPublicTags: throughTags, proxy: throughProxy });
    }
  }
  return { addresses, broadPublicTags: [...tags], proxy, contributions: [...byRule.values()], throughUnresolved };
}

/**
 * Broad public tags are ranges of unknown extent: one passes a later stage when that stage admits the
 * same tag, or a broad public set, from the whole internet.
 */
function passTags(
  before: readonly string[] | undefined,
  stageTags: Set<string>,
  step: ChainStep,
  reading: Reading,
  context: { node?: ClusterNode; sourcePort: number },
  behindProxy: boolean,
): readonly string[] {
  if (behindProxy) return [];
  if (before === undefined) return [...stageTags];
  if (before.length === 0) return [];
  let broad = false;
  const fromInternet = new Set<string>();
  for (const firewall of step.stage.firewalls) {
    const admission = admitArrival(firewall, step.port, reading, internetArrival(), context);
    admission.broadPublicTags.forEach(t => fromInternet.add(t));
    broad = broad || isBroadPublic(admission.addresses);
  }
  if (reading === 'worst' && step.stage.unresolved.length > 0) broad = true;
  return before.filter(t => broad || fromInternet.has(t) || stageTags.has(t));
}
