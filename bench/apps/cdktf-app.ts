/* eslint-disable @typescript-eslint/no-require-imports -- modules are required inside the timed sections on purpose */
/**
 * The generated CDK for Terraform app of the benchmark: one stack with `networkSecurityGroups`
 * NSGs, each with `rulesPerGroup` standalone `azurerm_network_security_rule` resources that admit
 * only private sources (VirtualNetwork, RFC 1918) to the cluster ports, so nothing is exposed.
 *
 * Standalone rules (not inline blocks): the guard must match each rule to its NSG through the
 * `${azurerm_network_security_group.<name>.name}` reference, the more demanding shape.
 */
import type { App } from 'cdktf';

export interface CdktfAppShape {
  readonly networkSecurityGroups: number;
  readonly rulesPerGroup: number;
  /** One rule of the first NSG admits the Internet on 9200 (the guard must fail). */
  readonly openRule?: boolean;
}

/** 1x: 50 NSGs x 40 rules (2,000 rules). */
export function cdktfShape(scale: number): CdktfAppShape {
  return { networkSecurityGroups: Math.max(1, Math.round(50 * scale)), rulesPerGroup: 40 };
}

const PRIVATE_SOURCES = ['VirtualNetwork', '10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'];
const CLUSTER_PORTS = ['9200', '9300', '5601', '9200-9300'];

export function buildCdktfApp(app: App, shape: CdktfAppShape): void {
  const cdktf: typeof import('cdktf') = require('cdktf');
  const { AzurermProvider }: typeof import('@cdktf/provider-azurerm/lib/provider') = require('@cdktf/provider-azurerm/lib/provider');
  const { ResourceGroup }: typeof import('@cdktf/provider-azurerm/lib/resource-group') = require('@cdktf/provider-azurerm/lib/resource-group');
  const { NetworkSecurityGroup }: typeof import('@cdktf/provider-azurerm/lib/network-security-group') = require('@cdktf/provider-azurerm/lib/network-security-group');
  const { NetworkSecurityRule }: typeof import('@cdktf/provider-azurerm/lib/network-security-rule') = require('@cdktf/provider-azurerm/lib/network-security-rule');

  const stack = new cdktf.TerraformStack(app, 'search');
  new AzurermProvider(stack, 'azurerm', { features: [{}] });
  const group = new ResourceGroup(stack, 'rg', { name: 'search-rg', location: 'westeurope' });
  for (let n = 0; n < shape.networkSecurityGroups; n++) {
    const nsg = new NetworkSecurityGroup(stack, `nsg${n}`, {
      name: `search-nsg-${n}`,
      location: group.location,
      resourceGroupName: group.name,
    });
    for (let r = 0; r < shape.rulesPerGroup; r++) {
      const open = shape.openRule && n === 0 && r === 0;
      new NetworkSecurityRule(stack, `nsg${n}-rule${r}`, {
        name: `clients-${r}`,
        priority: 100 + r * 10,
        direction: 'Inbound',
        access: 'Allow',
        protocol: 'Tcp',
        sourcePortRange: '*',
        destinationPortRange: CLUSTER_PORTS[r % CLUSTER_PORTS.length],
        sourceAddressPrefix: open ? 'Internet' : PRIVATE_SOURCES[r % PRIVATE_SOURCES.length],
        destinationAddressPrefix: '*',
        resourceGroupName: group.name,
        networkSecurityGroupName: nsg.name,
      });
    }
  }
}
