/**
 * The change from 2019, as tests write it: a standalone rule admitting Internet to 9200 on an NSG.
 */
import { NetworkSecurityRule } from '@cdktf/provider-azurerm/lib/network-security-rule';
import { Construct } from 'constructs';

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
