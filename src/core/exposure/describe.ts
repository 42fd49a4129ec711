/**
 * Words for messages: which rule, which sources, how many addresses.
 */
import { classifyServiceTag } from './service-tags';
import { Firewall, IngressRule, TrafficSource } from '../model/model';
import { AddressSet } from '../net/address-set';
import { publicAddresses } from '../net/public-space';

/** `security group Sg1`, `network security group azurerm_network_security_group.es` */
export function describeFirewall(firewall: Firewall): string {
  const kind = firewall.kind === 'aws-security-group' ? 'security group' : 'network security group';
  return `${kind} ${firewall.location.resource}`;
}

/** `security group Sg1 rule "tcp 9200 from 0.0.0.0/0"` or `rule Open ("...") on security group Sg1` */
export function describeRules(rules: readonly IngressRule[], firewall: Firewall): string {
  const names = [...new Set(rules.map(r => `"${r.name}"`))].join(', ');
  const origin = rules[0].origin.resource;
  const plural = rules.length > 1 ? 'rules' : 'rule';
  if (origin === firewall.location.resource) {
    return `${describeFirewall(firewall)} ${plural} ${names}`;
  }
  return `${plural} ${origin} (${names}) on ${describeFirewall(firewall)}`;
}

/** The sources of a rule that can be public, as written (`0.0.0.0/0`, `Internet`, `var.allowed`). */
export function publicSourceTexts(rule: IngressRule): string[] {
  return rule.sources.filter(isPossiblyPublic).map(sourceText);
}

/** A source as it was written. */
export function sourceText(source: TrafficSource): string {
  return source.kind === 'service-tag' ? source.tag : source.text;
}

function isPossiblyPublic(source: TrafficSource): boolean {
  switch (source.kind) {
    case 'addresses': return source.addresses.overlaps(publicAddresses());
    case 'service-tag': return classifyServiceTag(source.tag) !== 'private';
    case 'private':
    case 'network': return false;
    case 'unknown': return true;
  }
}

/** `256 public IPv4 addresses`, `the whole IPv4 internet and 2^125 IPv6 addresses` */
export function describeAddressCount(addresses: AddressSet): string {
  const parts: string[] = [];
  const v4 = addresses.ipv4Size();
  const v6 = addresses.ipv6Size();
  const publicV4 = publicAddresses().ipv4Size();
  if (v4 > 0n) {
    parts.push(v4 === publicV4 ? 'every public IPv4 address' : `${v4} public IPv4 ${v4 === 1n ? 'address' : 'addresses'}`);
  }
  if (v6 > 0n) {
    parts.push(v6 > 2n ** 20n ? `about 2^${v6.toString(2).length - 1} public IPv6 addresses` : `${v6} public IPv6 ${v6 === 1n ? 'address' : 'addresses'}`);
  }
  return parts.length ? parts.join(' and ') : 'no public address';
}

/** At most `max` CIDRs of a set, then `and N more`. */
export function describeCidrs(addresses: AddressSet, max = 3): string {
  const cidrs = addresses.toCidrs();
  if (cidrs.length <= max) return cidrs.join(', ');
  return `${cidrs.slice(0, max).join(', ')} and ${cidrs.length - max} more`;
}

/**
 * ` (after higher-priority rules, 1946157056 public IPv4 addresses get through)` when earlier rules (an
 * Azure Deny) shadow part of what the rules name: the message shows the value as written and its effect.
 */
export function shadowNote(rules: readonly IngressRule[], admitted: AddressSet): string {
  const written = AddressSet.unionAll(rules.flatMap(r => r.sources)
    .flatMap(s => (s.kind === 'addresses' ? [s.addresses] : []))).intersect(publicAddresses());
  const hasTags = rules.some(r => r.sources.some(s => s.kind !== 'addresses'));
  if (hasTags || admitted.isEmpty() || written.equals(admitted)) return '';
  return ` (after higher-priority rules, ${describeAddressCount(admitted)} get through)`;
}
