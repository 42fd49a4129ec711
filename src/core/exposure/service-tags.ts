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

/**
 * Classes by tag text as written: asked for every rule of every chain an arrival passes, and inputs
 * repeat a handful of tags (bounded: cleared when full, so memory stays flat on huge inputs).
 */
const CLASSIFIED = new Map<string, ServiceTagClass>();
const CLASSIFIED_LIMIT = 10_000;

/** Classifies a service tag, case-insensitively (Azure matches tags case-insensitively). */
export function classifyServiceTag(tag: string): ServiceTagClass {
  let tagClass = CLASSIFIED.get(tag);
  if (tagClass === undefined) {
    tagClass = classifyNormalized(tag.trim().toLowerCase());
    if (CLASSIFIED.size >= CLASSIFIED_LIMIT) CLASSIFIED.clear();
    CLASSIFIED.set(tag, tagClass);
  }
  return tagClass;
}

function classifyNormalized(normalized: string): ServiceTagClass {
  if (ANY_TAGS.has(normalized)) return 'any';
  if (INTERNET_TAGS.has(normalized)) return 'internet';
  if (PRIVATE_TAGS.has(normalized)) return 'private';
  return 'broad-public';
}
