/**
 * Azure Application Gateways with a public frontend as entry points: listener -> request routing rule
 * (or URL path map) -> backend pool -> nodes (NIC pool association, scale set pool ids, backend
 * addresses by IP). The gateway is a proxy: "the application gateway ... sends the request to the
 * backend ... from its private IP address" and passes the client in `X-Forwarded-For`
 * (https://learn.microsoft.com/azure/application-gateway/how-application-gateway-works), so the node
 * sees the gateway's subnet, which an NSG admitting `VirtualNetwork` lets through.
 */
import { asList, blocks, linkedResource, NetworkSecurityLinks, readListenerPort, SUBNET_TYPE, subnetPrefixes } from './links';
import { NodeEntry, NodeIndex } from './nodes';
import { EntryPoint, Forward, Known, known, ProxySource, resourceKey, unknown } from '../../../core/model/model';
import { AddressSet } from '../../../core/net/address-set';
import { PortSet } from '../../../core/net/port-set';
import { locationOf } from '../locations';
import { DocumentResolver } from '../resolver';
import { TerraformResourceInput } from '../terraform-document';

export const APPLICATION_GATEWAY_TYPE = 'azurerm_application_gateway';
const POOL_ASSOCIATION = 'azurerm_network_interface_application_gateway_backend_address_pool_association';

export function applicationGatewayEntryPoints(
  resolver: DocumentResolver, index: NodeIndex, clusterPorts: readonly number[], links: NetworkSecurityLinks = new NetworkSecurityLinks(resolver),
): EntryPoint[] {
  const entries: EntryPoint[] = [];
  const gateways = resolver.ofType(APPLICATION_GATEWAY_TYPE);
  const users = gatewayPoolUsers(resolver, index, gateways);
  for (const gateway of gateways) {
    const v = gateway.values;
    const byName = (list: unknown) => new Map(blocks(list).map(b => [String(b.name), b]));
    const frontends = byName(v.frontend_ip_configuration);
    const ports = byName(v.frontend_port);
    const pools = blocks(v.backend_address_pool);
    const settings = byName(v.backend_http_settings);
    const listeners = byName(v.http_listener);
    const pathMaps = byName(v.url_path_map);
    const proxySource = gatewaySource(resolver, gateway);
    const forwards: Forward[] = [];
    for (const rule of blocks(v.request_routing_rule)) {
      const listener = listeners.get(String(rule.http_listener_name));
      const frontend = listener && frontends.get(String(listener.frontend_ip_configuration_name));
      if (!listener || !frontend || asList(frontend.public_ip_address_id).length === 0) {
        continue; // a private listener is no entry from the internet
      }
      const frontendPort = readListenerPort(resolver, ports.get(String(listener.frontend_port_name))?.port, `frontend port of listener ${String(listener.name)}`);
      const routes: { pool: unknown; settings: unknown }[] = [{ pool: rule.backend_address_pool_name, settings: rule.backend_http_settings_name }];
      const pathMap = pathMaps.get(String(rule.url_path_map_name));
      if (pathMap) {
        routes.push({ pool: pathMap.default_backend_address_pool_name, settings: pathMap.default_backend_http_settings_name });
        blocks(pathMap.path_rule).forEach(p => routes.push({ pool: p.backend_address_pool_name, settings: p.backend_http_settings_name }));
      }
      for (const route of routes) {
        const poolIndex = pools.findIndex(p => p.name === route.pool);
        if (poolIndex < 0) {
          continue; // a redirect, or no pool
        }
        const backendPort = readListenerPort(resolver, settings.get(String(route.settings))?.port, `port of backend settings ${String(route.settings)}`);
        const targets = poolTargets(resolver, index, gateway, users.get(gateway), pools, poolIndex, backendPort, clusterPorts);
        if (targets.length === 0) {
          continue;
        }
        forwards.push({
          name: `listener ${String(listener.name)} (port ${frontendPort.known ? frontendPort.value : '?'}) -> rule ${String(rule.name)} -> pool ${String(route.pool)} (port ${backendPort.known ? backendPort.value : '?'})`,
          frontendPorts: frontendPort.known ? known(PortSet.of(frontendPort.value)) : frontendPort,
          backendPort,
          targets,
          preservesClientAddress: false,
          proxySource,
        });
      }
    }
    if (forwards.length === 0) {
      continue;
    }
    const location = locationOf(gateway, resolver.document);
    const subnetStage = links.subnetStage(blocks(v.gateway_ip_configuration)[0]?.subnet_id);
    const publicIp = blocks(v.frontend_ip_configuration).map(f => linkedResource(resolver, f.public_ip_address_id)).find(r => r !== undefined);
    const ipText = publicIp ? resolver.read(publicIp.values.ip_address) : undefined;
    entries.push({
      id: `${resourceKey(location)}#frontend`,
      kind: 'application-gateway',
      name: `application gateway ${gateway.address}${publicIp ? ` (public IP ${publicIp.address}${ipText?.state === 'literal' ? ` ${String(ipText.value)}` : ''})` : ''}`,
      location,
      filters: subnetStage.firewalls.length > 0 && subnetStage.firewalls.every(f => f.known) ? [{ ...subnetStage, description: "gateway subnet's NSG" }] : [],
      forwards,
    });
  }
  return entries;
}

