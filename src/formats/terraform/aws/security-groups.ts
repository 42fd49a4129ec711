/**
 * AWS security groups in Terraform -> model firewalls, the same shapes (and rule names) the
 * CloudFormation translator builds: inline `ingress` blocks of `aws_security_group`, standalone
 * `aws_security_group_rule` (type `ingress`) and `aws_vpc_security_group_ingress_rule`.
 * Spec: "Rule evaluation", AWS security groups. Egress never exposes and is ignored.
 */
import { Firewall, IngressRule, Known, known, resourceKey, ResourceLocation, TrafficSource, unknown, unknownAllowRule } from '../../../core/model/model';
import { AddressSet } from '../../../core/net/address-set';
import { PortSet } from '../../../core/net/port-set';
import { normalizeProtocol, Protocol } from '../../../core/net/protocol';
import { parseResourceReference } from '../expressions';
import { locationOf } from '../locations';
import { DocumentResolver, FieldValue } from '../resolver';
import { isPlainObject, mergeBlocks, TerraformResourceInput } from '../terraform-document';

export const SECURITY_GROUP = 'aws_security_group';
export const SECURITY_GROUP_RULE = 'aws_security_group_rule';
export const VPC_INGRESS_RULE = 'aws_vpc_security_group_ingress_rule';
export const MANAGED_PREFIX_LIST = 'aws_ec2_managed_prefix_list';
export const MANAGED_PREFIX_LIST_ENTRY = 'aws_ec2_managed_prefix_list_entry';
/** Resources whose `cidr_block` is the address space of a network of the input (spec: "Public sources"). */
const NETWORK_TYPES = new Set(['aws_vpc', 'aws_subnet', 'aws_default_vpc', 'aws_default_subnet', 'aws_vpc_ipv4_cidr_block_association']);
/** Attributes of a network that are its address space. */
const NETWORK_ATTRIBUTES = new Set(['cidr_block', 'ipv6_cidr_block']);

/** The model id of the security group a resource address names. */
export function securityGroupModelId(group: TerraformResourceInput, resolver: DocumentResolver): string {
  return resourceKey(locationOf(group, resolver.document));
}

/**
 * The security groups of the input a value refers to (`${aws_security_group.es.id}`), or why not.
 * A literal `sg-...` id or a data source is a group the input does not hold.
 */
export function groupsReferencedBy(value: unknown, resolver: DocumentResolver): { groups: TerraformResourceInput[]; unresolved: string[] } {
  const items = Array.isArray(value) ? value : [value];
  const groups: TerraformResourceInput[] = [];
  const unresolved: string[] = [];
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    const address = resolver.referencedAddress(item);
    const group = address ? resolver.resource(address) : undefined;
    if (group && group.type === SECURITY_GROUP) {
      groups.push(group);
      continue;
    }
    const read = resolver.read(item);
    if (read.state === 'unknown') {
      unresolved.push(read.reason);
    } else if (read.state === 'literal') {
      // A list read from elsewhere (a local, a variable default) may hold references again.
      const values = Array.isArray(read.value) ? read.value : [read.value];
      for (const v of values) {
        const again = resolver.referencedAddress(v);
        const found = again ? resolver.resource(again) : groupsById(resolver).get(String(v));
        if (found?.type === SECURITY_GROUP) groups.push(found);
        else unresolved.push(`security group ${JSON.stringify(v)} is not in the input`);
      }
    }
  }
  return { groups, unresolved };
}

const GROUPS_BY_ID = new WeakMap<DocumentResolver, Map<string, TerraformResourceInput>>();

/** Groups by their literal `id` (a plan or state of deployed groups names them `sg-...`). */
function groupsById(resolver: DocumentResolver): Map<string, TerraformResourceInput> {
  let byId = GROUPS_BY_ID.get(resolver);
  if (!byId) {
    byId = new Map();
    for (const group of resolver.ofType(SECURITY_GROUP)) {
      if (typeof group.values.id === 'string' && group.values.id.startsWith('sg-')) byId.set(group.values.id, group);
    }
    GROUPS_BY_ID.set(resolver, byId);
  }
  return byId;
}

