/**
 * Azure security rules (inline `security_rule` blocks and standalone `azurerm_network_security_rule`
 * resources) -> `IngressRule`s of the core model. Only inbound rules count; anything the input
 * does not pin down becomes a Known unknown with the reason (spec: "Unknown is not safe").
 */
import { linkedResource } from './links';
import { networkSourceOf } from './network-sources';
import { IngressRule, Known, known, ResourceLocation, resourceKey, RuleAccess, RuleDestination, TrafficSource, unknown } from '../../../core/model/model';
import { AddressSet } from '../../../core/net/address-set';
import { PortSet } from '../../../core/net/port-set';
import { normalizeProtocol, Protocol } from '../../../core/net/protocol';
import { isExpression } from '../expressions';
import { locationOf } from '../locations';
import { FieldValue, DocumentResolver } from '../resolver';

/**
 * Service tags are letters, digits, dots and dashes (`Internet`, `AzureCloud.westeurope`); `*` is any.
 * No address or CIDR matches: IPv4 starts with a digit, IPv6 has a `:`, a prefix a `/`.
 */
const SERVICE_TAG = /^(\*|[A-Za-z][A-Za-z0-9.-]*)$/;
const SOURCE_PREFIX_KEYS = ['source_address_prefix', 'source_address_prefixes'] as const;
const DESTINATION_PREFIX_KEYS = ['destination_address_prefix', 'destination_address_prefixes'] as const;
/** Destinations that cover every node of the VNet. */
const ANY_DESTINATION = /^(\*|any|virtualnetwork)$/i;
const APPLICATION_SECURITY_GROUP_TYPES = ['azurerm_application_security_group'];

/**
 * Translates one security rule body (snake_case). Returns undefined for an outbound rule.
 * `label` names the rule for messages when it has no literal name.
 */
export function translateSecurityRule(
  body: Record<string, any>, origin: ResourceLocation, resolver: DocumentResolver, label: string,
): IngressRule | undefined {
  const direction = resolver.read(body.direction);
  if (direction.state === 'literal' && String(direction.value).toLowerCase() !== 'inbound') {
    return undefined;
  }
  const nameField = resolver.read(body.name);
  const name = nameField.state === 'literal' ? String(nameField.value) : label;
  let access = readAccess(resolver.read(body.access));
  if (direction.state !== 'literal') {
    // An unknown direction may be Inbound: the rule stays, and its effect is unknown.
    const why = direction.state === 'unknown' ? direction.reason : 'direction is not set (known only after apply)';
    access = unknown(`direction of rule ${name}: ${why}`);
  }
  const ports = readPortItems(resolver, body.destination_port_range, body.destination_port_ranges, DESTINATION_PORT_FIELDS);
  const sourcePorts = readSourcePorts(resolver, body.source_port_range, body.source_port_ranges);
  const destinations = readDestinations(resolver, body);
  const priority = readPriority(resolver.read(body.priority));
  const protocol = readProtocol(resolver.read(body.protocol));
  const destinationPortSet = destinationPorts(ports);
  const morePortsUnknown = ports.ports !== undefined && ports.invalid === undefined && ports.unknowns !== undefined
    ? ports.unknowns.join('; ') : undefined;
  const sources = readSources(resolver, body);
  if (morePortsUnknown === undefined && sourcePorts !== undefined && destinations !== undefined) {
    // What most rules set (`source_port_range = "*"`, a destination prefix): one literal, members in declared order.
    return { origin, name, access, priority, protocol, ports: destinationPortSet, sources, sourcePorts, destinations };
  }
  // Member by member, the optional ones only when set, in the order the members are declared.
  const rule: Draft<IngressRule> = { origin, name, access, priority, protocol, ports: destinationPortSet };
  if (morePortsUnknown !== undefined) {
    rule.morePortsUnknown = morePortsUnknown;
  }
  rule.sources = sources;
  if (sourcePorts !== undefined) {
    rule.sourcePorts = sourcePorts;
  }
  if (destinations !== undefined) {
    rule.destinations = destinations;
  }
  return rule as IngressRule;
}

/** An object under construction: its members writable, the required ones not yet all set. */
type Draft<T> = { -readonly [K in keyof T]?: T[K] };

/** A rule the input cannot describe at all (a `dynamic "security_rule"` block, a rule list from a variable). */
export function unknownRule(origin: ResourceLocation, name: string, reason: string): IngressRule {
  return {
    origin,
    name,
    access: unknown(reason),
    priority: unknown(reason),
    protocol: unknown(reason),
    ports: unknown(reason),
    sources: [{ kind: 'unknown', text: name, reason }],
  };
}

