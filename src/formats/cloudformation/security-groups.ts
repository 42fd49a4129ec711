/**
 * AWS::EC2::SecurityGroup (+ standalone AWS::EC2::SecurityGroupIngress) -> model firewalls.
 * Spec: "Rule evaluation", AWS security groups. Egress never exposes and is ignored.
 */
import { IntrinsicResolver, NO_VALUE, ResourceReference } from './intrinsics';
import { PartlyKnownValues } from './partly-known';
import { isObject, TemplateResource, TemplateSet } from './template-set';
import { GuardrailsInputError } from '../../core/errors';
import { Firewall, IngressRule, Known, known, resourceKey, ResourceLocation, TrafficSource, unknown, unknownAllowRule } from '../../core/model/model';
import { AddressSet } from '../../core/net/address-set';
import { PortSet } from '../../core/net/port-set';
import { normalizeProtocol, Protocol } from '../../core/net/protocol';
import { publicPart } from '../../core/net/public-space';

export const SECURITY_GROUP = 'AWS::EC2::SecurityGroup';
export const SECURITY_GROUP_INGRESS = 'AWS::EC2::SecurityGroupIngress';
export const PREFIX_LIST = 'AWS::EC2::PrefixList';

/**
 * Attributes of a security group that identify it: `Ref` is its id in a VPC, and `Fn::GetAtt` offers
 * `GroupId` and `Id` (AWS::EC2::SecurityGroup, "Return values": both are "the group ID"; the L1's `attrId`).
 */
const GROUP_ID_ATTRIBUTES = new Set(['Ref', 'GroupId', 'Id']);

const CIDR_KEYS = ['CidrIp', 'CidrIpv6'] as const;
const GROUP_SOURCE_KEYS = ['SourceSecurityGroupId', 'SourceSecurityGroupName'] as const;
/** Security group rules allow only (spec: "Rule evaluation"); shared, as every model value is read-only. */
const ALLOW: Known<'allow'> = known('allow');
const ALL_PORTS: Known<PortSet> = known(PortSet.all());
/** The protocols a rule can name, most permissive for TCP first. */
const PERMISSIVE_PROTOCOLS: readonly Protocol[] = ['all', 'tcp'];
const KNOWN_PROTOCOLS: Readonly<Record<Protocol, Known<Protocol>>> = {
  tcp: known('tcp'), udp: known('udp'), icmp: known('icmp'), icmpv6: known('icmpv6'), all: known('all'), other: known('other'),
};

export class SecurityGroupTranslator {
  private partlyKnownValues?: PartlyKnownValues;
  private readonly protocolsByText = new Map<string, Known<Protocol>>();
  /** `groupsNamed`'s index, by whether the resolver read symbolic text when it was built. */
  private readonly groupsByName = new Map<boolean, Map<unknown, TemplateResource[]>>();

  constructor(private readonly templates: TemplateSet, private readonly resolver: IntrinsicResolver) {}

  private partlyKnown(): PartlyKnownValues {
    return this.partlyKnownValues ??= new PartlyKnownValues(this.templates, this.resolver);
  }

  public translate(): Firewall[] {
    // Indexed loops over groups and rules: this runs once per rule of the input, mostly before the
    // code is optimized, when each for-of step allocates an iterator result.
    const groups = this.templates.resourcesOfType(SECURITY_GROUP);
    const rulesByGroup = new Map<TemplateResource, IngressRule[]>();
    for (let g = 0; g < groups.length; g++) {
      const group = groups[g];
      const origin = this.templates.location(group);
      const { elements, unknown: reasons } = this.resolver.resolveListElements(group.templateIndex, group.properties.SecurityGroupIngress);
      const rules: IngressRule[] = elements.map(entry => this.rule(group.templateIndex, entry, origin));
      for (let i = 0; i < reasons.length; i++) rules.push(unknownAllowRule(origin, `SecurityGroupIngress: ${reasons[i]}`));
      rulesByGroup.set(group, rules);
    }

    const orphans: Firewall[] = [];
    for (const ingress of this.templates.resourcesOfType(SECURITY_GROUP_INGRESS)) {
      const origin = this.templates.location(ingress);
      const rule = this.rule(ingress.templateIndex, ingress.properties, origin);
      const targets = this.targetGroups(ingress);
      for (const group of targets.groups) rulesByGroup.get(group)!.push(rule);
      // A rule on a group outside the input still counts for self-managed ports: keep it on its own.
      if (targets.unresolved.length > 0) orphans.push({ location: origin, kind: 'aws-security-group', rules: [rule] });
    }

    const firewalls: Firewall[] = groups.map(group => ({ location: this.templates.location(group), kind: 'aws-security-group' as const, rules: rulesByGroup.get(group)! }));
    for (let i = 0; i < orphans.length; i++) firewalls.push(orphans[i]);
    return firewalls;
  }

