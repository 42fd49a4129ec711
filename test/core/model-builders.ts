/**
 * Small builders for core models in tests: literal, readable, no framework.
 */
import { Cluster, ClusterFacts, Firewall, IngressRule, Known, known, ResourceLocation, RuleDestination, TrafficSource, unknown } from '../../src/core/model/model';
import { AddressSet } from '../../src/core/net/address-set';
import { PortSet } from '../../src/core/net/port-set';
import { normalizeProtocol } from '../../src/core/net/protocol';

export const UNKNOWN = Symbol('unknown');
type Maybe<T> = T | typeof UNKNOWN;

export function location(resource: string, resourceType = 'test', extra: Partial<ResourceLocation> = {}): ResourceLocation {
  return { resource, resourceType, ...extra };
}

/**
 * `0.0.0.0/0`, `Internet` (service tag: starts with a letter or is `*`), `sg:<id>` (private, naming
 * the group `<id>`), `net:<cidr>` (the address space of a network of the input), `?` (unknown).
 */
export function source(text: string): TrafficSource {
  if (text === '?') return { kind: 'unknown', text: 'var.allowed', reason: 'a Terraform variable' };
  if (text.startsWith('sg:')) return { kind: 'private', text, group: text.slice(3) };
  if (text.startsWith('net:')) return { kind: 'network', text: text.slice(4), addresses: AddressSet.parse(text.slice(4)) };
  const addresses = AddressSet.tryParse(text);
  if (addresses) return { kind: 'addresses', text, addresses };
  return { kind: 'service-tag', tag: text };
}

function maybe<T>(value: Maybe<T>, what: string): Known<T> {
  return value === UNKNOWN ? unknown(`${what} is a token`) : known(value);
}

const show = (v: unknown) => (v === UNKNOWN ? '?' : String(v));

export interface RuleSpec {
  readonly name?: string;
  readonly origin?: string;
  readonly access?: Maybe<'allow' | 'deny'>;
  readonly priority?: Maybe<number>;
  readonly protocol?: Maybe<string>;
  readonly ports?: Maybe<string>;
  readonly sources?: readonly string[];
  /** Azure destinations: `*`, a CIDR, `asg:<id>`, `?` (unknown). Absent: any destination. */
  readonly destinations?: readonly string[];
  /** Azure source ports: `*`, `N`, `N-M`, comma-separated, or UNKNOWN. Absent: all. */
  readonly sourcePorts?: Maybe<string>;
  /** The port list also holds unknown values. */
  readonly morePortsUnknown?: boolean;
}

/** A rule destination from its text (see `RuleSpec.destinations`). */
export function destination(text: string): RuleDestination {
  if (text === '*') return { kind: 'any', text };
  if (text === '?') return { kind: 'unknown', text: 'var.dest', reason: 'a Terraform variable' };
  if (text.startsWith('asg:')) return { kind: 'application-security-group', text, group: text.slice(4) };
  return { kind: 'addresses', text, addresses: AddressSet.parse(text) };
}

export function rule(firewall: string, spec: RuleSpec, where: Partial<ResourceLocation> = {}): IngressRule {
  const protocol = spec.protocol ?? 'tcp';
  const ports = spec.ports ?? '*';
  return {
    origin: location(spec.origin ?? firewall, 'test', where),
    name: spec.name ?? `${show(spec.access ?? 'allow')} ${show(ports)} from ${(spec.sources ?? ['0.0.0.0/0']).join(',')}`,
    access: maybe(spec.access ?? 'allow', 'access'),
    priority: spec.priority === undefined ? undefined : maybe(spec.priority, 'priority'),
    protocol: protocol === UNKNOWN ? unknown('protocol is a token') : known(normalizeProtocol(protocol)),
    ports: ports === UNKNOWN ? unknown('ports are a token') : known(PortSet.parseList(ports.split(','))),
    sources: (spec.sources ?? ['0.0.0.0/0']).map(source),
    ...(spec.destinations ? { destinations: spec.destinations.map(destination) } : {}),
    ...(spec.sourcePorts === undefined ? {} : {
      sourcePorts: spec.sourcePorts === UNKNOWN ? unknown('source ports are a token') : known(PortSet.parseList(spec.sourcePorts.split(','))),
    }),
    ...(spec.morePortsUnknown ? { morePortsUnknown: 'var.extra_ports is a Terraform variable' } : {}),
  };
}

export function securityGroup(name: string, rules: readonly RuleSpec[], where: Partial<ResourceLocation> = {}): Firewall {
  return { location: location(name, 'AWS::EC2::SecurityGroup', where), kind: 'aws-security-group', rules: rules.map(r => rule(name, r, where)) };
}

export function networkSecurityGroup(name: string, rules: readonly RuleSpec[]): Firewall {
  return {
    location: location(name, 'azurerm_network_security_group'),
    kind: 'azure-network-security-group',
    rules: rules.map((r, i) => rule(name, { priority: 100 + i * 10, ...r })),
  };
}

export function managedDomain(name: string, facts: ClusterFacts, attached: ReadonlyArray<string | typeof UNKNOWN> = [], ports = [443]): Cluster {
  return {
    location: location(name, 'AWS::OpenSearchService::Domain'),
    kind: 'managed-domain',
    ports,
    attachedFirewalls: attached.map(a => (a === UNKNOWN ? unknown('an imported security group') : known(a))),
    facts,
  };
}

/** Facts of a managed domain that passes every cluster rule. */
export const SECURE_DOMAIN_FACTS: ClusterFacts = {
  inVpc: known(true),
  anonymousAccess: known(false),
  fineGrainedAccessControl: known(true),
  accessPolicyAllowsAnyone: known(false),
  httpsEnforced: known(true),
  tlsSecurityPolicy: known('Policy-Min-TLS-1-2-PFS-2023-10'),
  nodeToNodeEncryption: known(true),
  encryptionAtRest: known(true),
  logsShipped: known(['AUDIT_LOGS', 'ES_APPLICATION_LOGS', 'SEARCH_SLOW_LOGS', 'INDEX_SLOW_LOGS']),
};