/** The gateway's private addresses: the subnet of its `gateway_ip_configuration`. */
export function gatewaySource(resolver: DocumentResolver, gateway: TerraformResourceInput): ProxySource {
  const subnetId = blocks(gateway.values.gateway_ip_configuration)[0]?.subnet_id;
  return subnetSource(resolver, subnetId, 'the gateway subnet');
}

/** A proxy's source: the address prefixes of the subnet it sits in. */
export function subnetSource(resolver: DocumentResolver, subnetId: unknown, what: string): ProxySource {
  const subnet = linkedResource(resolver, subnetId, [SUBNET_TYPE]);
  if (!subnet) {
    return { text: what, addresses: unknown(`${what} (${JSON.stringify(subnetId)}) is not in the input`) };
  }
  const prefixes = subnetPrefixes(resolver, subnet);
  return { text: `${what} ${subnet.address}${prefixes.known ? ` (${prefixes.value.toString()})` : ''}`, addresses: prefixes };
}

function poolTargets(
  resolver: DocumentResolver, index: NodeIndex, gateway: TerraformResourceInput, users: GatewayPoolUsers | undefined,
  pools: Record<string, any>[], poolIndex: number, backendPort: Known<number>, clusterPorts: readonly number[],
): Known<string>[] {
  const pool = pools[poolIndex];
  const targets: Known<string>[] = [];
  const gatewayAddresses = resolver.referenceAddresses(gateway);
  const names = (value: unknown) => {
    const referenced = referencedPool(value, gateway, gatewayAddresses, pools);
    return referenced === poolIndex || referenced === ANY_POOL;
  };
  for (const association of users?.associations ?? []) {
    if (names(association.values.backend_address_pool_id)) {
      const nic = linkedResource(resolver, association.values.network_interface_id);
      index.onNic(nic, association.values.ip_configuration_name).forEach(e => targets.push(known(e.node.id)));
    }
  }
  for (const entry of users?.scaleSets ?? []) {
    if (entry.ipConfiguration && asList(entry.ipConfiguration.application_gateway_backend_address_pool_ids).some(names)) {
      targets.push(known(entry.node.id));
    }
  }
  const toClusterPort = !backendPort.known || clusterPorts.includes(backendPort.value);
  for (const ip of asList(pool.ip_addresses).map(String)) {
    const addresses = AddressSet.tryParse(ip);
    const nodes = addresses ? index.atAddresses(addresses) : [];
    nodes.forEach(e => targets.push(known(e.node.id)));
    if (nodes.length === 0 && toClusterPort) {
      targets.push(unknown(`backend address ${ip} of pool ${String(pool.name)} is not a node the input fixes the address of`));
    }
  }
  for (const fqdn of asList(pool.fqdns).map(String)) {
    if (toClusterPort) {
      targets.push(unknown(`backend FQDN ${fqdn} of pool ${String(pool.name)} cannot be matched to a node of the input`));
    }
  }
  const seen = new Set<string>();
  return targets.filter(t => {
    const key = t.known ? t.value : t.reason;
    return !seen.has(key) && seen.add(key) !== undefined;
  });
}

/**
 * Which pool of the gateway an association names: by a pool name in the expression, by index
 * (`tolist(...backend_address_pool)[1]`), or the only pool. undefined: another gateway or none.
 * `addresses` are the ones the document's expressions name the gateway by (in a module, without its prefix).
 */
const ANY_POOL = -1;

function referencedPool(
  value: unknown, gateway: TerraformResourceInput, addresses: readonly string[], pools: Record<string, any>[],
): number | undefined {
  if (typeof value !== 'string') {
    return undefined;
  }
  // A plan of deployed resources: `<gateway id>/backendAddressPools/<name>`.
  const gatewayId = typeof gateway.values.id === 'string' ? gateway.values.id.toLowerCase() : undefined;
  if (gatewayId && value.toLowerCase().startsWith(`${gatewayId}/backendaddresspools/`)) {
    const name = value.slice(gatewayId.length + '/backendAddressPools/'.length);
    const index = pools.findIndex(p => typeof p.name === 'string' && p.name.toLowerCase() === name.toLowerCase());
    return index >= 0 ? index : undefined;
  }
  if (!addresses.some(address => value.includes(`${address}${POOL_ATTRIBUTE}`))) {
    return undefined;
  }
  const named = pools.findIndex(p => typeof p.name === 'string' && value.includes(`"${p.name}"`));
  if (named >= 0) {
    return named;
  }
  if (pools.length === 1) {
    return 0;
  }
  const indexed = /backend_address_pool\)?\s*(?:\[(\d+)\]|\.(\d+))/.exec(value);
  // Cannot tell which pool: read it as every pool of the gateway (the widest reading).
  return indexed ? Number(indexed[1] ?? indexed[2]) : ANY_POOL;
}