  /** The groups of the input a reference (`Ref`, `Fn::GetAtt X.GroupId`, import) points at. */
  public groupsReferencedBy(templateIndex: number, value: any): { groups: TemplateResource[]; unresolved: string[] } {
    const resolved = this.resolver.resolve(templateIndex, value);
    if (!resolved.known) return { groups: [], unresolved: [resolved.reason] };
    const groups: TemplateResource[] = [];
    const unresolvedReasons: string[] = [];
    for (const v of resolved.values) {
      if (v === NO_VALUE) continue;
      const group = v instanceof ResourceReference ? this.templates.resource(v.templateIndex, v.logicalId) : undefined;
      if (group && group.type === SECURITY_GROUP && GROUP_ID_ATTRIBUTES.has((v as ResourceReference).attribute)) {
        groups.push(group);
      } else {
        unresolvedReasons.push(v instanceof ResourceReference
          ? `${v} is not a security group id`
          : `security group ${JSON.stringify(v)} is not in the input`);
      }
    }
    return { groups, unresolved: unresolvedReasons };
  }

  private targetGroups(ingress: TemplateResource): { groups: TemplateResource[]; unresolved: string[] } {
    const { GroupId: groupId, GroupName: groupName } = ingress.properties;
    if (groupId !== undefined) return this.groupsReferencedBy(ingress.templateIndex, groupId);
    if (groupName === undefined) return { groups: [], unresolved: ['neither GroupId nor GroupName is set'] };
    const names = this.resolver.resolve(ingress.templateIndex, groupName);
    if (!names.known) return { groups: [], unresolved: [names.reason] };
    const groups: TemplateResource[] = [];
    const unresolvedReasons: string[] = [];
    for (const name of names.values) {
      if (name instanceof ResourceReference) {
        const group = this.templates.resource(name.templateIndex, name.logicalId);
        if (group?.type === SECURITY_GROUP) groups.push(group); else unresolvedReasons.push(`${name} is not a security group`);
        continue;
      }
      // A name is looked up in the ingress's own template first (hand-written templates reuse names).
      const named = this.groupsNamed(name);
      const match = named.find(g => g.templateIndex === ingress.templateIndex) ?? named[0];
      if (match) groups.push(match); else unresolvedReasons.push(`security group named ${JSON.stringify(name)} is not in the input`);
    }
    return { groups, unresolved: unresolvedReasons };
  }

  /**
   * The groups of the input whose `GroupName` can be `name`, in template order. Every group's name is
   * resolved once (not once per ingress or instance that names a group), per reading of the resolver.
   */
  public groupsNamed(name: unknown): TemplateResource[] {
    const symbolic = this.resolver.readsSymbolicText;
    let index = this.groupsByName.get(symbolic);
    if (index === undefined) {
      index = new Map();
      for (const group of this.templates.resourcesOfType(SECURITY_GROUP)) {
        const own = this.resolver.resolveStrings(group.templateIndex, group.properties.GroupName);
        if (!own.known) continue;
        for (const value of own.values) {
          const list = index.get(value);
          if (list) list.push(group); else index.set(value, [group]);
        }
      }
      this.groupsByName.set(symbolic, index);
    }
    return index.get(name) ?? [];
  }

  /** One ingress entry (inline object or standalone resource properties) -> one model rule. */
  private rule(templateIndex: number, entry: any, origin: ResourceLocation): IngressRule {
    if (!isObject(entry)) return unknownAllowRule(origin, `ingress entry ${JSON.stringify(entry)} is not an object`);
    const protocol = this.protocol(templateIndex, entry.IpProtocol);
    const wholePorts = this.ports(templateIndex, entry, protocol);
    const partly = wholePorts.known ? undefined : this.partlyKnownPorts(templateIndex, entry);
    const ports = partly ? known(partly.ports) : wholePorts;
    const sources = this.sources(templateIndex, entry);
    const protocolText = protocol.known ? protocol.value : '?';
    const portText = ports.known ? ports.value.toString() : '?';
    const sourceText = (sources.length === 1 ? describeSource(sources[0]) : sources.map(describeSource).join(' + ')) || 'nothing';
    // The rule's own Description names it best; the protocol, ports and source say what it does.
    const trimmed = typeof entry.Description === 'string' ? entry.Description.trim() : '';
    const description = trimmed ? `${trimmed}: ` : '';
    const name = `${description}${protocolText} ${portText} from ${sourceText}`;
    // Two literals, no spread of a conditional part: this runs once per rule of the input.
    return partly
      ? { origin, name, access: ALLOW, protocol, ports, morePortsUnknown: partly.reason, sources }
      : { origin, name, access: ALLOW, protocol, ports, sources };
  }