function readAccess(field: FieldValue): Known<RuleAccess> {
  if (field.state === 'unknown') {
    return unknown(`access: ${field.reason}`);
  }
  if (field.state === 'absent') {
    return unknown('access is not set (known only after apply)');
  }
  const text = String(field.value).toLowerCase();
  if (text === 'allow' || text === 'deny') {
    return known(text);
  }
  return unknown(`access ${JSON.stringify(field.value)} is neither Allow nor Deny`);
}

function readPriority(field: FieldValue): Known<number> {
  if (field.state === 'unknown') {
    return unknown(`priority: ${field.reason}`);
  }
  if (field.state === 'absent') {
    return unknown('priority is not set (known only after apply)');
  }
  const value = typeof field.value === 'number' ? field.value : Number(String(field.value).trim());
  if (!Number.isInteger(value)) {
    return unknown(`priority ${JSON.stringify(field.value)} is not a number`);
  }
  return known(value);
}

function readProtocol(field: FieldValue): Known<Protocol> {
  if (field.state === 'unknown') {
    return unknown(`protocol: ${field.reason}`);
  }
  if (field.state === 'absent') {
    return unknown('protocol is not set (known only after apply)');
  }
  // A handful of names (`Tcp`, `*`): each read once, the (read-only) result shared by the rules.
  const cached = typeof field.value === 'string' ? PROTOCOLS.get(field.value) : undefined;
  if (cached !== undefined) {
    return cached;
  }
  let protocol: Known<Protocol>;
  try {
    protocol = known(normalizeProtocol(field.value));
  } catch {
    protocol = unknown(`protocol ${JSON.stringify(field.value)} is not a protocol Azure knows`);
  }
  if (typeof field.value === 'string') {
    if (PROTOCOLS.size >= PROTOCOLS_LIMIT) PROTOCOLS.clear();
    PROTOCOLS.set(field.value, protocol);
  }
  return protocol;
}

/** Protocols by literal text (bounded: cleared when full). */
const PROTOCOLS = new Map<string, Known<Protocol>>();
const PROTOCOLS_LIMIT = 1_000;

/** The field names of one pair (`destination_port_range` / `destination_port_ranges`), for messages. */
interface PortFields {
  readonly single: string;
  readonly list: string;
}

const DESTINATION_PORT_FIELDS: PortFields = { single: 'destination_port_range', list: 'destination_port_ranges' };
const SOURCE_PORT_FIELDS: PortFields = { single: 'source_port_range', list: 'source_port_ranges' };

/**
 * `destination_port_range` and `destination_port_ranges` together (Azure uses whichever is set). Items
 * of a list are read one by one: known ports next to a variable stay known (`morePortsUnknown`).
 */
function destinationPorts(read: PortItems): Known<PortSet> {
  if (read.unknowns !== undefined && read.ports === undefined) {
    return unknown(read.unknowns[0]);
  }
  if (read.invalid) {
    return unknown(read.invalid);
  }
  if (read.ports === undefined) {
    return unknown('destination_port_range(s) is not set (known only after apply)');
  }
  return known(read.ports);
}

/** `source_port_range(s)`: absent = any source port; a list with an unknown item is unknown (a Deny must not over-match). */
function readSourcePorts(resolver: DocumentResolver, single: unknown, list: unknown): Known<PortSet> | undefined {
  const read = readPortItems(resolver, single, list, SOURCE_PORT_FIELDS);
  if (read.unknowns !== undefined) {
    return unknown(read.unknowns[0]);
  }
  if (read.invalid) {
    return unknown(read.invalid);
  }
  return read.ports === undefined ? undefined : known(read.ports);
}

/** The ports of a pair of fields while they are read: their union, the reasons of unknown items (when any), the first invalid item. */
interface PortItems {
  ports?: PortSet;
  unknowns?: string[];
  invalid?: string;
}

/** What one literal port text reads as, per field (bounded: cleared when full, so memory stays flat). */
const LITERAL_DESTINATION_PORTS = new Map<string, PortItems>();
const LITERAL_SOURCE_PORTS = new Map<string, PortItems>();
const LITERAL_PORTS_LIMIT = 10_000;