export function securityGroupFirewalls(resolver: DocumentResolver): Firewall[] {
  const document = resolver.document;
  const groups = resolver.ofType(SECURITY_GROUP);
  const rulesByGroup = new Map<string, IngressRule[]>(groups.map(g => [g.address, inlineRules(g, resolver)]));
  const orphans: Firewall[] = [];

  const standalone: { resource: TerraformResourceInput; rule: IngressRule | undefined; groupField: unknown }[] = [
    ...resolver.ofType(SECURITY_GROUP_RULE).map(r => ({ resource: r, rule: legacyRule(r, resolver), groupField: r.values.security_group_id })),
    ...resolver.ofType(VPC_INGRESS_RULE).map(r => ({ resource: r, rule: vpcIngressRule(r, resolver), groupField: r.values.security_group_id })),
  ];
  for (const { resource, rule, groupField } of standalone) {
    if (!rule) continue;
    const targets = groupsReferencedBy(groupField, resolver);
    for (const group of targets.groups) rulesByGroup.get(group.address)!.push(rule);
    // A rule on a group outside the input still counts for self-managed ports: keep it on its own.
    if (targets.groups.length === 0 || targets.unresolved.length > 0) {
      orphans.push({ location: locationOf(resource, document), kind: 'aws-security-group', rules: [rule] });
    }
  }
  return [
    ...groups.map(g => ({ location: locationOf(g, document), kind: 'aws-security-group' as const, rules: rulesByGroup.get(g.address)! })),
    ...orphans,
  ];
}

function inlineRules(group: TerraformResourceInput, resolver: DocumentResolver): IngressRule[] {
  const origin = locationOf(group, resolver.document);
  const raw = group.values.ingress;
  const rules: IngressRule[] = [];
  if (mergeBlocks(group.values.dynamic).ingress !== undefined) {
    rules.push(unknownAllowRule(origin, 'a dynamic "ingress" block generates rules from an expression this guard does not evaluate'));
  }
  const field = resolver.read(raw);
  if (field.state === 'unknown') return [...rules, unknownAllowRule(origin, `ingress: ${field.reason}`)];
  if (field.state === 'absent') return rules;
  const blocks: unknown[] = Array.isArray(field.value) ? field.value : [field.value];
  for (const block of blocks) {
    if (!isPlainObject(block)) {
      rules.push(unknownAllowRule(origin, `ingress entry ${JSON.stringify(block)} is not an object`));
      continue;
    }
    rules.push(buildRule(origin, resolver, {
      protocol: block.protocol,
      fromPort: block.from_port,
      toPort: block.to_port,
      description: block.description,
      sources: inlineSources(resolver, block, group),
    }));
  }
  return rules;
}

/** `aws_security_group_rule`: only `type = "ingress"` counts; an unknown type may be ingress. */
function legacyRule(resource: TerraformResourceInput, resolver: DocumentResolver): IngressRule | undefined {
  const origin = locationOf(resource, resolver.document);
  const type = resolver.read(resource.values.type);
  if (type.state === 'literal' && String(type.value) !== 'ingress') return undefined;
  if (type.state !== 'literal') {
    return unknownAllowRule(origin, `type: ${type.state === 'unknown' ? type.reason : 'not set'}, so the rule may be ingress`);
  }
  const v = resource.values;
  const group = groupsReferencedBy(v.security_group_id, resolver).groups[0];
  return buildRule(origin, resolver, {
    protocol: v.protocol,
    fromPort: v.from_port,
    toPort: v.to_port,
    description: v.description,
    sources: legacySources(resolver, v, group),
  });
}

