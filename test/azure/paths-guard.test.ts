/**
 * Paths through the cdktf guard: SecureElasticsearchCluster (nodes at fixed private addresses behind a
 * subnet NSG that admits the VNet and denies the Internet) composed with public front ends, in a real
 * cdktf app whose `app.synth()` runs the guard. A proxy in front of the nodes fails synthesis; a
 * pass-through load balancer whose traffic the NSG refuses does not.
 */
import { ApplicationGateway } from '@cdktf/provider-azurerm/lib/application-gateway';
import { Firewall } from '@cdktf/provider-azurerm/lib/firewall';
import { FirewallNatRuleCollection } from '@cdktf/provider-azurerm/lib/firewall-nat-rule-collection';
import { Lb } from '@cdktf/provider-azurerm/lib/lb';
import { LbBackendAddressPool } from '@cdktf/provider-azurerm/lib/lb-backend-address-pool';
import { LbBackendAddressPoolAddress } from '@cdktf/provider-azurerm/lib/lb-backend-address-pool-address';
import { LbRule } from '@cdktf/provider-azurerm/lib/lb-rule';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { PublicIp } from '@cdktf/provider-azurerm/lib/public-ip';
import { Subnet } from '@cdktf/provider-azurerm/lib/subnet';
import { VirtualNetwork } from '@cdktf/provider-azurerm/lib/virtual-network';
import { App, TerraformStack, Testing } from 'cdktf';
import { openInternetRule } from './nsg-rules';
import { SearchGuardrails, SecureElasticsearchCluster } from '../../src/azure';
import { terraformJsonToDocument, terraformToModel } from '../../src/formats/terraform';

const common = { location: 'westeurope', resourceGroupName: 'search-rg' };

function clusterStack(id: string): { app: App; stack: TerraformStack; cluster: SecureElasticsearchCluster; edge: Subnet; vnet: VirtualNetwork } {
  const app = Testing.app();
  SearchGuardrails.enforce(app);
  const stack = new TerraformStack(app, id);
  new AzurermProvider(stack, 'azurerm', { features: [{}] });
  const cluster = new SecureElasticsearchCluster(stack, 'es', common);
  const vnet = new VirtualNetwork(stack, 'edge-vnet', { ...common, name: 'edge', addressSpace: ['10.50.0.0/16'] });
  const edge = new Subnet(stack, 'edge', { name: 'AzureFirewallSubnet', resourceGroupName: 'search-rg', virtualNetworkName: vnet.name, addressPrefixes: ['10.50.1.0/24'] });
  return { app, stack, cluster, edge, vnet };
}

