/**
 * What one inbound rule matches on one TCP port, under one reading of its unknown fields, for the
 * traffic that arrives on one path (spec: "Rule evaluation", "Paths").
 *
 * A rule with an unknown field (a token, a parameter, a Terraform variable) is read twice:
 * - `best`: unknown allows match nothing and unknown denies match everything they could;
 * - `worst`: unknown allows match everything they could and unknown denies match nothing.
 * A cluster is exposed for sure when the best reading exposes it, and unverifiable when only
 * the worst reading does ("Unknown is not safe").
 *
 * What arrives decides what a source stands for: client addresses on a pass-through hop, the proxy's
 * own private address (its subnet, its security groups) behind a proxy. A rule only matches traffic
 * that fits all its fields, destination (does it cover the node?) and source ports included, so a Deny
 * shadows exactly what it matches and no more.
 */
import { classifyServiceTag } from './service-tags';
import { ClusterNode, IngressRule, Known, ProxySource, RuleAccess, RuleDestination, TrafficSource } from '../model/model';
import { AddressSet } from '../net/address-set';
import { reachesTcp } from '../net/protocol';
import { publicAddresses } from '../net/public-space';

/** How the unknown fields of a rule are read. */
export type Reading = 'best' | 'worst';

/** The traffic a rule is matched against: where it goes and, behind a proxy, where it comes from. */
export interface MatchContext {
  /** The node the traffic is addressed to; undefined for a firewall judged on its own. */
  readonly node?: ClusterNode;
  /** Set when a proxy rewrote the source: the traffic comes from the proxy, not from the client. */
  readonly proxy?: ProxySource;
  /** The source port of the traffic (one port stands for a segment on which every rule agrees). */
  readonly sourcePort?: number;
}

/** What a rule matches for one port. */
export interface RuleMatch {
  /** The access the rule has under this reading. */
  readonly access: RuleAccess;
  /** Addresses matched. */
  readonly addresses: AddressSet;
  /** Service tags matched whose public extent is not in the input (`AzureCloud`, ...). */
  readonly broadPublicTags: readonly string[];
  /** Behind a proxy whose addresses the input does not fix: whether the rule matches the proxy's traffic. */
  readonly proxy: boolean;
}

type Match = 'yes' | 'no' | 'maybe';

// Asked of every rule of the input, mostly on cold code: indexed loops over the (short) lists call no
// predicate per item.

/** Whether any field of the rule that decides what it matches is unknown. */
export function hasUnknownField(rule: IngressRule): boolean {
  if (!rule.access.known || (rule.priority !== undefined && !rule.priority.known) || !rule.protocol.known
    || !rule.ports.known || rule.morePortsUnknown !== undefined || (rule.sourcePorts !== undefined && !rule.sourcePorts.known)) {
    return true;
  }
  const sources = rule.sources;
  for (let i = 0; i < sources.length; i++) {
    if (sources[i].kind === 'unknown') return true;
  }
  const destinations = rule.destinations;
  if (destinations !== undefined) {
    for (let i = 0; i < destinations.length; i++) {
      if (destinations[i].kind === 'unknown') return true;
    }
  }
  return false;
}

/**
 * Whether what the rule matches can depend on what the input does not fix about the traffic's target or
 * source: a destination of addresses or application security groups (a node whose addresses or groups
 * are not in the input matches it only "maybe"), a security group reference that names no group of the
 * input, a network whose address space is unknown. Such a rule is read both ways, like an unknown field.
 */
export function hasContextDependentField(rule: IngressRule): boolean {
  const destinations = rule.destinations;
  if (destinations !== undefined) {
    for (let i = 0; i < destinations.length; i++) {
      const kind = destinations[i].kind;
      if (kind === 'addresses' || kind === 'application-security-group') return true;
    }
  }
  const sources = rule.sources;
  for (let i = 0; i < sources.length; i++) {
    const source = sources[i];
    if ((source.kind === 'private' && source.group === undefined) || (source.kind === 'network' && source.addresses === undefined)) return true;
  }
  return false;
}

/** Whether the best and the worst reading of a rule can differ. */
export function isUncertainRule(rule: IngressRule): boolean {
  return hasUnknownField(rule) || hasContextDependentField(rule);
}