/** `aws_vpc_security_group_ingress_rule`: one source per rule; `ip_protocol = "-1"` is every port. */
function vpcIngressRule(resource: TerraformResourceInput, resolver: DocumentResolver): IngressRule {
  const v = resource.values;
  return buildRule(locationOf(resource, resolver.document), resolver, {
    protocol: v.ip_protocol,
    fromPort: v.from_port,
    toPort: v.to_port,
    description: v.description,
    sources: vpcIngressSources(resolver, v),
  });
}

// The sources of each kind of rule, in one list, in this order: CIDRs, IPv6 CIDRs, prefix lists, groups, self.

/** An inline `ingress` block: its groups are `security_groups`. */
function inlineSources(resolver: DocumentResolver, block: Record<string, any>, group: TerraformResourceInput): TrafficSource[] {
  return classicRuleSources(resolver, block, block.security_groups, group);
}

/** An `aws_security_group_rule`: its group is `source_security_group_id`. */
function legacySources(resolver: DocumentResolver, v: Record<string, any>, group: TerraformResourceInput | undefined): TrafficSource[] {
  return classicRuleSources(resolver, v, v.source_security_group_id, group);
}

function classicRuleSources(
  resolver: DocumentResolver, v: Record<string, any>, groups: unknown, group: TerraformResourceInput | undefined,
): TrafficSource[] {
  const sources: TrafficSource[] = [];
  addCidrSources(resolver, v.cidr_blocks, 'cidr_blocks', sources);
  addCidrSources(resolver, v.ipv6_cidr_blocks, 'ipv6_cidr_blocks', sources);
  addPrefixListSources(resolver, v.prefix_list_ids, sources);
  addGroupSources(resolver, groups, sources);
  addSelfSource(resolver, v.self, group, sources);
  return sources;
}

function vpcIngressSources(resolver: DocumentResolver, v: Record<string, any>): TrafficSource[] {
  const sources: TrafficSource[] = [];
  addCidrSources(resolver, v.cidr_ipv4, 'cidr_ipv4', sources);
  addCidrSources(resolver, v.cidr_ipv6, 'cidr_ipv6', sources);
  addPrefixListSources(resolver, v.prefix_list_id, sources);
  addGroupSources(resolver, v.referenced_security_group_id, sources);
  return sources;
}

interface RuleInput {
  readonly protocol: unknown;
  readonly fromPort: unknown;
  readonly toPort: unknown;
  readonly description: unknown;
  readonly sources: TrafficSource[];
}

/** One rule, named as the CloudFormation translator names it (`tcp 9200 from 0.0.0.0/0`). */
function buildRule(origin: ResourceLocation, resolver: DocumentResolver, input: RuleInput): IngressRule {
  const protocol = readProtocol(resolver.read(input.protocol));
  const ports = readPorts(resolver, input, protocol);
  const protocolText = protocol.known ? protocol.value : '?';
  const portsText = ports.known ? portText(ports.value) : '?';
  const sourceText = sourcesText(input.sources) || 'nothing';
  const descriptionField = resolver.read(input.description);
  const description = descriptionField.state === 'literal' && typeof descriptionField.value === 'string' && descriptionField.value.trim()
    ? `${descriptionField.value.trim()}: ` : '';
  return {
    origin,
    name: `${description}${protocolText} ${portsText} from ${sourceText}`,
    access: known('allow'),
    protocol,
    ports,
    sources: input.sources,
  };
}

/** The sources' texts joined with ` + ` (most rules have one source: its text as it is). */
function sourcesText(sources: readonly TrafficSource[]): string {
  let text = '';
  for (let i = 0; i < sources.length; i++) {
    const source = sources[i];
    const part = source.kind === 'service-tag' ? source.tag : source.text;
    text = i === 0 ? part : `${text} + ${part}`;
  }
  return text;
}

const PORT_TEXTS = new WeakMap<PortSet, string>();

/**
 * `ports.toString()`, once per set: a set is immutable, and rules share a handful of sets
 * (`PortSet.range` gives one per range), while `toString` compares with every port before its own cache.
 */
function portText(ports: PortSet): string {
  let text = PORT_TEXTS.get(ports);
  if (text === undefined) {
    text = ports.toString();
    PORT_TEXTS.set(ports, text);
  }
  return text;
}

