/**
 * Which addresses a firewall admits to one TCP port (spec: "Rule evaluation").
 *
 * - AWS security groups are allow-only: the union of every rule.
 * - Azure network security groups: inbound rules by priority, lowest first, first match wins,
 *   then Azure's default rules. A deny shadows the part of a later allow that it matches,
 *   address by address (the port is fixed per evaluation, so port by port too). Equal priorities
 *   are read in the order that admits the most: allows first.
 *
 * What is matched is what arrives (`Arrival`): the whole public internet for the direct reading, the
 * client addresses an entry point lets through on a pass-through hop, or a proxy's own traffic.
 */
import { effectiveAccess, matchRule, MatchContext, Reading } from './rule-match';
import { Firewall, IngressRule, known } from '../model/model';
import { AddressSet } from '../net/address-set';
import { PortSet } from '../net/port-set';
import { publicAddresses } from '../net/public-space';

/** A rule's share of what a firewall admits. */
export interface Contribution {
  readonly rule: IngressRule;
  /** Public addresses this rule admits (that no earlier rule decided). */
  readonly publicAddresses: AddressSet;
  /** Broad public service tags this rule admits, where some public address was still undecided. */
  readonly broadPublicTags: readonly string[];
}

/** What a firewall admits from the public internet to one port, under one reading. */
export interface PortExposure {
  readonly port: number;
  readonly reading: Reading;
  /** Every public address admitted. */
  readonly publicAddresses: AddressSet;
  /** Broad public service tags admitted. */
  readonly broadPublicTags: readonly string[];
  /** The allow rules that admit something public. */
  readonly contributions: readonly Contribution[];
}

/**
 * What arrives at a firewall: addresses (client addresses, or a proxy's known addresses) and, behind
 * a proxy whose addresses the input does not fix, the proxy's traffic as one whole (`proxy`).
 */
export interface Arrival {
  readonly addresses: AddressSet;
  /** Behind a proxy whose addresses are unknown: the proxy's traffic arrives (matched as one whole). */
  readonly proxy: boolean;
}

/** What a firewall admits of an arrival. */
export interface FirewallAdmission {
  readonly addresses: AddressSet;
  readonly broadPublicTags: readonly string[];
  readonly proxy: boolean;
  /** The allow rules that admit something, with what each admits. */
  readonly contributions: readonly AdmissionContribution[];
}

/** One allow rule's share of an admission. */
export interface AdmissionContribution {
  readonly rule: IngressRule;
  readonly addresses: AddressSet;
  readonly broadPublicTags: readonly string[];
  readonly proxy: boolean;
}

/**
 * Azure's default inbound rules (priorities 65000-65500), evaluated after the user's.
 * https://learn.microsoft.com/azure/virtual-network/network-security-groups-overview#default-security-rules
 */
export function azureDefaultInboundRules(firewall: Firewall): IngressRule[] {
  const rule = (name: string, priority: number, access: 'allow' | 'deny', tag: string): IngressRule => ({
    origin: firewall.location,
    name,
    access: known(access),
    priority: known(priority),
    protocol: known('all'),
    ports: known(PortSet.all()),
    sources: [{ kind: 'service-tag', tag }],
  });
  return [
    rule('AllowVnetInBound', 65000, 'allow', 'VirtualNetwork'),
    rule('AllowAzureLoadBalancerInBound', 65001, 'allow', 'AzureLoadBalancer'),
    rule('DenyAllInBound', 65500, 'deny', '*'),
  ];
}

/**
 * Orders Azure rules for a reading: by priority; a rule whose priority is unknown goes where it
 * does the most harm (worst) or the least (best): allows first and denies last, or the reverse.
 * Equal priorities (Azure refuses them in one group, a broken input may still hold them) are read in
 * the order that admits the most: allows before denies, whatever their names or file order.
 */
export function orderAzureRules(rules: readonly IngressRule[], reading: Reading): IngressRule[] {
  const key = (rule: IngressRule): number => {
    if (rule.priority?.known) return rule.priority.value;
    const early = (effectiveAccess(rule, reading) === 'allow') === (reading === 'worst');
    return early ? -Infinity : Infinity;
  };
  const denyLast = (rule: IngressRule) => (effectiveAccess(rule, reading) === 'allow' ? 0 : 1);
  // Array.prototype.sort is stable: equal priority and access keep their input order.
  return [...rules].sort((a, b) => key(a) - key(b) || denyLast(a) - denyLast(b));
}

/**
 * The rules of a firewall in evaluation order (Azure: by priority, then the default rules). The order
 * depends on the rules and the reading alone, and a firewall is judged on many ports, readings and
 * arrivals: it is sorted once per firewall, rules list and reading (the list read again if it changed).
 */
export function rulesInOrder(firewall: Firewall, reading: Reading): readonly IngressRule[] {
  if (firewall.kind !== 'azure-network-security-group') return firewall.rules;
  let ordered = ORDERED.get(firewall);
  if (ordered === undefined || ordered.rules !== firewall.rules || ordered.count !== firewall.rules.length) {
    ordered = { rules: firewall.rules, count: firewall.rules.length };
    ORDERED.set(firewall, ordered);
  }
  return ordered[reading] ??= [...orderAzureRules(firewall.rules, reading), ...azureDefaultInboundRules(firewall)];
}

