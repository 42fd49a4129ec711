/**
 * What an Azure service tag means for exposure (spec: "Public sources").
 * https://learn.microsoft.com/azure/virtual-network/service-tags-overview
 */

/** How a service tag is judged. */
export type ServiceTagClass =
  /** Every address: `*`, `Any`. */
  | 'any'
  /** The public internet: `Internet`. */
  | 'internet'
  /** Private only: `VirtualNetwork`, `AzureLoadBalancer`. */
  | 'private'
  /** Public ranges of a shared cloud whose extent is not in the input (`AzureCloud`, `Storage`, ...). */
  | 'broad-public';

const ANY_TAGS = new Set(['*', 'any']);
const INTERNET_TAGS = new Set(['internet']);
// Azure's own legacy aliases for these tags are accepted too (VIRTUAL_NETWORK, AZURE_LOADBALANCER).
const PRIVATE_TAGS = new Set(['virtualnetwork', 'azureloadbalancer', 'virtual_network', 'azure_loadbalancer']);

/** Classifies a service tag, case-insensitively (Azure matches tags case-insensitively). */
export function classifyServiceTag(tag: string): ServiceTagClass {
  const normalized = tag.trim().toLowerCase();
  if (ANY_TAGS.has(normalized)) return 'any';
  if (INTERNET_TAGS.has(normalized)) return 'internet';
  if (PRIVATE_TAGS.has(normalized)) return 'private';
  return 'broad-public';
}
