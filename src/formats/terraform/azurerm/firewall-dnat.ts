/**
 * Azure Firewall DNAT rules as entry points: a `nat_rule_collection` of a firewall policy's rule
 * collection group, or a classic `azurerm_firewall_nat_rule_collection`, whose translated address is a
 * node. The firewall is a proxy for these: "inbound DNAT ... the firewall also applies SNAT", so the
 * node sees a private address of the firewall's subnet
 * (https://learn.microsoft.com/azure/firewall/features#inbound-dnat-support,
 * https://learn.microsoft.com/azure/firewall/integrate-lb#asymmetric-routing).
 */
import { subnetSource } from './application-gateways';
import { asList, blocks, linkedResource, parsePrefixes, readListenerPort, sameTarget } from './links';
import { NodeIndex } from './nodes';
import { EntryPoint, Firewall, Forward, Known, known, ResourceLocation, resourceKey, TrafficSource, unknown } from '../../../core/model/model';
import { AddressSet } from '../../../core/net/address-set';
import { PortSet } from '../../../core/net/port-set';
import { locationOf } from '../locations';
import { DocumentResolver } from '../resolver';
import { TerraformResourceInput } from '../terraform-document';

export const FIREWALL_TYPE = 'azurerm_firewall';

/** DNAT entry points, and the source filters of DNAT rules that admit only some clients. */
export interface FirewallDnat {
  readonly entryPoints: EntryPoint[];
  /** One allow-only filter per DNAT rule whose `source_addresses` / `source_ip_groups` are not everyone. */
  readonly firewalls: Firewall[];
}

export function firewallDnatEntryPoints(resolver: DocumentResolver, index: NodeIndex, clusterPorts: readonly number[]): FirewallDnat {
  const entries: EntryPoint[] = [];
  const filters: Firewall[] = [];
  for (const firewall of resolver.ofType(FIREWALL_TYPE)) {
    const configurations = blocks(firewall.values.ip_configuration);
    const proxySource = subnetSource(resolver, configurations[0]?.subnet_id, 'the firewall subnet');
    const forwards: Forward[] = [];
    const rules: { rule: Record<string, any>; collection: string; location: ResourceLocation; destination: unknown }[] = [];
    for (const group of resolver.ofType('azurerm_firewall_policy_rule_collection_group')) {
      if (!sameTarget(resolver, group.values.firewall_policy_id, firewall.values.firewall_policy_id)) {
        continue;
      }
      for (const collection of blocks(group.values.nat_rule_collection)) {
        for (const rule of blocks(collection.rule)) {
          rules.push({ rule, collection: `${group.address} ${String(collection.name)}`, location: locationOf(group, resolver.document), destination: rule.destination_address });
        }
      }
    }
    for (const collection of resolver.ofType('azurerm_firewall_nat_rule_collection')) {
      if (!belongsTo(resolver, collection, firewall)) {
        continue;
      }
      for (const rule of blocks(collection.values.rule)) {
        rules.push({ rule, collection: collection.address, location: locationOf(collection, resolver.document), destination: asList(rule.destination_addresses).join(', ') });
      }
    }
    for (const { rule, collection, location } of rules) {
      const protocols = asList(rule.protocols).map(p => String(p).toLowerCase());
      if (protocols.length > 0 && !protocols.some(p => p === 'tcp' || p === 'any')) {
        continue; // UDP / ICMP only: no cluster port
      }
      const backendPort = readListenerPort(resolver, rule.translated_port, 'translated_port');
      const targets = translatedTargets(resolver, index, rule, backendPort, clusterPorts);
      if (targets.length === 0) {
        continue;
      }
      const frontendPorts = readPorts(resolver, rule.destination_ports);
      const forward: Forward = {
        name: `DNAT rule ${String(rule.name)} of ${collection} (${frontendPorts.known ? frontendPorts.value.toString() : '?'} -> ${String(rule.translated_address ?? rule.translated_fqdn)}:${backendPort.known ? backendPort.value : '?'})`,
        location,
        frontendPorts,
        backendPort,
        targets,
        preservesClientAddress: false,
        proxySource,
      };
      const sources = ruleSources(resolver, rule);
      if (!sources) {
        forwards.push(forward);
        continue;
      }
      // A rule that admits only some clients: its own entry, filtered by those sources (the engine
      // reads what the entry's filters let in before the proxy rewrites the source).
      const filter: Firewall = {
        id: `${resourceKey(location)}#dnat-sources/${String(rule.name)}`,
        location,
        kind: 'aws-security-group', // allow-only: the union of the rule's sources admits, nothing else
        rules: [{ origin: location, name: `DNAT rule ${String(rule.name)} sources`, access: known('allow'), protocol: known('tcp'), ports: frontendPorts, sources }],
      };
      filters.push(filter);
      const firewallLocation = locationOf(firewall, resolver.document);
      entries.push({
        id: `${resourceKey(firewallLocation)}#dnat/${collection}/${String(rule.name)}`,
        kind: 'firewall-dnat',
        name: `Azure Firewall ${firewall.address}`,
        location: firewallLocation,
        filters: [{ description: `sources of DNAT rule ${String(rule.name)}`, firewalls: [known(filter.id!)] }],
        forwards: [forward],
      });
    }
    if (forwards.length > 0) {
      const location = locationOf(firewall, resolver.document);
      entries.push({ id: `${resourceKey(location)}#dnat`, kind: 'firewall-dnat', name: `Azure Firewall ${firewall.address}`, location, forwards });
    }
  }
  return { entryPoints: entries, firewalls: filters };
}

