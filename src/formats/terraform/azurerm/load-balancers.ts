/**
 * Public Azure load balancers as entry points: each load-balancing rule (frontend port -> backend
 * port, HA ports), inbound NAT rule (one port, or a port range to a backend pool) and NAT pool (a port
 * range to scale set instances) is a forward to the nodes in its backend.
 * Azure Load Balancer is pass-through: "Load Balancer doesn't terminate TCP ... the flow is always
 * between the client and the VM's guest OS", so the client's address reaches the node's NSGs
 * (https://learn.microsoft.com/azure/load-balancer/load-balancer-faqs, "Does Load Balancer terminate TCP").
 * HA ports: protocol `All` with frontend and backend port 0 forwards every port
 * (https://learn.microsoft.com/azure/load-balancer/load-balancer-ha-ports-overview).
 */
import { asList, blocks, linkedResource, resourcesByLink } from './links';
import { NodeIndex } from './nodes';
import { EntryPoint, Forward, Known, known, resourceKey, unknown } from '../../../core/model/model';
import { AddressSet } from '../../../core/net/address-set';
import { PortSet } from '../../../core/net/port-set';
import { locationOf } from '../locations';
import { DocumentResolver } from '../resolver';
import { TerraformResourceInput } from '../terraform-document';

export const LB_TYPE = 'azurerm_lb';
export const POOL_TYPE = 'azurerm_lb_backend_address_pool';
export const NAT_RULE_TYPE = 'azurerm_lb_nat_rule';
export const NAT_POOL_TYPE = 'azurerm_lb_nat_pool';

/** Public load balancers of the document with at least one forward to a node (known or not). */
export function loadBalancerEntryPoints(resolver: DocumentResolver, index: NodeIndex): EntryPoint[] {
  const entries: EntryPoint[] = [];
  for (const lb of publicLoadBalancers(resolver)) {
    const forwards: Forward[] = [];
    const ofLoadBalancer = (type: string) => resourcesByLink(resolver, type, 'loadbalancer_id', [LB_TYPE]).get(lb) ?? [];
    for (const rule of ofLoadBalancer('azurerm_lb_rule')) {
      const pools = [...asList(rule.values.backend_address_pool_ids), ...asList(rule.values.backend_address_pool_id)];
      forwards.push(...forward(resolver, rule, `load-balancing rule ${ruleName(resolver, rule)}`, poolsTargets(resolver, index, pools)));
    }
    for (const rule of ofLoadBalancer('azurerm_lb_nat_rule')) {
      const targets = rule.values.backend_address_pool_id !== undefined
        ? poolsTargets(resolver, index, [rule.values.backend_address_pool_id])
        : natRuleTargets(resolver, index, rule);
      forwards.push(...forward(resolver, rule, `inbound NAT rule ${ruleName(resolver, rule)}`, targets));
    }
    for (const pool of ofLoadBalancer('azurerm_lb_nat_pool')) {
      forwards.push(...forward(resolver, pool, `inbound NAT pool ${ruleName(resolver, pool)}`, natRuleTargets(resolver, index, pool)));
    }
    if (forwards.length === 0) {
      continue;
    }
    const location = locationOf(lb, resolver.document);
    entries.push({ id: `${resourceKey(location)}#frontend`, kind: 'load-balancer', name: `public load balancer ${lb.address}`, location, forwards });
  }
  return entries;
}

/** Load balancers with a public frontend (`public_ip_address_id` or `public_ip_prefix_id`). */
export function publicLoadBalancers(resolver: DocumentResolver): TerraformResourceInput[] {
  return resolver.ofType(LB_TYPE).filter(lb => blocks(lb.values.frontend_ip_configuration)
    .some(f => asList(f.public_ip_address_id).length > 0 || asList(f.public_ip_prefix_id).length > 0));
}

function ruleName(resolver: DocumentResolver, rule: TerraformResourceInput): string {
  const name = resolver.read(rule.values.name);
  return name.state === 'literal' ? `${String(name.value)} (${rule.address})` : rule.address;
}

