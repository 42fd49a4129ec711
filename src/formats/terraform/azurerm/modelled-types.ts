/**
 * The azurerm / azapi resource types the Terraform translator reads, so that the others can be listed
 * as `unmodelledResourceTypes` (spec: "A scan never reports "no findings" for an input it could not
 * understand: it says what it skipped"). `canOpenPath` in `src/core/model/path-types.ts` decides which
 * of those keep a scan from being clean.
 */
import { APPLICATION_GATEWAY_TYPE } from './application-gateways';
import { FIREWALL_TYPE } from './firewall-dnat';
import { NIC_TYPE, NSG_TYPE, SUBNET_TYPE, VNET_TYPE } from './links';
import { LB_TYPE } from './load-balancers';
import { SCALE_SET_TYPES, VM_TYPES } from './nodes';
import { PUBLIC_IP_TYPE } from './public-ips';
import { DocumentResolver } from '../resolver';

export const MODELLED_AZURE_TYPES: ReadonlySet<string> = new Set([
  ...VM_TYPES, ...SCALE_SET_TYPES, NIC_TYPE, NSG_TYPE, SUBNET_TYPE, VNET_TYPE, LB_TYPE, PUBLIC_IP_TYPE,
  APPLICATION_GATEWAY_TYPE, FIREWALL_TYPE,
  'azurerm_network_security_rule',
  'azurerm_subnet_network_security_group_association', 'azurerm_network_interface_security_group_association',
  'azurerm_lb_backend_address_pool', 'azurerm_lb_backend_address_pool_address', 'azurerm_lb_rule', 'azurerm_lb_nat_rule',
  'azurerm_lb_nat_pool', 'azurerm_lb_probe', 'azurerm_lb_outbound_rule',
  'azurerm_network_interface_backend_address_pool_association', 'azurerm_network_interface_nat_rule_association',
  'azurerm_network_interface_application_gateway_backend_address_pool_association',
  'azurerm_application_security_group',
  'azurerm_firewall_policy', 'azurerm_firewall_policy_rule_collection_group', 'azurerm_firewall_nat_rule_collection',
  'azurerm_firewall_network_rule_collection', 'azurerm_firewall_application_rule_collection',
  'azurerm_resource_group_template_deployment', 'azurerm_subscription_template_deployment',
  'azurerm_management_group_template_deployment', 'azurerm_tenant_template_deployment', 'azurerm_template_deployment',
  'azapi_resource', 'azapi_update_resource',
]);

/** azurerm / azapi types of the document that the translator does not read, sorted. */
export function unmodelledAzureTypes(resolver: DocumentResolver): string[] {
  return resolver.resourceTypes().filter(type => /^(azurerm|azapi)_/.test(type) && !MODELLED_AZURE_TYPES.has(type)).sort();
}