interface OrderedRules {
  /** The list (and its length) the orders were made from. */
  readonly rules: readonly IngressRule[];
  readonly count: number;
  worst?: readonly IngressRule[];
  best?: readonly IngressRule[];
}

const ORDERED = new WeakMap<Firewall, OrderedRules>();

/** What a firewall admits of what arrives on one port, for one source port, under one reading. */
export function admitArrival(firewall: Firewall, port: number, reading: Reading, arrival: Arrival, context: MatchContext): FirewallAdmission {
  const firstMatch = firewall.kind === 'azure-network-security-group';
  let undecided = arrival.addresses;
  let proxyUndecided = arrival.proxy;
  let admitted = AddressSet.empty();
  let proxyAdmitted = false;
  const tags: string[] = [];
  const contributions: AdmissionContribution[] = [];
  const fromInternet = context.proxy === undefined;

  for (const rule of rulesInOrder(firewall, reading)) {
    if (undecided.isEmpty() && !proxyUndecided) break;
    const match = matchRule(rule, port, reading, context);
    if (!match) continue;
    const matchesProxy = proxyUndecided && match.proxy;
    if (match.access === 'deny') {
      // Broad tags in a deny shadow ranges we cannot see: assume they shadow nothing.
      if (firstMatch) {
        undecided = undecided.subtract(match.addresses);
        if (matchesProxy) proxyUndecided = false;
      }
      continue;
    }
    const newly = match.addresses.intersect(undecided);
    // A broad tag admits an unknown part of the public space that is still undecided.
    const newTags = fromInternet && match.broadPublicTags.length > 0 && undecided.overlaps(publicAddresses()) ? match.broadPublicTags : [];
    if (!newly.isEmpty() || newTags.length > 0 || matchesProxy) {
      contributions.push({ rule, addresses: newly, broadPublicTags: newTags, proxy: matchesProxy });
      admitted = admitted.union(newly);
      tags.push(...newTags);
      proxyAdmitted = proxyAdmitted || matchesProxy;
    }
    if (firstMatch) {
      undecided = undecided.subtract(match.addresses);
      if (matchesProxy) proxyUndecided = false;
    }
  }
  return { addresses: admitted, broadPublicTags: tags.length > 0 ? [...new Set(tags)] : [], proxy: proxyAdmitted, contributions };
}

/**
 * The source ports on which every rule of these firewalls agrees, one representative port each: a
 * firewall is evaluated once per segment, never per port.
 */
export function sourcePortSegments(firewalls: readonly Firewall[]): number[] {
  const cuts = new Set<number>([0]);
  for (const firewall of firewalls) {
    for (const rule of firewall.rules) {
      if (!rule.sourcePorts?.known) continue;
      for (const interval of rule.sourcePorts.value.intervals) {
        cuts.add(interval.start);
        if (interval.end < 65535) cuts.add(interval.end + 1);
      }
    }
  }
  return [...cuts].sort((a, b) => a - b);
}

/** What the whole public internet gets through a firewall to one port (the direct reading), under one reading. */
export function evaluateFirewallPort(
  firewall: Firewall, port: number, reading: Reading,
  /** `sourcePortSegments([firewall])`, when the caller already has it (one firewall judged on several ports). */
  segments: readonly number[] = sourcePortSegments([firewall]),
): PortExposure {
  const arrival: Arrival = { addresses: publicAddresses(), proxy: false };
  if (segments.length === 1) {
    const admission = admitArrival(firewall, port, reading, arrival, { sourcePort: segments[0] });
    const contributions = admission.contributions.map(c => ({ rule: c.rule, publicAddresses: c.addresses, broadPublicTags: c.broadPublicTags }));
    return { port, reading, publicAddresses: admission.addresses, broadPublicTags: admission.broadPublicTags, contributions };
  }
  let publicAdmitted = AddressSet.empty();
  const tags = new Set<string>();
  const byRule = new Map<IngressRule, { addresses: AddressSet; tags: Set<string> }>();
  for (const sourcePort of segments) {
    const admission = admitArrival(firewall, port, reading, arrival, { sourcePort });
    publicAdmitted = publicAdmitted.union(admission.addresses);
    admission.broadPublicTags.forEach(t => tags.add(t));
    for (const c of admission.contributions) {
      const acc = byRule.get(c.rule) ?? { addresses: AddressSet.empty(), tags: new Set<string>() };
      acc.addresses = acc.addresses.union(c.addresses);
      c.broadPublicTags.forEach(t => acc.tags.add(t));
      byRule.set(c.rule, acc);
    }
  }
  const contributions = [...byRule].map(([rule, acc]) => ({ rule, publicAddresses: acc.addresses, broadPublicTags: [...acc.tags] }));
  return { port, reading, publicAddresses: publicAdmitted, broadPublicTags: [...tags], contributions };
}