  /** `FromPort: { Fn::If: [c, 9200, Ref P] }`: the known alternatives match for certain, the rest is unknown. */
  private partlyKnownPorts(templateIndex: number, entry: any): { ports: PortSet; reason: string } | undefined {
    const from = this.partlyKnown().alternatives(templateIndex, entry.FromPort ?? entry.ToPort);
    const sameRaw = JSON.stringify(entry.FromPort ?? entry.ToPort) === JSON.stringify(entry.ToPort ?? entry.FromPort);
    const to = sameRaw ? from : this.partlyKnown().alternatives(templateIndex, entry.ToPort ?? entry.FromPort);
    // Out-of-range values stay unknown on this rule (as in `ports`), never fail the whole evaluation.
    const numbers = (values: any[]) => values.map(Number).filter(n => Number.isInteger(n) && n >= -1 && n <= 65535);
    const [froms, tos] = [numbers(from.values), numbers(to.values)];
    if (froms.length === 0 || tos.length === 0) return undefined;
    let set = PortSet.empty();
    if (sameRaw) {
      for (const p of froms) set = set.union(p === -1 ? PortSet.all() : PortSet.of(p));
    } else {
      for (const f of froms) {
        for (const t of tos) set = f === -1 || t === -1 ? PortSet.all() : f <= t ? set.union(PortSet.range(f, t)) : set;
      }
    }
    const reason = [...from.unknown, ...to.unknown][0];
    return reason === undefined ? undefined : { ports: set, reason: `FromPort/ToPort: ${reason}` };
  }

  private protocol(templateIndex: number, raw: any): Known<Protocol> {
    if (raw === undefined || raw === null || typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean') {
      // A literal (the usual case): its one text, as `resolveStrings` would give it.
      const text = raw === undefined || raw === null ? 'tcp' : String(raw);
      // Read once per text of the input (`normalizeProtocol` is a pure function of it).
      let read = this.protocolsByText.get(text);
      if (read === undefined) {
        const protocol = readProtocol(text);
        read = protocol === undefined ? unknownProtocol(text) : KNOWN_PROTOCOLS[protocol];
        this.protocolsByText.set(text, read);
      }
      return read;
    }
    const values = this.resolver.resolveStrings(templateIndex, raw ?? 'tcp');
    if (!values.known) return unknown(`IpProtocol: ${values.reason}`);
    // A name the engine does not know makes this rule unknown, never the whole evaluation fail.
    const unreadable = values.values.find(v => readProtocol(v) === undefined);
    if (unreadable !== undefined) return unknownProtocol(unreadable);
    const protocols = values.values.map(v => readProtocol(v)!);
    // Every value it can take: keep the most permissive, as far as TCP is concerned.
    for (const candidate of PERMISSIVE_PROTOCOLS) if (protocols.includes(candidate)) return KNOWN_PROTOCOLS[candidate];
    return KNOWN_PROTOCOLS[protocols[0]];
  }

  private ports(templateIndex: number, entry: any, protocol: Known<Protocol>): Known<PortSet> {
    if (protocol.known && protocol.value === 'all') return ALL_PORTS;
    if (protocol.known && (protocol.value === 'icmp' || protocol.value === 'icmpv6')) {
      return ALL_PORTS; // FromPort/ToPort are ICMP type/code; the protocol keeps TCP out.
    }
    if (entry.FromPort === undefined && entry.ToPort === undefined) return ALL_PORTS;
    const fromRaw = entry.FromPort ?? entry.ToPort;
    const toRaw = entry.ToPort ?? entry.FromPort;
    if (typeof fromRaw === 'number' && typeof toRaw === 'number') return literalPorts(fromRaw, toRaw);
    const from = this.numbers(templateIndex, entry.FromPort ?? entry.ToPort);
    const to = this.numbers(templateIndex, entry.ToPort ?? entry.FromPort);
    if (!from.known) return unknown(`FromPort: ${from.reason}`);
    if (!to.known) return unknown(`ToPort: ${to.reason}`);
    let set = PortSet.empty();
    for (let i = 0; i < from.values.length; i++) {
      const f = from.values[i];
      for (let j = 0; j < to.values.length; j++) {
        const t = to.values[j];
        if (f === -1 || t === -1) return ALL_PORTS;
        // A port outside 0-65535 makes this rule unknown, never the whole evaluation fail.
        const bad = f < 0 || f > 65535 ? f : t < 0 || t > 65535 ? t : undefined;
        if (bad !== undefined) return unknown(`port ${bad} is not a port number 0-65535`);
        if (f <= t) set = set.union(PortSet.range(f, t));
      }
    }
    return known(set);
  }

