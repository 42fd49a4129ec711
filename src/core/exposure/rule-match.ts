/**
 * What one inbound rule matches on one TCP port, under one reading of its unknown fields.
 *
 * A rule with an unknown field (a token, a parameter, a Terraform variable) is read twice:
 * - `best`: unknown allows match nothing and unknown denies match everything they could;
 * - `worst`: unknown allows match everything they could and unknown denies match nothing.
 * A cluster is exposed for sure when the best reading exposes it, and unverifiable when only
 * the worst reading does ("Unknown is not safe").
 */
import { classifyServiceTag } from './service-tags';
import { IngressRule, Known, RuleAccess, TrafficSource } from '../model/model';
import { AddressSet } from '../net/address-set';
import { reachesTcp } from '../net/protocol';
import { publicAddresses } from '../net/public-space';

/** How the unknown fields of a rule are read. */
export type Reading = 'best' | 'worst';

/** What a rule matches for one port. */
export interface RuleMatch {
  /** The access the rule has under this reading. */
  readonly access: RuleAccess;
  /** Addresses matched. */
  readonly addresses: AddressSet;
  /** Service tags matched whose public extent is not in the input (`AzureCloud`, ...). */
  readonly broadPublicTags: readonly string[];
}

/** Whether any field of the rule that decides what it matches is unknown. */
export function hasUnknownField(rule: IngressRule): boolean {
  return !rule.access.known || (rule.priority !== undefined && !rule.priority.known) || !rule.protocol.known
    || !rule.ports.known || rule.sources.some(s => s.kind === 'unknown');
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
  for (const source of rule.sources) {
    if (source.kind === 'unknown') reasons.push(`source ${source.text}: ${source.reason}`);
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
export function matchRule(rule: IngressRule, port: number, reading: Reading): RuleMatch | undefined {
  const access = effectiveAccess(rule, reading);
  // Widen unknowns where that exposes more: allows in the worst reading, denies in the best.
  const widen = (access === 'allow') === (reading === 'worst');

  if (rule.protocol.known ? !reachesTcp(rule.protocol.value) : !widen) return undefined;
  if (rule.ports.known ? !rule.ports.value.has(port) : !widen) return undefined;

  let addresses = AddressSet.empty();
  const broadPublicTags: string[] = [];
  for (const source of rule.sources) {
    const matched = sourceAddresses(source, widen);
    if (matched === 'broad-public') {
      broadPublicTags.push(source.kind === 'service-tag' ? source.tag : source.text);
    } else {
      addresses = addresses.union(matched);
    }
  }
  if (addresses.isEmpty() && broadPublicTags.length === 0) return undefined;
  return { access, addresses, broadPublicTags };
}

/** The addresses one source stands for. `widen` decides what an unknown source stands for. */
function sourceAddresses(source: TrafficSource, widen: boolean): AddressSet | 'broad-public' {
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