function readProtocol(field: FieldValue): Known<Protocol> {
  if (field.state === 'unknown') return unknown(`protocol: ${field.reason}`);
  if (field.state === 'absent') return unknown('protocol is not set (known only after apply)');
  // A handful of literals (`tcp`, `-1`, 6): each read once, the (read-only) result shared by the rules.
  const value = field.value;
  const cacheable = typeof value === 'string' || typeof value === 'number';
  const cached = cacheable ? (typeof value === 'string' ? PROTOCOLS_BY_TEXT : PROTOCOLS_BY_NUMBER).get(value as never) : undefined;
  if (cached !== undefined) return cached;
  let protocol: Known<Protocol>;
  try {
    protocol = known(normalizeProtocol(typeof value === 'number' ? value : String(value)));
  } catch {
    protocol = unknown(`protocol ${JSON.stringify(value)} is not a protocol name or number`);
  }
  if (cacheable) {
    const byValue: Map<unknown, Known<Protocol>> = typeof value === 'string' ? PROTOCOLS_BY_TEXT : PROTOCOLS_BY_NUMBER;
    if (byValue.size >= PROTOCOLS_LIMIT) byValue.clear();
    byValue.set(value, protocol);
  }
  return protocol;
}

/** Protocols by literal text and by literal number (`"6"` and 6 are read apart; bounded: cleared when full). */
const PROTOCOLS_BY_TEXT = new Map<unknown, Known<Protocol>>();
const PROTOCOLS_BY_NUMBER = new Map<unknown, Known<Protocol>>();
const PROTOCOLS_LIMIT = 1_000;

function readPorts(resolver: DocumentResolver, input: RuleInput, protocol: Known<Protocol>): Known<PortSet> {
  // "If you select a protocol of -1 (semantically equivalent to all), you must specify a from_port
  // and to_port equal to 0" and all ports are open (aws_security_group, registry.terraform.io docs).
  if (protocol.known && protocol.value === 'all') return known(PortSet.all());
  if (protocol.known && (protocol.value === 'icmp' || protocol.value === 'icmpv6')) return known(PortSet.all());
  const rawFrom = input.fromPort;
  const rawTo = input.toPort;
  if (typeof rawFrom === 'number' && typeof rawTo === 'number' && Number.isInteger(rawFrom) && Number.isInteger(rawTo) && rawFrom !== -1 && rawTo !== -1) {
    // Two literal numbers (most rules): what the reading below gives, without reading them.
    return known(rawFrom <= rawTo ? PortSet.range(Math.max(0, rawFrom), Math.min(65535, rawTo)) : PortSet.empty());
  }
  const from = resolver.read(input.fromPort);
  const to = resolver.read(input.toPort);
  if (from.state === 'unknown') return unknown(`from_port: ${from.reason}`);
  if (to.state === 'unknown') return unknown(`to_port: ${to.reason}`);
  if (from.state === 'absent' && to.state === 'absent') return known(PortSet.all());
  const f = Number(from.state === 'literal' ? from.value : (to as any).value);
  const t = Number(to.state === 'literal' ? to.value : (from as any).value);
  if (!Number.isInteger(f) || !Number.isInteger(t)) return unknown(`ports ${JSON.stringify([from, to].map(x => (x as any).value))} are not port numbers`);
  if (f === -1 || t === -1) return known(PortSet.all());
  return known(f <= t ? PortSet.range(Math.max(0, f), Math.min(65535, t)) : PortSet.empty());
}

/** CIDR sources; a reference to a VPC's or subnet's `cidr_block` is that network (private whatever its numbers). */
function addCidrSources(resolver: DocumentResolver, raw: unknown, key: string, sources: TrafficSource[]): void {
  if (raw === undefined || raw === null) return;
  if (Array.isArray(raw)) {
    for (const item of raw) addCidrItem(resolver, item, key, sources);
  } else {
    addCidrItem(resolver, raw, key, sources);
  }
}