  private numbers(templateIndex: number, raw: any): { known: true; values: number[] } | { known: false; reason: string } {
    const values = this.resolver.resolveStrings(templateIndex, raw);
    if (!values.known) return values;
    const numbers = values.values.map(Number);
    const bad = values.values.find((_v, i) => !Number.isInteger(numbers[i]));
    return bad !== undefined ? { known: false, reason: `${JSON.stringify(bad)} is not a port number` } : { known: true, values: numbers };
  }

  private sources(templateIndex: number, entry: any): TrafficSource[] {
    // One CIDR key and no other source (most rules): its sources are the list (a fresh one) as it is.
    const others = entry.SourcePrefixListId === undefined && entry.SourceSecurityGroupId === undefined && entry.SourceSecurityGroupName === undefined;
    if (others && entry.CidrIp !== undefined && entry.CidrIpv6 === undefined) return this.partlyKnown().cidrSources(templateIndex, entry.CidrIp, 'CidrIp', describeRaw);
    if (others && entry.CidrIpv6 !== undefined && entry.CidrIp === undefined) return this.partlyKnown().cidrSources(templateIndex, entry.CidrIpv6, 'CidrIpv6', describeRaw);
    const sources: TrafficSource[] = [];
    for (let k = 0; k < CIDR_KEYS.length; k++) {
      const key = CIDR_KEYS[k];
      if (entry[key] === undefined) continue;
      // Known alternatives stay known; networks of the input are `network` sources (partly-known.ts).
      const cidrs = this.partlyKnown().cidrSources(templateIndex, entry[key], key, describeRaw);
      for (let i = 0; i < cidrs.length; i++) sources.push(cidrs[i]);
    }
    if (entry.SourcePrefixListId !== undefined) sources.push(...this.prefixListSources(templateIndex, entry.SourcePrefixListId));
    for (let k = 0; k < GROUP_SOURCE_KEYS.length; k++) {
      const key = GROUP_SOURCE_KEYS[k];
      if (entry[key] === undefined) continue;
      // Any security group reference admits only members of that group: private, known or not.
      const named = this.groupsReferencedBy(templateIndex, entry[key]).groups;
      sources.push({
        kind: 'private',
        text: `security group ${named.length === 1 ? named[0].logicalId : describeRaw(entry[key])}`,
        ...(named.length === 1 ? { group: resourceKey(this.templates.location(named[0])) } : {}),
      });
    }
    return sources;
  }

  private prefixListSources(templateIndex: number, raw: any): TrafficSource[] {
    const resolved = this.resolver.resolve(templateIndex, raw);
    if (!resolved.known) return [{ kind: 'unknown', text: `prefix list ${describeRaw(raw)}`, reason: resolved.reason }];
    const sources: TrafficSource[] = [];
    for (const v of resolved.values) {
      if (v === NO_VALUE) continue;
      const list = v instanceof ResourceReference ? this.templates.resource(v.templateIndex, v.logicalId) : undefined;
      if (!list || list.type !== PREFIX_LIST) {
        sources.push({ kind: 'unknown', text: `prefix list ${String(v)}`, reason: `prefix list ${String(v)} is not in the input` });
        continue;
      }
      const { elements, unknown: reasons } = this.resolver.resolveListElements(list.templateIndex, list.properties.Entries);
      if (reasons.length > 0) {
        sources.push({ kind: 'unknown', text: `prefix list ${list.logicalId}`, reason: `Entries: ${reasons[0]}` });
        continue;
      }
      let addresses = AddressSet.empty();
      const cidrs: string[] = [];
      for (const element of elements) {
        const cidr = isObject(element) ? this.resolver.resolveStrings(list.templateIndex, element.Cidr) : undefined;
        if (!cidr || !cidr.known) {
          sources.push({ kind: 'unknown', text: `prefix list ${list.logicalId}`, reason: cidr && !cidr.known ? `Cidr: ${cidr.reason}` : 'an entry has no Cidr' });
          continue;
        }
        for (const c of cidr.values) {
          const source = cidrSource('Cidr', c);
          if (source.kind === 'unknown') {
            sources.push({ ...source, text: `prefix list ${list.logicalId} entry ${c}` });
            continue;
          }
          if (source.kind !== 'addresses') continue;
          cidrs.push(c);
          addresses = addresses.union(source.addresses);
        }
      }
      sources.push({ kind: 'addresses', text: `prefix list ${list.logicalId} (${cidrs.join(', ') || 'empty'})`, addresses });
    }
    return sources;
  }
}