/**
 * Whether a pool id names a backend pool of a gateway of the input, as `poolTargets` reads it (a
 * deployed id or a reference, `referencedPool`); anything else names a pool out of sight.
 */
export function namesGatewayPoolOfInput(resolver: DocumentResolver): (value: unknown) => boolean {
  const gateways = resolver.ofType(APPLICATION_GATEWAY_TYPE);
  const candidates = gatewayCandidates(resolver, gateways);
  return value => [...candidates(value)].some(gateway =>
    referencedPool(value, gateway, resolver.referenceAddresses(gateway), blocks(gateway.values.backend_address_pool)) !== undefined);
}

/** What may name a pool of one gateway: NIC pool associations and scale set entries, each in input order. */
interface GatewayPoolUsers {
  readonly associations: TerraformResourceInput[];
  readonly scaleSets: NodeEntry[];
}

/**
 * For each gateway, the NIC pool associations and scale set entries whose pool ids `referencedPool`
 * may read as one of its pools: the rest name no pool of it, so it need not look at them.
 */
function gatewayPoolUsers(
  resolver: DocumentResolver, index: NodeIndex, gateways: readonly TerraformResourceInput[],
): Map<TerraformResourceInput, GatewayPoolUsers> {
  const candidates = gatewayCandidates(resolver, gateways);
  const users = new Map<TerraformResourceInput, GatewayPoolUsers>(gateways.map(g => [g, { associations: [], scaleSets: [] }]));
  for (const association of resolver.ofType(POOL_ASSOCIATION)) {
    for (const gateway of candidates(association.values.backend_address_pool_id)) {
      users.get(gateway)!.associations.push(association);
    }
  }
  for (const entry of index.scaleSets) {
    const named = new Set<TerraformResourceInput>();
    if (entry.ipConfiguration) {
      asList(entry.ipConfiguration.application_gateway_backend_address_pool_ids).forEach(v => candidates(v).forEach(g => named.add(g)));
    }
    named.forEach(gateway => users.get(gateway)!.scaleSets.push(entry));
  }
  return users;
}

/**
 * The gateways a pool id may belong to, by the two readings of `referencedPool`: a deployed id that
 * starts with `<gateway id>/backendAddressPools/` (any letter case), or an expression that holds
 * `<gateway address>.backend_address_pool` (either address `referenceAddresses` gives). Every other
 * gateway is certain to read it as none of its pools.
 */
function gatewayCandidates(resolver: DocumentResolver, gateways: readonly TerraformResourceInput[]): (value: unknown) => Set<TerraformResourceInput> {
  const byAddress = new Map<string, TerraformResourceInput[]>();
  const byId = new Map<string, TerraformResourceInput[]>();
  const add = (map: Map<string, TerraformResourceInput[]>, key: string, gateway: TerraformResourceInput) => {
    const list = map.get(key);
    if (list) {
      list.push(gateway);
    } else {
      map.set(key, [gateway]);
    }
  };
  for (const gateway of gateways) {
    resolver.referenceAddresses(gateway).forEach(address => add(byAddress, address, gateway));
    if (typeof gateway.values.id === 'string') {
      add(byId, gateway.values.id.toLowerCase(), gateway);
    }
  }
  const addressLengths = [...new Set([...byAddress.keys()].map(a => a.length))];
  return value => {
    const found = new Set<TerraformResourceInput>();
    if (typeof value !== 'string') {
      return found;
    }
    const lower = value.toLowerCase();
    for (let at = lower.indexOf(POOLS_SEGMENT); at >= 0; at = lower.indexOf(POOLS_SEGMENT, at + 1)) {
      byId.get(lower.slice(0, at))?.forEach(g => found.add(g));
    }
    for (let at = value.indexOf(POOL_ATTRIBUTE); at >= 0; at = value.indexOf(POOL_ATTRIBUTE, at + 1)) {
      for (const length of addressLengths) {
        // Not `data.azurerm_application_gateway.<name>`: a data source reads a gateway out of sight.
        if (length <= at && !value.endsWith('data.', at - length)) {
          byAddress.get(value.slice(at - length, at))?.forEach(g => found.add(g));
        }
      }
    }
    return found;
  };
}

const POOLS_SEGMENT = '/backendaddresspools/';
const POOL_ATTRIBUTE = '.backend_address_pool';