function addCidrItem(resolver: DocumentResolver, item: unknown, key: string, sources: TrafficSource[]): void {
  const network = networkSource(resolver, item);
  if (network) {
    sources.push(network);
    return;
  }
  const read = resolver.read(item);
  if (read.state === 'unknown') {
    sources.push({ kind: 'unknown', text: `${key} ${String(item)}`, reason: read.reason });
    return;
  }
  if (read.state === 'absent') return;
  if (Array.isArray(read.value)) {
    for (const cidr of read.value) addCidr(cidr, key, sources);
  } else {
    addCidr(read.value, key, sources);
  }
}

function addCidr(cidr: unknown, key: string, sources: TrafficSource[]): void {
  if (cidr === '' || cidr === null) return;
  // A CIDR source is fixed by its text, and rules repeat a handful: one (read-only) object per text.
  const text = String(cidr);
  const cached = CIDR_SOURCES.get(text);
  if (cached !== undefined) {
    sources.push(cached);
    return;
  }
  try {
    const source: TrafficSource = { kind: 'addresses', text, addresses: AddressSet.parse(text) };
    if (CIDR_SOURCES.size >= CIDR_SOURCES_LIMIT) CIDR_SOURCES.clear();
    CIDR_SOURCES.set(text, source);
    sources.push(source);
  } catch {
    sources.push({ kind: 'unknown', text: `${key} ${JSON.stringify(cidr)}`, reason: `${JSON.stringify(cidr)} is not a CIDR block` });
  }
}

/** CIDR sources by text (bounded: cleared when full, so memory stays flat on huge inputs). */
const CIDR_SOURCES = new Map<string, TrafficSource>();
const CIDR_SOURCES_LIMIT = 10_000;

function networkSource(resolver: DocumentResolver, item: unknown): TrafficSource | undefined {
  // Both forms below are one `${...}` expression: a literal CIDR is neither.
  if (typeof item !== 'string' || !item.startsWith('${')) return undefined;
  const data = /^\$\{\s*data\.(aws_vpc|aws_subnet)\.([\w-]+)\.(cidr_block|ipv6_cidr_block)\s*\}$/.exec(item);
  if (data) return { kind: 'network', text: `the address space of data.${data[1]}.${data[2]}` };
  const ref = parseResourceReference(item);
  if (!ref || !NETWORK_TYPES.has(ref.type) || !NETWORK_ATTRIBUTES.has(String(ref.path[0]))) return undefined;
  const read = resolver.read(item);
  let addresses: AddressSet | undefined;
  if (read.state === 'literal' && typeof read.value === 'string') {
    try {
      addresses = AddressSet.parse(read.value);
    } catch {
      addresses = undefined;
    }
  }
  return { kind: 'network', text: `the address space of ${ref.type}.${ref.name}${addresses ? ` (${read.state === 'literal' ? read.value : ''})` : ''}`, ...(addresses ? { addresses } : {}) };
}

function addGroupSources(resolver: DocumentResolver, raw: unknown, sources: TrafficSource[]): void {
  if (raw === undefined || raw === null) return;
  if (Array.isArray(raw)) {
    for (const item of raw) addGroupSource(resolver, item, sources);
  } else {
    addGroupSource(resolver, raw, sources);
  }
}

function addGroupSource(resolver: DocumentResolver, item: unknown, sources: TrafficSource[]): void {
  if (item === '' || item === null) return;
  const address = resolver.referencedAddress(item);
  const group = address ? resolver.resource(address) : groupsById(resolver).get(String(item));
  // Any security group reference admits only members of that group: private, known or not.
  sources.push(group?.type === SECURITY_GROUP
    ? { kind: 'private', text: `security group ${group.address}`, group: securityGroupModelId(group, resolver) }
    : { kind: 'private', text: `security group ${typeof item === 'string' ? item.replace(/^\$\{\((.*)\)\}$/, '($1)') : String(item)}` });
}

