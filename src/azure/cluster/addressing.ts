/**
 * Static private addresses inside the cluster subnet, and the default subnets inside the address
 * space. Azure reserves the first four addresses and the last one of every subnet:
 * https://learn.microsoft.com/azure/virtual-network/virtual-networks-faq#are-there-any-restrictions-on-using-ip-addresses-within-these-subnets
 */
import { clusterPropsError } from './errors';

/** Offsets inside the subnet. */
export const LOAD_BALANCER_OFFSET = 4;
export const KEY_VAULT_ENDPOINT_OFFSET = 5;
export const FIRST_NODE_OFFSET = 10;

/** Azure Bastion needs an `AzureBastionSubnet` of /26 or larger: https://learn.microsoft.com/azure/bastion/configuration-settings#subnet */
export const BASTION_SUBNET_PREFIX_LENGTH = 26;
const NODE_SUBNET_PREFIX_LENGTH = 24;

/** A literal IPv4 subnet, parsed. */
export interface Ipv4Subnet {
  readonly cidr: string;
  readonly base: number;
  readonly size: number;
}

export function parseIpv4Subnet(cidr: string, prop: string): Ipv4Subnet {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr.trim());
  const octets = match ? match.slice(1, 5).map(Number) : [];
  const prefix = match ? Number(match[5]) : -1;
  if (!match || octets.some(o => o > 255) || prefix < 8 || prefix > 29) {
    throw clusterPropsError(prop, cidr, 'is not an IPv4 CIDR between /8 and /29', 'Use a literal such as 10.42.1.0/24');
  }
  const size = 2 ** (32 - prefix);
  const value = octets.reduce((acc, o) => acc * 256 + o, 0);
  return { cidr: cidr.trim(), base: value - (value % size), size };
}

/** The address at `offset` in the subnet. @throws when the subnet is too small. */
export function addressAt(subnet: Ipv4Subnet, offset: number, prop: string): string {
  if (offset >= subnet.size - 1) {
    throw clusterPropsError(prop, subnet.cidr, `has no room for address offset ${offset}`, 'Use a larger subnet (a /26 or larger holds 50 nodes)');
  }
  return formatAddress(subnet.base + offset);
}

/** Whether `inner` lies inside `outer`. */
export function contains(outer: Ipv4Subnet, inner: Ipv4Subnet): boolean {
  return inner.base >= outer.base && inner.base + inner.size <= outer.base + outer.size;
}

export function overlaps(a: Ipv4Subnet, b: Ipv4Subnet): boolean {
  return a.base < b.base + b.size && b.base < a.base + a.size;
}

/**
 * The default node subnet (the second /24 of the space) and Bastion subnet (the first /26 of its
 * last /24): `10.42.0.0/16` gives `10.42.1.0/24` and `10.42.255.0/26`; the first /24 is left for
 * the user's own subnets.
 */
export function defaultSubnets(space: Ipv4Subnet): { nodes: string; bastion: string } {
  if (space.size < 4 * 256) {
    throw clusterPropsError('addressSpace', space.cidr, 'is smaller than a /22, which the default subnets need',
      'Use a /22 or larger address space, or pass subnetAddressPrefix (and bastionSubnetAddressPrefix) inside it');
  }
  const nodes = `${formatAddress(space.base + 256)}/${NODE_SUBNET_PREFIX_LENGTH}`;
  const bastion = `${formatAddress(space.base + space.size - 256)}/${BASTION_SUBNET_PREFIX_LENGTH}`;
  return { nodes, bastion };
}

function formatAddress(value: number): string {
  return [24, 16, 8, 0].map(shift => Math.floor(value / 2 ** shift) % 256).join('.');
}
