/**
 * Which Terraform resource types a translator reads, for the "no silent pass" summary: every other
 * type the input holds is listed in `unmodelledResourceTypes`, and an unmodelled AWS resource whose
 * type can open a path (`canOpenPath`) becomes an `opaque` entry (unverifiable-network).
 *
 * azurerm (and azapi) types are the azurerm translator's: it names its own opaque resources, so they
 * are listed as unmodelled here but never made opaque by this file.
 */
import { PATH_TYPES } from './aws/paths';
import { ELASTICSEARCH_DOMAIN, ELASTICSEARCH_DOMAIN_POLICY, OPENSEARCH_DOMAIN, OPENSEARCH_DOMAIN_POLICY } from './aws/domains';
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

/** azurerm types the azurerm translator reads today. */
export const AZURERM_MODELLED_TYPES: ReadonlySet<string> = new Set([
  'azurerm_network_security_group', 'azurerm_network_security_rule', 'azurerm_lb', 'azurerm_lb_nat_pool',
  'azurerm_lb_nat_rule', 'azurerm_lb_probe', 'azurerm_lb_rule', 'azurerm_linux_virtual_machine',
  'azurerm_linux_virtual_machine_scale_set', 'azurerm_network_interface', 'azurerm_network_interface_backend_address_pool_association',
  'azurerm_orchestrated_virtual_machine_scale_set', 'azurerm_virtual_machine', 'azurerm_virtual_machine_scale_set',
  'azurerm_windows_virtual_machine', 'azurerm_windows_virtual_machine_scale_set', 'azurerm_public_ip',
  'azurerm_subnet', 'azurerm_virtual_network', 'azurerm_resource_group',
]);

/** Whether the azurerm translator owns the type (it names its own opaque resources). */
export function isAzureType(type: string): boolean {
  return type.startsWith('azurerm_') || type.startsWith('azapi_');
}

export function isModelled(type: string): boolean {
  return AWS_MODELLED_TYPES.has(type) || AZURERM_MODELLED_TYPES.has(type);
}