function synthError(app: App): string | undefined {
  try {
    app.synth();
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

describe('SearchGuardrails on paths to SecureElasticsearchCluster', () => {
  test('a cluster in an existing subnet (subnetId) passes: that subnet\'s NSG is unknown, but each NIC\'s own NSG refuses the Internet', () => {
    const app = Testing.app();
    SearchGuardrails.enforce(app);
    const stack = new TerraformStack(app, 'existing');
    new AzurermProvider(stack, 'azurerm', { features: [{}] });
    new SecureElasticsearchCluster(stack, 'es', {
      ...common,
      subnetId: '/subscriptions/0000/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/hub/subnets/search',
      subnetAddressPrefix: '10.60.1.0/24',
    });
    // The subnet is not in the input (its NSG is unknown); the construct puts its NSG on every NIC.
    const model = terraformToModel([terraformJsonToDocument(JSON.parse(Testing.synth(stack)), { stack: 'existing' })]);
    expect(model.nodes!.length).toBeGreaterThan(0);
    for (const node of model.nodes!) {
      expect(node.filters.map(s => [s.description, s.firewalls.every(f => f.known)])).toEqual([['subnet NSG', false], ['NIC NSG', true]]);
    }
    expect(synthError(app)).toBeUndefined();
  });

  test('an Application Gateway whose backend pool holds the node addresses fails synthesis with public-endpoint at the gateway', () => {
    const { app, stack, cluster, edge } = clusterStack('appgw');
    const ip = new PublicIp(stack, 'appgw-ip', { ...common, name: 'appgw-ip', allocationMethod: 'Static', sku: 'Standard' });
    new ApplicationGateway(stack, 'appgw', {
      ...common,
      name: 'appgw',
      sku: { name: 'Standard_v2', tier: 'Standard_v2', capacity: 1 },
      gatewayIpConfiguration: [{ name: 'gw', subnetId: edge.id }],
      frontendIpConfiguration: [{ name: 'public', publicIpAddressId: ip.id }],
      frontendPort: [{ name: 'https', port: 443 }],
      backendAddressPool: [{ name: 'es', ipAddresses: cluster.nodeAddresses }],
      backendHttpSettings: [{ name: 'es', port: 9200, protocol: 'Https', cookieBasedAffinity: 'Disabled' }],
      httpListener: [{ name: 'https', frontendIpConfigurationName: 'public', frontendPortName: 'https', protocol: 'Https', sslCertificateName: 'cert' }],
      requestRoutingRule: [{ name: 'es', ruleType: 'Basic', httpListenerName: 'https', backendAddressPoolName: 'es', backendHttpSettingsName: 'es', priority: 10 }],
    });
    expect(synthError(app)).toMatch(/\[appgw\/appgw\] public-endpoint: application gateway/);
  });

  test('an Azure Firewall DNAT rule translating to a node address on 9200 fails synthesis with public-endpoint at the rule collection', () => {
    const { app, stack, cluster, edge } = clusterStack('dnat');
    const ip = new PublicIp(stack, 'fw-ip', { ...common, name: 'fw-ip', allocationMethod: 'Static', sku: 'Standard' });
    const firewall = new Firewall(stack, 'fw', {
      ...common,
      name: 'fw',
      skuName: 'AZFW_VNet',
      skuTier: 'Standard',
      ipConfiguration: [{ name: 'ip', subnetId: edge.id, publicIpAddressId: ip.id }],
    });
    new FirewallNatRuleCollection(stack, 'nat', {
      name: 'nat',
      azureFirewallName: firewall.name,
      resourceGroupName: 'search-rg',
      priority: 100,
      action: 'Dnat',
      rule: [{ name: 'es', protocols: ['TCP'], sourceAddresses: ['*'], destinationAddresses: ['20.9.9.9'], destinationPorts: ['443'], translatedAddress: cluster.nodeAddresses[0], translatedPort: '9200' }],
    });
    expect(synthError(app)).toMatch(/\[dnat\/nat\] public-endpoint/);
  });

  function publicLoadBalancer(id: string): { app: App; stack: TerraformStack; cluster: SecureElasticsearchCluster } {
    const { app, stack, cluster, vnet } = clusterStack(id);
    const ip = new PublicIp(stack, 'lb-ip', { ...common, name: 'lb-ip', allocationMethod: 'Static', sku: 'Standard' });
    const lb = new Lb(stack, 'public-lb', { ...common, name: 'public-lb', sku: 'Standard', frontendIpConfiguration: [{ name: 'fe', publicIpAddressId: ip.id }] });
    const pool = new LbBackendAddressPool(stack, 'pool', { name: 'pool', loadbalancerId: lb.id });
    cluster.nodeAddresses.forEach((address, i) => new LbBackendAddressPoolAddress(stack, `node-${i}`, {
      name: `node-${i}`, backendAddressPoolId: pool.id, ipAddress: address, virtualNetworkId: vnet.id,
    }));
    new LbRule(stack, 'es-rule', { name: 'es', loadbalancerId: lb.id, protocol: 'Tcp', frontendPort: 9200, backendPort: 9200, frontendIpConfigurationName: 'fe', backendAddressPoolIds: [pool.id] });
    return { app, stack, cluster };
  }

  test('a public load balancer forwarding 9200 to the node addresses passes: it keeps the client address and the NSG refuses the Internet', () => {
    expect(synthError(publicLoadBalancer('lb').app)).toBeUndefined();
  });

  test('the same load balancer with an NSG rule admitting the Internet on 9200 fails with public-endpoint at the load-balancing rule', () => {
    const { app, stack, cluster } = publicLoadBalancer('lb-open');
    openInternetRule(stack, cluster.networkSecurityGroup.name, 'search-rg');
    expect(synthError(app)).toMatch(/\[lb-open\/es-rule\] public-endpoint/);
  });
});