/** The reasons of every unknown field of a rule, for messages. */
export function unknownReasons(rule: IngressRule): string[] {
  const reasons: string[] = [];
  const add = (field: string, value: Known<unknown> | undefined) => {
    if (value && !value.known) reasons.push(`${field}: ${value.reason}`);
  };
  add('access', rule.access);
  add('priority', rule.priority);
  add('protocol', rule.protocol);
  add('ports', rule.ports);
  if (rule.morePortsUnknown !== undefined) reasons.push(`more ports: ${rule.morePortsUnknown}`);
  add('source ports', rule.sourcePorts);
  for (const source of rule.sources) {
    if (source.kind === 'unknown') reasons.push(`source ${source.text}: ${source.reason}`);
  }
  for (const destination of rule.destinations ?? []) {
    if (destination.kind === 'unknown') reasons.push(`destination ${destination.text}: ${destination.reason}`);
  }
  if (reasons.length === 0 && hasContextDependentField(rule)) {
    const destinations = (rule.destinations ?? []).filter(d => d.kind !== 'any' && d.kind !== 'unknown').map(d => d.text);
    if (destinations.length) reasons.push(`destination ${destinations.join(', ')}: whether it covers the node is not known (the input does not fix the node's addresses or application security groups)`);
    const sources = rule.sources.filter(s => (s.kind === 'private' && s.group === undefined) || (s.kind === 'network' && s.addresses === undefined))
      .map(s => ('text' in s ? s.text : ''));
    if (sources.length) reasons.push(`source ${sources.join(', ')}: which groups or addresses it admits is not in the input, so it may admit a public proxy`);
  }
  return reasons;
}

/**
 * The access a rule has under a reading: an unknown access is an allow when we look for the
 * worst case and a deny when we look for the best.
 */
export function effectiveAccess(rule: IngressRule, reading: Reading): RuleAccess {
  if (rule.access.known) return rule.access.value;
  return reading === 'worst' ? 'allow' : 'deny';
}

/** Matches one rule against one TCP port. Returns undefined when the rule does not apply to it. */
export function matchRule(rule: IngressRule, port: number, reading: Reading, context: MatchContext = {}): RuleMatch | undefined {
  const access = effectiveAccess(rule, reading);
  // Widen unknowns where that exposes more: allows in the worst reading, denies in the best.
  const widen = (access === 'allow') === (reading === 'worst');

  if (rule.protocol.known ? !reachesTcp(rule.protocol.value) : !widen) return undefined;
  if (!holds(portMatch(rule, port), widen)) return undefined;
  if (!holds(sourcePortMatch(rule, access, context.sourcePort), widen)) return undefined;
  if (!holds(destinationMatch(rule.destinations, access, context.node), widen)) return undefined;

  let addresses = AddressSet.empty();
  let proxy = false;
  let broadPublicTags: string[] | undefined;
  for (const source of rule.sources) {
    const matched = context.proxy ? proxySourceMatch(source, context.proxy) : publicSourceMatch(source, widen);
    if (matched === 'broad-public') {
      (broadPublicTags ??= []).push(source.kind === 'service-tag' ? source.tag : source.text);
    } else if (matched instanceof AddressSet) {
      addresses = addresses.union(matched);
    } else if (context.proxy) {
      // A match with the proxy's traffic as a whole (its addresses, or the proxy itself when they are unknown).
      if (holds(matched, widen)) {
        proxy = true;
        if (context.proxy.addresses.known) addresses = addresses.union(context.proxy.addresses.value);
      }
    }
  }
  if (addresses.isEmpty() && broadPublicTags === undefined && !proxy) return undefined;
  return { access, addresses, broadPublicTags: broadPublicTags ?? [], proxy };
}

/** Whether a field's match holds under the reading (`widen`: a maybe holds). */
function holds(m: Match, widen: boolean): boolean {
  return m === 'yes' || (m === 'maybe' && widen);
}

function portMatch(rule: IngressRule, port: number): Match {
  if (!rule.ports.known) return 'maybe';
  if (rule.ports.value.has(port)) return 'yes';
  // `["9200", var.x]`: the known part matches for certain, the rest only in the worst reading.
  return rule.morePortsUnknown !== undefined ? 'maybe' : 'no';
}

/**
 * Source ports (Azure `source_port_range(s)`): the client (or the proxy) picks its source port, so an
 * allow that names some source ports still admits the address; a deny only shadows the ports it names.
 * Without a given source port (a caller that does not split by source port), a deny that names source
 * ports shadows no whole address.
 */
function sourcePortMatch(rule: IngressRule, access: RuleAccess, sourcePort: number | undefined): Match {
  const ports = rule.sourcePorts;
  if (ports === undefined) return 'yes';
  if (!ports.known) return 'maybe';
  if (sourcePort !== undefined) return ports.value.has(sourcePort) ? 'yes' : 'no';
  if (access === 'allow') return ports.value.isEmpty() ? 'no' : 'yes';
  return ports.value.size() === 65536 ? 'yes' : 'no';
}

/**
 * Does the rule's destination cover the node? An allow to part of a node's addresses admits traffic to
 * that part; a deny shadows the node only when it covers every address of it. Without a node (a
 * firewall judged on its own, guarding hosts the input does not name), an allow admits traffic to the
 * hosts it names and a deny that names specific destinations shadows no host for certain.
 */
