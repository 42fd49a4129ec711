/**
 * Public IPs on a node's IP configurations (any of them, not only the primary) and per instance of a
 * node scale set: entry points that forward every port to the node and keep the client's address
 * ("Public IP addresses enable Internet resources to communicate inbound to Azure resources", with no
 * address translation of the source: the NSGs of the NIC see the client,
 * https://learn.microsoft.com/azure/virtual-network/ip-services/public-ip-addresses).
 * A public IP on a VM that is not a node (a jump box in the cluster's subnet) is no entry point.
 */
import { linkedResource } from './links';
import { NodeIndex } from './nodes';
import { EntryPoint, known } from '../../../core/model/model';
import { PortSet } from '../../../core/net/port-set';
import { locationOf } from '../locations';
import { DocumentResolver } from '../resolver';
import { mergeBlocks } from '../terraform-document';

export const PUBLIC_IP_TYPE = 'azurerm_public_ip';

export function publicIpEntryPoints(resolver: DocumentResolver, index: NodeIndex): EntryPoint[] {
  const entries: EntryPoint[] = [];
  for (const { node, holder, ipConfiguration, scaleSet } of index.entries) {
    if (!ipConfiguration) {
      continue;
    }
    if (scaleSet) {
      // `public_ip_address` (azurerm_*_virtual_machine_scale_set), `public_ip_address_configuration` (the legacy resource).
      const block = ipConfiguration.public_ip_address ?? ipConfiguration.public_ip_address_configuration;
      const publicIp = mergeBlocks(block);
      if (block === undefined || block === null || (Array.isArray(block) && block.length === 0)) {
        continue;
      }
      entries.push({
        id: `${node.id}#public-ip`,
        kind: 'public-ip',
        name: `public IP configuration ${JSON.stringify(publicIp.name ?? 'public_ip_address')} on every instance of ${holder.address}`,
        location: locationOf(holder, resolver.document),
        forwards: [{ name: 'public IP (every port)', frontendPorts: known(PortSet.all()), targets: [known(node.id)], preservesClientAddress: true }],
      });
      continue;
    }
    const value = ipConfiguration.public_ip_address_id;
    if (value === undefined || value === null || value === '') {
      continue;
    }
    const publicIp = linkedResource(resolver, value, [PUBLIC_IP_TYPE]);
    const address = publicIp ? resolver.read(publicIp.values.ip_address) : undefined;
    const shown = publicIp
      ? `${publicIp.address}${address?.state === 'literal' ? ` (${String(address.value)})` : ''}`
      : JSON.stringify(value);
    entries.push({
      id: `${node.id}#public-ip`,
      kind: 'public-ip',
      name: `public IP ${shown} on ${node.name}`,
      // Named at the NIC: that is where the address is attached (and where to remove it).
      location: locationOf(holder, resolver.document),
      forwards: [{ name: 'public IP (every port)', frontendPorts: known(PortSet.all()), targets: [known(node.id)], preservesClientAddress: true }],
    });
  }
  return entries;
}
