/**
 * Which Terraform resource types a translator reads, for the "no silent pass" summary: every other
 * type the input holds is listed in `unmodelledResourceTypes`, and an unmodelled AWS resource whose
 * type can open a path (`canOpenPath`) becomes an `opaque` entry (unverifiable-network).
 * azurerm (and azapi) types are the azurerm translator's (`azurerm/modelled-types.ts`).
 */
import { ELASTICSEARCH_DOMAIN, ELASTICSEARCH_DOMAIN_POLICY, OPENSEARCH_DOMAIN, OPENSEARCH_DOMAIN_POLICY } from './aws/domains';
import { PATH_TYPES } from './aws/paths';
import { MANAGED_PREFIX_LIST, MANAGED_PREFIX_LIST_ENTRY, SECURITY_GROUP, SECURITY_GROUP_RULE, VPC_INGRESS_RULE } from './aws/security-groups';
import { SERVERLESS_ACCESS_POLICY, SERVERLESS_COLLECTION, SERVERLESS_SECURITY_POLICY } from './aws/serverless';

/** AWS provider types the AWS translator reads (networks are read where rules name their address space). */
export const AWS_MODELLED_TYPES: ReadonlySet<string> = new Set([
  SECURITY_GROUP, SECURITY_GROUP_RULE, VPC_INGRESS_RULE, MANAGED_PREFIX_LIST, MANAGED_PREFIX_LIST_ENTRY,
  OPENSEARCH_DOMAIN, ELASTICSEARCH_DOMAIN, OPENSEARCH_DOMAIN_POLICY, ELASTICSEARCH_DOMAIN_POLICY,
  SERVERLESS_COLLECTION, SERVERLESS_SECURITY_POLICY, SERVERLESS_ACCESS_POLICY,
  'aws_vpc', 'aws_subnet', 'aws_default_vpc', 'aws_default_subnet', 'aws_vpc_ipv4_cidr_block_association',
  // Egress never exposes (spec: "Rule evaluation"): read and ignored.
  'aws_vpc_security_group_egress_rule',
  ...PATH_TYPES,
]);

/** Whether the azurerm translator owns the type (it lists its own unmodelled types and opaque resources). */
export function isAzureType(type: string): boolean {
  return type.startsWith('azurerm_') || type.startsWith('azapi_');
}

export function isAwsModelled(type: string): boolean {
  return AWS_MODELLED_TYPES.has(type);
}