/**
 * `ports` for literal numbers (the usual case), with the same results and reasons: each number is read
 * through its text, as `resolveStrings` does (so -0 is 0).
 */
function literalPorts(fromRaw: number, toRaw: number): Known<PortSet> {
  const from = fromRaw === 0 ? 0 : fromRaw;
  const to = toRaw === 0 ? 0 : toRaw;
  if (!Number.isInteger(from)) return unknown(`FromPort: ${JSON.stringify(String(fromRaw))} is not a port number`);
  if (!Number.isInteger(to)) return unknown(`ToPort: ${JSON.stringify(String(toRaw))} is not a port number`);
  if (from === -1 || to === -1) return ALL_PORTS;
  const bad = from < 0 || from > 65535 ? from : to < 0 || to > 65535 ? to : undefined;
  if (bad !== undefined) return unknown(`port ${bad} is not a port number 0-65535`);
  return known(from <= to ? PortSet.range(from, to) : PortSet.empty());
}

function unknownProtocol(text: string): Known<Protocol> {
  return unknown(`IpProtocol ${JSON.stringify(text)} is not a protocol name or number the guard knows`);
}

function readProtocol(text: string): Protocol | undefined {
  try {
    return normalizeProtocol(text);
  } catch (e) {
    if (GuardrailsInputError.isGuardrailsInputError(e)) return undefined;
    throw e;
  }
}

/**
 * One CIDR text -> a source. Text the engine cannot parse makes only this rule's source unknown. One
 * exception reads it as public: a short IPv4 network number with a prefix (`0/0`, `10/8`), which BSD
 * and glibc `inet_net_pton(3)` accept ("missing octets are zero"), so `0/0` is `0.0.0.0/0` to any
 * tool built on it; when that reading holds public addresses, the worst reading is the honest one.
 */
export function cidrSource(key: string, text: string): TrafficSource {
  const addresses = AddressSet.tryParse(text);
  if (addresses) return { kind: 'addresses', text, addresses };
  const short = shortNetworkNumber(text);
  if (short && !publicPart(short.addresses).isEmpty()) {
    return { kind: 'addresses', text: `${text} (read as ${short.cidr})`, addresses: short.addresses };
  }
  return { kind: 'unknown', text: `${key} ${text}`, reason: `${key} ${JSON.stringify(text)} is not a CIDR the guard can read` };
}

/** `a[.b[.c]]/bits` with decimal octets: the address with the missing octets zero (inet_net_pton(3)). */
function shortNetworkNumber(text: string): { cidr: string; addresses: AddressSet } | undefined {
  const match = /^\s*(\d{1,3}(?:\.\d{1,3}){0,3})\/(\d{1,2})\s*$/.exec(String(text));
  if (!match) return undefined;
  const octets = match[1].split('.').map(Number);
  if (octets.some(o => o > 255) || Number(match[2]) > 32) return undefined;
  while (octets.length < 4) octets.push(0);
  const cidr = `${octets.join('.')}/${Number(match[2])}`;
  const addresses = AddressSet.tryParse(cidr);
  return addresses ? { cidr, addresses } : undefined;
}


function describeSource(source: TrafficSource): string {
  switch (source.kind) {
    case 'addresses': return source.text;
    case 'service-tag': return source.tag;
    case 'private':
    case 'network':
    case 'unknown': return source.text;
  }
}

/** A short rendering of a raw (possibly intrinsic) value for messages. */
export function describeRaw(raw: any): string {
  if (typeof raw === 'string') return raw;
  const text = JSON.stringify(raw);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
