/**
 * Azure Firewall DNAT rules as entry points: a `nat_rule_collection` of a firewall policy's rule
 * collection group, or a classic `azurerm_firewall_nat_rule_collection`, whose translated address is a
 * node. The firewall is a proxy for these: "inbound DNAT ... the firewall also applies SNAT", so the
 * node sees a private address of the firewall's subnet
 * (https://learn.microsoft.com/azure/firewall/features#inbound-dnat-support,
 * https://learn.microsoft.com/azure/firewall/integrate-lb#asymmetric-routing).
 */
import { subnetSource } from './application-gateways';
import { asList, blocks, linkedResource, sameTarget } from './links';
import { NodeIndex } from './nodes';
import { locationOf } from '../locations';
import { DocumentResolver } from '../resolver';
import { TerraformResourceInput } from '../terraform-document';
import { EntryPoint, Forward, Known, known, ResourceLocation, resourceKey, unknown } from '../../../core/model/model';
import { AddressSet } from '../../../core/net/address-set';
import { PortSet } from '../../../core/net/port-set';

export const FIREWALL_TYPE = 'azurerm_firewall';

export function firewallDnatEntryPoints(resolver: DocumentResolver, index: NodeIndex, clusterPorts: readonly number[]): EntryPoint[] {
  const entries: EntryPoint[] = [];
  for (const firewall of resolver.ofType(FIREWALL_TYPE)) {
    const configurations = blocks(firewall.values.ip_configuration);
    const proxySource = subnetSource(resolver, configurations[0]?.subnet_id, `the subnet of ${firewall.address}`);
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
      const backendPort = readPort(resolver, rule.translated_port, 'translated_port');
      const targets = translatedTargets(resolver, index, rule, backendPort, clusterPorts);
      if (targets.length === 0) {
        continue;
      }
      const frontendPorts = readPorts(resolver, rule.destination_ports);
      forwards.push({
        name: `DNAT rule ${String(rule.name)} of ${collection} (${frontendPorts.known ? frontendPorts.value.toString() : '?'} -> ${String(rule.translated_address ?? rule.translated_fqdn)}:${backendPort.known ? backendPort.value : '?'})`,
        location,
        frontendPorts,
        backendPort,
        targets,
        preservesClientAddress: false,
        proxySource,
      });
    }
    if (forwards.length > 0) {
      const location = locationOf(firewall, resolver.document);
      entries.push({ id: `${resourceKey(location)}#dnat`, kind: 'firewall-dnat', name: `Azure Firewall ${firewall.address}`, location, forwards });
    }
  }
  return entries;
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

function readPort(resolver: DocumentResolver, value: unknown, what: string): Known<number> {
  const read = resolver.read(value);
  if (read.state !== 'literal') {
    return unknown(`${what}: ${read.state === 'unknown' ? read.reason : 'not set'}`);
  }
  const port = Number(read.value);
  return Number.isInteger(port) && port > 0 && port <= 65535 ? known(port) : unknown(`${what} ${JSON.stringify(read.value)} is not a port`);
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