function readPortItems(resolver: DocumentResolver, single: unknown, list: unknown, fields: PortFields): PortItems {
  if ((list === undefined || list === null) && typeof single === 'string' && !isExpression(single)) {
    // One literal text (what most rules set: `"9200"`, `"*"`): what it reads as is fixed by the text and
    // the field, so it is read once per text (the result is only read).
    const byText = fields === DESTINATION_PORT_FIELDS ? LITERAL_DESTINATION_PORTS : LITERAL_SOURCE_PORTS;
    let read = byText.get(single);
    if (read === undefined) {
      read = {};
      addPortText(single, fields.single, read);
      if (byText.size >= LITERAL_PORTS_LIMIT) byText.clear();
      byText.set(single, read);
    }
    return read;
  }
  const read: PortItems = {};
  addPortItems(resolver, single, fields.single, read);
  addPortItems(resolver, list, fields.list, read);
  return read;
}

/** The items of one field into `into` (one value, or a list item by item). */
function addPortItems(resolver: DocumentResolver, raw: unknown, field: string, into: PortItems): void {
  if (raw === undefined || raw === null) {
    return;
  }
  if (Array.isArray(raw)) {
    for (const item of raw) {
      addPortItem(resolver, item, field, into);
    }
  } else {
    addPortItem(resolver, raw, field, into);
  }
}

function addPortItem(resolver: DocumentResolver, item: unknown, field: string, into: PortItems): void {
  const read = resolver.read(item);
  if (read.state === 'unknown') {
    (into.unknowns ??= []).push(`${field}: ${read.reason}`);
    return;
  }
  if (read.state === 'absent') {
    return;
  }
  if (Array.isArray(read.value)) {
    for (const value of read.value) {
      addPortText(value, field, into);
    }
  } else {
    addPortText(read.value, field, into);
  }
}

function addPortText(value: unknown, field: string, into: PortItems): void {
  const text = String(value);
  const trimmed = text.trim();
  if (trimmed === '') {
    return;
  }
  try {
    const parsed = PortSet.parse(trimmed);
    into.ports = into.ports ? into.ports.union(parsed) : parsed;
  } catch {
    into.invalid ??= `${field.replace('_range', '')} ${JSON.stringify(text)} is not *, N or N-M`;
  }
}

/** A field's items: a list element-wise, a whole-list expression or a single value as one item. */
function items(raw: unknown): unknown[] {
  return Array.isArray(raw) ? raw : raw === undefined || raw === null ? [] : [raw];
}

/**
 * `destination_address_prefix(es)` and `destination_application_security_group_ids`; undefined when
 * none is set (any destination). `*`, `Any` and `VirtualNetwork` cover every node of the VNet.
 */
function readDestinations(resolver: DocumentResolver, body: Record<string, any>): RuleDestination[] | undefined {
  const out: RuleDestination[] = [];
  for (let k = 0; k < DESTINATION_PREFIX_KEYS.length; k++) {
    const key = DESTINATION_PREFIX_KEYS[k];
    const raw = body[key];
    if (Array.isArray(raw)) {
      for (let i = 0; i < raw.length; i++) {
        addDestinations(resolver, key, raw[i], out);
      }
    } else if (raw !== undefined && raw !== null) {
      addDestinations(resolver, key, raw, out);
    }
  }
  const groups = body.destination_application_security_group_ids;
  if (groups !== undefined && groups !== null) {
    for (const item of items(groups)) {
      const group = linkedResource(resolver, item, APPLICATION_SECURITY_GROUP_TYPES);
      out.push(group
        ? { kind: 'application-security-group', text: group.address, group: resourceKey(locationOf(group, resolver.document)) }
        : { kind: 'unknown', text: String(item), reason: `application security group ${JSON.stringify(item)} is not in the input` });
    }
  }
  return out.length > 0 ? out : undefined;
}

/** The destinations one item of `key` names (a list item, or the field's one value). */
function addDestinations(resolver: DocumentResolver, key: string, item: unknown, out: RuleDestination[]): void {
  const read = resolver.read(item);
  if (read.state === 'unknown') {
    out.push({ kind: 'unknown', text: String(item), reason: `${key}: ${read.reason}` });
  } else if (read.state === 'literal') {
    if (Array.isArray(read.value)) {
      for (const value of read.value) {
        addDestination(String(value).trim(), out);
      }
    } else {
      addDestination(String(read.value).trim(), out);
    }
  }
}

function addDestination(text: string, out: RuleDestination[]): void {
  if (text === '') {
    return;
  }
  // Fixed by the text alone, and rules repeat a handful of destinations: one (read-only) object per text.
  let destination = DESTINATIONS.get(text);
  if (destination === undefined) {
    destination = destinationFromText(text);
    if (DESTINATIONS.size >= DESTINATIONS_LIMIT) DESTINATIONS.clear();
    DESTINATIONS.set(text, destination);
  }
  out.push(destination);
}

/** Destinations by text (bounded: cleared when full, so memory stays flat on huge inputs). */
const DESTINATIONS = new Map<string, RuleDestination>();
const DESTINATIONS_LIMIT = 10_000;