function destinationMatch(destinations: readonly RuleDestination[] | undefined, access: RuleAccess, node: ClusterNode | undefined): Match {
  if (destinations === undefined || destinations.length === 0) return 'yes';
  let result: Match = 'no';
  for (const destination of destinations) {
    const m = oneDestinationMatch(destination, access, node);
    if (m === 'yes') return 'yes';
    if (m === 'maybe') result = 'maybe';
  }
  return result;
}

function oneDestinationMatch(destination: RuleDestination, access: RuleAccess, node: ClusterNode | undefined): Match {
  if (destination.kind === 'any') return 'yes';
  // Without a node, a deny to a destination unknown at synthesis may cover the hosts behind it (it
  // shadows them in the best reading only); a known specific one shadows no host for certain.
  if (!node) return access === 'allow' ? 'yes' : destination.kind === 'unknown' ? 'maybe' : 'no';
  switch (destination.kind) {
    case 'addresses':
      if (!node.addresses) return 'maybe';
      return (access === 'allow' ? destination.addresses.overlaps(node.addresses) : destination.addresses.containsAll(node.addresses)) ? 'yes' : 'no';
    case 'application-security-group':
      if (!node.applicationSecurityGroups) return 'maybe';
      return node.applicationSecurityGroups.includes(destination.group) ? 'yes' : 'no';
    case 'unknown':
      return 'maybe';
  }
}

/**
 * Whether a rule can admit no public client address, whatever its unknown fields and the port: every
 * source stands for no public address when the client's address arrives (`publicSourceMatch` of a
 * security group, a network of the input, addresses without a public part, or a private service tag).
 */
export function admitsNoPublicClient(rule: IngressRule): boolean {
  const sources = rule.sources;
  for (let i = 0; i < sources.length; i++) {
    const source = sources[i];
    switch (source.kind) {
      case 'private':
      case 'network':
        continue;
      case 'addresses':
        if (holdsPublicAddress(source.addresses)) return false;
        continue;
      case 'service-tag':
        if (classifyServiceTag(source.tag) !== 'private') return false;
        continue;
      default:
        return false;
    }
  }
  return true;
}

/**
 * `set.overlaps(publicAddresses())`, once per set: a set is immutable, and the rules of an input share a
 * handful of them (`AddressSet.parse` gives one per text).
 */
function holdsPublicAddress(set: AddressSet): boolean {
  let overlaps = HOLDS_PUBLIC.get(set);
  if (overlaps === undefined) {
    overlaps = set.overlaps(publicAddresses());
    HOLDS_PUBLIC.set(set, overlaps);
  }
  return overlaps;
}

const HOLDS_PUBLIC = new WeakMap<AddressSet, boolean>();

/** The addresses one source stands for when the client's address arrives. `widen` decides what an unknown source stands for. */
function publicSourceMatch(source: TrafficSource, widen: boolean): AddressSet | 'broad-public' {
  switch (source.kind) {
    case 'addresses':
      return source.addresses;
    case 'private':
    case 'network':
      return AddressSet.empty();
    case 'unknown':
      return widen ? AddressSet.all() : AddressSet.empty();
    case 'service-tag':
      switch (classifyServiceTag(source.tag)) {
        case 'any': return AddressSet.all();
        case 'internet': return publicAddresses();
        case 'private': return AddressSet.empty();
        case 'broad-public': return 'broad-public';
      }
  }
}

/** Private IPv4 space a proxy's address lies in when the input does not fix it (RFC 1918, RFC 6598). */
const PRIVATE_IPV4 = AddressSet.parseAll(['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10']);

/**
 * What one source matches behind a proxy: the proxy's private address, in its virtual network, sending
 * from its security groups. `VirtualNetwork` covers the proxy (an Application Gateway or Azure Firewall
 * sits in a subnet of the network); `AzureLoadBalancer` names the platform's probe address only.
 * https://learn.microsoft.com/azure/virtual-network/service-tags-overview#available-service-tags
 */
function proxySourceMatch(source: TrafficSource, proxy: ProxySource): AddressSet | Match {
  const whole: Match = 'yes';
  switch (source.kind) {
    case 'addresses':
      if (proxy.addresses.known) return source.addresses;
      return source.addresses.containsAll(PRIVATE_IPV4) ? whole : 'maybe';
    case 'private':
      if (source.group === undefined) return 'maybe';
      return (proxy.groups ?? []).includes(source.group) ? whole : 'no';
    case 'network':
      if (source.addresses && proxy.addresses.known) return source.addresses;
      return 'maybe';
    case 'unknown':
      return 'maybe';
    case 'service-tag':
      switch (classifyServiceTag(source.tag)) {
        case 'any': return whole;
        case 'private': return /loadbalancer/i.test(source.tag) ? 'no' : whole;
        case 'internet':
        case 'broad-public':
          return proxy.addresses.known ? publicAddresses().intersect(proxy.addresses.value) : 'no';
      }
  }
}