function addSelfSource(resolver: DocumentResolver, raw: unknown, group: TerraformResourceInput | undefined, sources: TrafficSource[]): void {
  const read = resolver.read(raw);
  if (read.state !== 'literal' || !(read.value === true || read.value === 'true')) return;
  sources.push(group ? { kind: 'private', text: 'the group itself (self)', group: securityGroupModelId(group, resolver) } : { kind: 'private', text: 'the group itself (self)' });
}

/** Prefix lists of the input (`aws_ec2_managed_prefix_list` with its `entry` blocks and standalone entries). */
function addPrefixListSources(resolver: DocumentResolver, raw: unknown, sources: TrafficSource[]): void {
  if (raw === undefined || raw === null) return;
  const items = Array.isArray(raw) ? raw : [raw];
  for (const item of items) {
    if (item === '') continue;
    const address = resolver.referencedAddress(item);
    const list = address ? resolver.resource(address) : undefined;
    if (!list || list.type !== MANAGED_PREFIX_LIST) {
      const read = resolver.read(item);
      const reason = read.state === 'unknown' ? read.reason : `prefix list ${String(item)} is not in the input`;
      sources.push({ kind: 'unknown', text: `prefix list ${String(item)}`, reason });
      continue;
    }
    sources.push(prefixListAddresses(list, resolver));
  }
}

function prefixListAddresses(list: TerraformResourceInput, resolver: DocumentResolver): TrafficSource {
  const text = `prefix list ${list.address}`;
  const entries: unknown[] = [];
  const inline = resolver.read(list.values.entry);
  if (inline.state === 'unknown') return { kind: 'unknown', text, reason: `entry: ${inline.reason}` };
  if (inline.state === 'literal') entries.push(...(Array.isArray(inline.value) ? inline.value : [inline.value]));
  if (mergeBlocks(list.values.dynamic).entry !== undefined) {
    return { kind: 'unknown', text, reason: 'a dynamic "entry" block generates entries from an expression this guard does not evaluate' };
  }
  for (const standalone of standaloneEntries(resolver).get(list.address) ?? []) entries.push(standalone.values);
  const sets: AddressSet[] = [];
  const cidrs: string[] = [];
  for (const entry of entries) {
    const cidr = isPlainObject(entry) ? resolver.read(entry.cidr) : undefined;
    if (!cidr || cidr.state !== 'literal') {
      return { kind: 'unknown', text, reason: cidr?.state === 'unknown' ? `cidr: ${cidr.reason}` : 'an entry has no cidr' };
    }
    try {
      sets.push(AddressSet.parse(String(cidr.value)));
      cidrs.push(String(cidr.value));
    } catch {
      return { kind: 'unknown', text, reason: `${JSON.stringify(cidr.value)} is not a CIDR block` };
    }
  }
  // One union of all (a fold of `union` copies the growing set each time: quadratic in the entries).
  const addresses = sets.length === 0 ? AddressSet.empty() : AddressSet.unionAll(sets);
  return { kind: 'addresses', text: `${text} (${cidrs.join(', ') || 'empty'})`, addresses };
}

const STANDALONE_ENTRIES = new WeakMap<DocumentResolver, Map<string, TerraformResourceInput[]>>();

/** `aws_ec2_managed_prefix_list_entry` resources by the address their `prefix_list_id` references, once per resolver. */
function standaloneEntries(resolver: DocumentResolver): Map<string, TerraformResourceInput[]> {
  let byList = STANDALONE_ENTRIES.get(resolver);
  if (!byList) {
    byList = new Map();
    for (const standalone of resolver.ofType(MANAGED_PREFIX_LIST_ENTRY)) {
      const address = resolver.referencedAddress(standalone.values.prefix_list_id);
      if (address === undefined) continue;
      const entries = byList.get(address);
      if (entries) entries.push(standalone);
      else byList.set(address, [standalone]);
    }
    STANDALONE_ENTRIES.set(resolver, byList);
  }
  return byList;
}