function destinationFromText(text: string): RuleDestination {
  if (ANY_DESTINATION.test(text)) {
    return { kind: 'any', text };
  }
  const addresses = SERVICE_TAG.test(text) ? undefined : AddressSet.tryParse(text);
  return addresses
    ? { kind: 'addresses', text, addresses }
    : { kind: 'unknown', text, reason: `destination ${JSON.stringify(text)} is a service tag or value whose addresses this guard does not know` };
}

/** `source_address_prefix`, `source_address_prefixes` and `source_application_security_group_ids`. */
function readSources(resolver: DocumentResolver, body: Record<string, any>): TrafficSource[] {
  const sources: TrafficSource[] = [];
  // Both fields, each item by item: `["Internet", var.x]` keeps its known public part (spec: "Known
  // parts stay known"). Indexed loops: this runs for every rule, mostly on cold code.
  for (let k = 0; k < SOURCE_PREFIX_KEYS.length; k++) {
    const key = SOURCE_PREFIX_KEYS[k];
    const raw = body[key];
    if (Array.isArray(raw)) {
      for (let i = 0; i < raw.length; i++) {
        addSources(resolver, key, raw[i], sources);
      }
    } else if (raw !== undefined && raw !== null) {
      addSources(resolver, key, raw, sources);
    }
  }
  const groups = body.source_application_security_group_ids;
  const groupIds = Array.isArray(groups) ? groups : typeof groups === 'string' && groups !== '' ? [groups] : [];
  if (groupIds.length > 0) {
    // An application security group only ever holds NICs of the VNet: private whatever its id.
    sources.push({ kind: 'private', text: `application security groups ${groupIds.map(String).join(', ')}` });
  }
  if (sources.length === 0) {
    sources.push({
      kind: 'unknown',
      text: '(no source)',
      reason: 'source_address_prefix(es) and source_application_security_group_ids are not set (known only after apply)',
    });
  }
  return sources;
}

/** The sources one item of `key` names (a list item, or the field's one value). */
function addSources(resolver: DocumentResolver, key: string, item: unknown, sources: TrafficSource[]): void {
  if (typeof item === 'string' && !isExpression(item)) {
    // A literal text (most rules): what `resolver.read` would give back as it is.
    addSource(resolver, item, sources);
    return;
  }
  const network = isExpression(item) ? networkSourceOf(resolver, item) : undefined;
  if (network) {
    sources.push(network);
    return;
  }
  const field = resolver.read(item);
  if (field.state === 'unknown') {
    sources.push({ kind: 'unknown', text: String(item), reason: `${key}: ${field.reason}` });
  } else if (field.state === 'literal') {
    if (Array.isArray(field.value)) {
      for (const value of field.value) {
        addSource(resolver, String(value), sources);
      }
    } else {
      addSource(resolver, String(field.value), sources);
    }
  }
}

function addSource(resolver: DocumentResolver, text: string, sources: TrafficSource[]): void {
  if (text.trim() !== '') {
    sources.push(literalSource(resolver, text));
  }
}

/**
 * The source a literal prefix text stands for in a document, once per text: rules repeat a handful of
 * prefixes, and what one stands for is fixed by the text and the document's networks (`networkSourceOf`
 * reads only literal address spaces of the document). The model is read only, so rules share the object.
 */
function literalSource(resolver: DocumentResolver, text: string): TrafficSource {
  let byText = LITERAL_SOURCES.get(resolver);
  if (byText === undefined) {
    byText = new Map();
    LITERAL_SOURCES.set(resolver, byText);
  }
  let source = byText.get(text);
  if (source === undefined) {
    source = networkSourceOf(resolver, text) ?? sourceFromText(text);
    byText.set(text, source);
  }
  return source;
}

const LITERAL_SOURCES = new WeakMap<DocumentResolver, Map<string, TrafficSource>>();

/** One prefix: an address or CIDR, a service tag (`Internet`, `*`, `AzureCloud`), or unknown. */
export function sourceFromText(text: string): TrafficSource {
  const trimmed = text.trim();
  // Tags first: a failed address parse builds an error, and a quarter of real rules name a tag.
  if (SERVICE_TAG.test(trimmed)) {
    return { kind: 'service-tag', tag: trimmed };
  }
  const addresses = AddressSet.tryParse(trimmed);
  if (addresses) {
    return { kind: 'addresses', text: trimmed, addresses };
  }
  return { kind: 'unknown', text: trimmed, reason: `source ${JSON.stringify(text)} is not an address, a CIDR or a service tag` };
}