/**
 * The clients a DNAT rule admits: `source_addresses` (addresses, CIDRs, `*`) and `source_ip_groups`
 * (`azurerm_ip_group` `cidrs`). Undefined when it admits everyone (`*`, or nothing set).
 * https://learn.microsoft.com/azure/firewall/rule-processing#dnat-rules
 */
function ruleSources(resolver: DocumentResolver, rule: Record<string, any>): TrafficSource[] | undefined {
  const sources: TrafficSource[] = [];
  for (const item of asList(rule.source_addresses)) {
    const read = resolver.read(item);
    if (read.state === 'unknown') {
      sources.push({ kind: 'unknown', text: String(item), reason: `source_addresses of DNAT rule ${String(rule.name)}: ${read.reason}` });
      continue;
    }
    for (const text of asList(read.state === 'literal' ? read.value : undefined).map(v => String(v).trim())) {
      if (text === '*' || text.toLowerCase() === 'any') {
        return undefined;
      }
      const addresses = AddressSet.tryParse(text);
      sources.push(addresses ? { kind: 'addresses', text, addresses } : { kind: 'unknown', text, reason: `source ${JSON.stringify(text)} of DNAT rule ${String(rule.name)} is not an address or CIDR` });
    }
  }
  for (const item of asList(rule.source_ip_groups)) {
    const group = linkedResource(resolver, item, ['azurerm_ip_group']);
    const cidrs = group ? resolver.read(group.values.cidrs) : undefined;
    const addresses = cidrs?.state === 'literal' ? parsePrefixes(asList(cidrs.value).map(String)) : undefined;
    sources.push(addresses
      ? { kind: 'addresses', text: `IP group ${group!.address}`, addresses }
      : { kind: 'unknown', text: String(item), reason: `IP group ${JSON.stringify(item)} of DNAT rule ${String(rule.name)} has no literal cidrs in the input` });
  }
  return sources.length > 0 ? sources : undefined;
}

/** A classic collection names its firewall by `azure_firewall_name` (a reference, or the literal name). */
function belongsTo(resolver: DocumentResolver, collection: TerraformResourceInput, firewall: TerraformResourceInput): boolean {
  const named = linkedResource(resolver, collection.values.azure_firewall_name, [FIREWALL_TYPE]);
  if (named) {
    return named === firewall;
  }
  const name = resolver.read(collection.values.azure_firewall_name);
  const firewallName = resolver.read(firewall.values.name);
  return name.state === 'literal' && firewallName.state === 'literal' && name.value === firewallName.value;
}

function translatedTargets(
  resolver: DocumentResolver, index: NodeIndex, rule: Record<string, any>, backendPort: Known<number>, clusterPorts: readonly number[],
): Known<string>[] {
  const toClusterPort = !backendPort.known || clusterPorts.includes(backendPort.value);
  const address = resolver.read(rule.translated_address);
  if (address.state === 'unknown') {
    return toClusterPort ? [unknown(`translated_address of DNAT rule ${String(rule.name)}: ${address.reason}`)] : [];
  }
  if (address.state === 'absent') {
    return toClusterPort && rule.translated_fqdn !== undefined
      ? [unknown(`translated_fqdn ${JSON.stringify(rule.translated_fqdn)} of DNAT rule ${String(rule.name)} cannot be matched to a node`)]
      : [];
  }
  const parsed = AddressSet.tryParse(String(address.value));
  const nodes = parsed ? index.atAddresses(parsed) : [];
  if (nodes.length > 0) {
    return nodes.map(e => known(e.node.id));
  }
  return toClusterPort ? [unknown(`translated address ${String(address.value)} of DNAT rule ${String(rule.name)} is not a node the input fixes the address of`)] : [];
}

function readPorts(resolver: DocumentResolver, value: unknown): Known<PortSet> {
  const read = resolver.read(value);
  if (read.state !== 'literal') {
    return unknown(`destination_ports: ${read.state === 'unknown' ? read.reason : 'not set'}`);
  }
  try {
    return known(PortSet.parseList(asList(read.value).map(String)));
  } catch {
    return unknown(`destination_ports ${JSON.stringify(read.value)} are not ports`);
  }
}