/** One forward of a rule, NAT rule or NAT pool; none for UDP (no cluster port) or without targets. */
function forward(resolver: DocumentResolver, rule: TerraformResourceInput, name: string, targets: Known<string>[]): Forward[] {
  if (targets.length === 0) {
    return [];
  }
  const protocol = resolver.read(rule.values.protocol);
  if (protocol.state === 'literal' && String(protocol.value).toLowerCase() === 'udp') {
    return [];
  }
  const v = rule.values;
  const location = locationOf(rule, resolver.document);
  const frontendPort = readPort(resolver, v.frontend_port, 'frontend_port');
  const backendPort = readPort(resolver, v.backend_port, 'backend_port');
  const haPorts = protocol.state === 'literal' && String(protocol.value).toLowerCase() === 'all'
    && frontendPort.known && frontendPort.value === 0 && backendPort.known && backendPort.value === 0;
  if (haPorts) {
    return [{ name: `${name} (HA ports)`, location, frontendPorts: known(PortSet.all()), targets, preservesClientAddress: true }];
  }
  let frontendPorts: Known<PortSet>;
  if (v.frontend_port_start !== undefined || v.frontend_port_end !== undefined) {
    const start = readPort(resolver, v.frontend_port_start, 'frontend_port_start');
    const end = readPort(resolver, v.frontend_port_end, 'frontend_port_end');
    frontendPorts = !start.known ? start : !end.known ? end : known(PortSet.range(start.value, end.value));
  } else {
    frontendPorts = frontendPort.known ? known(PortSet.of(frontendPort.value)) : frontendPort;
  }
  const shownFrontend = frontendPorts.known ? frontendPorts.value.toString() : '?';
  const shownBackend = backendPort.known ? String(backendPort.value) : '?';
  return [{
    name: `${name} (${shownFrontend} -> ${shownBackend})`,
    location,
    frontendPorts,
    backendPort,
    targets,
    preservesClientAddress: true,
  }];
}

function readPort(resolver: DocumentResolver, value: unknown, field: string): Known<number> {
  const read = resolver.read(value);
  if (read.state === 'unknown') {
    return unknown(`${field}: ${read.reason}`);
  }
  if (read.state === 'absent') {
    return unknown(`${field} is not set`);
  }
  const port = Number(read.value);
  return Number.isInteger(port) && port >= 0 && port <= 65535 ? known(port) : unknown(`${field} ${JSON.stringify(read.value)} is not a port`);
}

/** The nodes in any of these backend pools (NIC association, scale set pool ids, pool addresses by IP). */
export function poolsTargets(resolver: DocumentResolver, index: NodeIndex, poolValues: unknown[]): Known<string>[] {
  const targets: Known<string>[] = [];
  for (const value of poolValues) {
    const pool = linkedResource(resolver, value, [POOL_TYPE]);
    if (!pool) {
      targets.push(unknown(`backend pool ${JSON.stringify(value)} is not in the input, so what it forwards to cannot be known`));
      continue;
    }
    const inPool = (v: unknown) => linkedResource(resolver, v, [POOL_TYPE]) === pool;
    const associations = resourcesByLink(resolver, 'azurerm_network_interface_backend_address_pool_association', 'backend_address_pool_id', [POOL_TYPE]);
    for (const association of associations.get(pool) ?? []) {
      const nic = linkedResource(resolver, association.values.network_interface_id);
      index.onNic(nic, association.values.ip_configuration_name).forEach(e => targets.push(known(e.node.id)));
    }
    for (const entry of index.scaleSets) {
      if (entry.ipConfiguration && asList(entry.ipConfiguration.load_balancer_backend_address_pool_ids).some(inPool)) {
        targets.push(known(entry.node.id));
      }
    }
    for (const member of resourcesByLink(resolver, 'azurerm_lb_backend_address_pool_address', 'backend_address_pool_id', [POOL_TYPE]).get(pool) ?? []) {
      const ip = resolver.read(member.values.ip_address);
      const addresses = ip.state === 'literal' ? AddressSet.tryParse(String(ip.value)) : undefined;
      if (!addresses) {
        targets.push(unknown(`the address of ${member.address} is ${ip.state === 'unknown' ? ip.reason : 'not an IP address'}`));
        continue;
      }
      index.atAddresses(addresses).forEach(e => targets.push(known(e.node.id)));
    }
  }
  return dedupe(targets);
}

/** Nodes a NAT rule or NAT pool reaches: NIC NAT rule associations, scale set `load_balancer_inbound_nat_rules_ids`. */
function natRuleTargets(resolver: DocumentResolver, index: NodeIndex, rule: TerraformResourceInput): Known<string>[] {
  const targets: Known<string>[] = [];
  for (const association of resourcesByLink(resolver, 'azurerm_network_interface_nat_rule_association', 'nat_rule_id').get(rule) ?? []) {
    const nic = linkedResource(resolver, association.values.network_interface_id);
    index.onNic(nic, association.values.ip_configuration_name).forEach(e => targets.push(known(e.node.id)));
  }
  for (const entry of index.scaleSets) {
    if (entry.ipConfiguration
      && asList(entry.ipConfiguration.load_balancer_inbound_nat_rules_ids).some(v => linkedResource(resolver, v) === rule)) {
      targets.push(known(entry.node.id));
    }
  }
  return dedupe(targets);
}

function dedupe(targets: Known<string>[]): Known<string>[] {
  const seen = new Set<string>();
  return targets.filter(t => {
    const key = t.known ? `k:${t.value}` : `u:${t.reason}`;
    return !seen.has(key) && seen.add(key) !== undefined;
  });
}
