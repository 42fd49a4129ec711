/**
 * Network security rules as the Azure tests write them.
 */
import { NetworkSecurityGroupSecurityRule } from '@cdktf/provider-azurerm/lib/network-security-group';
import { NetworkSecurityRule } from '@cdktf/provider-azurerm/lib/network-security-rule';
import { Construct } from 'constructs';

/** An inline rule admitting VirtualNetwork to 9200, with any field overridden. */
export const rule = (overrides: Partial<NetworkSecurityGroupSecurityRule> = {}): NetworkSecurityGroupSecurityRule => ({
  name: 'clients',
  priority: 100,
  direction: 'Inbound',
  access: 'Allow',
  protocol: 'Tcp',
  sourcePortRange: '*',
  destinationPortRange: '9200',
  sourceAddressPrefix: 'VirtualNetwork',
  destinationAddressPrefix: '*',
  ...overrides,
});

/** The change from 2019: a standalone rule admitting Internet to 9200 on an NSG. */
export function openInternetRule(scope: Construct, networkSecurityGroupName: string, resourceGroupName: string, id = 'open'): NetworkSecurityRule {
  return new NetworkSecurityRule(scope, id, {
    name: id,
    priority: 90,
    direction: 'Inbound',
    access: 'Allow',
    protocol: 'Tcp',
    sourcePortRange: '*',
    destinationPortRange: '9200',
    sourceAddressPrefix: 'Internet',
    destinationAddressPrefix: '*',
    resourceGroupName,
    networkSecurityGroupName,
  });
}
