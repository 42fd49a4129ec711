/**
 * Which public addresses a firewall admits to one TCP port (spec: "Rule evaluation").
 *
 * - AWS security groups are allow-only: the union of every rule.
 * - Azure network security groups: inbound rules by priority, lowest first, first match wins,
 *   then Azure's default rules. A deny shadows the part of a later allow that it matches,
 *   address by address (the port is fixed per evaluation, so port by port too).
 */
import { effectiveAccess, matchRule, Reading } from './rule-match';
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
 */
export function orderAzureRules(rules: readonly IngressRule[], reading: Reading): IngressRule[] {
  const key = (rule: IngressRule): number => {
    if (rule.priority?.known) return rule.priority.value;
    const early = (effectiveAccess(rule, reading) === 'allow') === (reading === 'worst');
    return early ? -Infinity : Infinity;
  };
  // Array.prototype.sort is stable: equal priorities keep their input order.
  return [...rules].sort((a, b) => key(a) - key(b));
}

/** Evaluates a firewall for one port under one reading. */
export function evaluateFirewallPort(firewall: Firewall, port: number, reading: Reading): PortExposure {
  const firstMatch = firewall.kind === 'azure-network-security-group';
  const rules = firstMatch
    ? [...orderAzureRules(firewall.rules, reading), ...azureDefaultInboundRules(firewall)]
    : firewall.rules;
  const publicSpace = publicAddresses();

  let undecided = AddressSet.all();
  let admittedPublic = AddressSet.empty();
  const broadPublicTags: string[] = [];
  const contributions: Contribution[] = [];

  for (const rule of rules) {
    const match = matchRule(rule, port, reading);
    if (!match) continue;
    if (match.access === 'deny') {
      // Broad tags in a deny shadow ranges we cannot see: assume they shadow nothing.
      if (firstMatch) undecided = undecided.subtract(match.addresses);
      continue;
    }
    const reachable = firstMatch ? undecided : AddressSet.all();
    const newlyPublic = match.addresses.intersect(reachable).intersect(publicSpace);
    // A broad tag admits an unknown part of the public space that is still undecided.
    const tags = reachable.intersect(publicSpace).isEmpty() ? [] : match.broadPublicTags;
    if (!newlyPublic.isEmpty() || tags.length > 0) {
      contributions.push({ rule, publicAddresses: newlyPublic, broadPublicTags: tags });
      admittedPublic = admittedPublic.union(newlyPublic);
      broadPublicTags.push(...tags);
    }
    if (firstMatch) undecided = undecided.subtract(match.addresses);
  }
  return { port, reading, publicAddresses: admittedPublic, broadPublicTags, contributions };
}
