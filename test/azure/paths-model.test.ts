/**
 * What cdktf writes, as the path engine reads it: a real cdktf app (Testing.synth, no mocks) with the
 * azurerm resources that make paths to a node (Application Gateway, Azure Firewall DNAT, public load
 * balancer), boot data from `Fn.base64encode`, a partly-known rule and an ARM deployment; the
 * synthesized Terraform JSON goes through the same translator the guard and the scan use.
 */
import { ApplicationGateway } from '@cdktf/provider-azurerm/lib/application-gateway';
import { Firewall } from '@cdktf/provider-azurerm/lib/firewall';
import { FirewallPolicy } from '@cdktf/provider-azurerm/lib/firewall-policy';
import { FirewallPolicyRuleCollectionGroup } from '@cdktf/provider-azurerm/lib/firewall-policy-rule-collection-group';
import { Lb } from '@cdktf/provider-azurerm/lib/lb';
import { LbBackendAddressPool } from '@cdktf/provider-azurerm/lib/lb-backend-address-pool';
import { LbRule } from '@cdktf/provider-azurerm/lib/lb-rule';
import { LinuxVirtualMachine } from '@cdktf/provider-azurerm/lib/linux-virtual-machine';
import { NetworkInterface } from '@cdktf/provider-azurerm/lib/network-interface';
import { NetworkInterfaceApplicationGatewayBackendAddressPoolAssociation } from '@cdktf/provider-azurerm/lib/network-interface-application-gateway-backend-address-pool-association';
import { NetworkInterfaceBackendAddressPoolAssociation } from '@cdktf/provider-azurerm/lib/network-interface-backend-address-pool-association';
import { NetworkSecurityGroup } from '@cdktf/provider-azurerm/lib/network-security-group';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { PublicIp } from '@cdktf/provider-azurerm/lib/public-ip';
import { ResourceGroupTemplateDeployment } from '@cdktf/provider-azurerm/lib/resource-group-template-deployment';
import { Subnet } from '@cdktf/provider-azurerm/lib/subnet';
import { SubnetNetworkSecurityGroupAssociation } from '@cdktf/provider-azurerm/lib/subnet-network-security-group-association';
import { VirtualNetwork } from '@cdktf/provider-azurerm/lib/virtual-network';
import { Fn, TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { stringify as toYaml } from 'yaml';
import { EntryPoint, InfrastructureModel, resourceKey } from '../../src/core/model/model';
import { terraformJsonToDocument, terraformToModel } from '../../src/formats/terraform';

const common = { location: 'westeurope', resourceGroupName: 'search-rg' };
const cloudConfig = `#cloud-config\n${toYaml({
  packages: ['elasticsearch'],
  write_files: [{ path: '/etc/elasticsearch/elasticsearch.yml', content: 'xpack.security.enabled: true\nxpack.security.http.ssl.enabled: true\n' }],
})}`;

let model: InfrastructureModel;
let json: any;

beforeAll(() => {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'paths');
  new AzurermProvider(stack, 'azurerm', { features: [{}] });
  const vnet = new VirtualNetwork(stack, 'vnet', { ...common, name: 'vnet', addressSpace: ['10.0.0.0/16'] });
  const subnet = (id: string, prefix: string) => new Subnet(stack, id, {
    name: id, resourceGroupName: 'search-rg', virtualNetworkName: vnet.name, addressPrefixes: [prefix],
  });
  const es = subnet('es', '10.0.1.0/24');
  const gw = subnet('gw', '10.0.2.0/24');
  const fw = subnet('AzureFirewallSubnet', '10.0.3.0/26');

  const office = new TerraformVariable(stack, 'office', { type: 'string' });
  const nsg = new NetworkSecurityGroup(stack, 'es-nsg', {
    ...common,
    name: 'es-nsg',
    securityRule: [
      { name: 'vnet-9200', priority: 100, direction: 'Inbound', access: 'Allow', protocol: 'Tcp', sourcePortRange: '*', destinationPortRange: '9200', sourceAddressPrefix: 'VirtualNetwork', destinationAddressPrefix: '*' },
      { name: 'office-9300', priority: 110, direction: 'Inbound', access: 'Allow', protocol: 'Tcp', sourcePortRange: '*', destinationPortRanges: ['9300'], sourceAddressPrefixes: ['Internet', office.stringValue], destinationAddressPrefix: '*' },
      { name: 'from-vnet-space', priority: 120, direction: 'Inbound', access: 'Allow', protocol: 'Tcp', sourcePortRange: '*', destinationPortRange: '5601', sourceAddressPrefixes: vnet.addressSpace, destinationAddressPrefix: '*' },
    ],
  });
  new SubnetNetworkSecurityGroupAssociation(stack, 'es-nsg-association', { subnetId: es.id, networkSecurityGroupId: nsg.id });

  const nic = new NetworkInterface(stack, 'es0-nic', {
    ...common,
    name: 'es0-nic',
    ipConfiguration: [{ name: 'ip', subnetId: es.id, privateIpAddressAllocation: 'Static', privateIpAddress: '10.0.1.4' }],
  });
  new LinuxVirtualMachine(stack, 'es0', {
    ...common,
    name: 'es0',
    size: 'Standard_D4s_v5',
    adminUsername: 'azureuser',
    networkInterfaceIds: [nic.id],
    osDisk: { caching: 'ReadWrite', storageAccountType: 'Premium_LRS' },
    customData: Fn.base64encode(cloudConfig),
  });

  const gatewayIp = new PublicIp(stack, 'appgw-ip', { ...common, name: 'appgw-ip', allocationMethod: 'Static', sku: 'Standard' });
  const gateway = new ApplicationGateway(stack, 'appgw', {
    ...common,
    name: 'appgw',
    sku: { name: 'Standard_v2', tier: 'Standard_v2', capacity: 1 },
    gatewayIpConfiguration: [{ name: 'gw', subnetId: gw.id }],
    frontendIpConfiguration: [{ name: 'public', publicIpAddressId: gatewayIp.id }],
    frontendPort: [{ name: 'https', port: 443 }],
    backendAddressPool: [{ name: 'es' }],
    backendHttpSettings: [{ name: 'es', port: 9200, protocol: 'Https', cookieBasedAffinity: 'Disabled' }],
    httpListener: [{ name: 'https', frontendIpConfigurationName: 'public', frontendPortName: 'https', protocol: 'Https', sslCertificateName: 'cert' }],
    requestRoutingRule: [{ name: 'es', ruleType: 'Basic', httpListenerName: 'https', backendAddressPoolName: 'es', backendHttpSettingsName: 'es', priority: 10 }],
  });
  new NetworkInterfaceApplicationGatewayBackendAddressPoolAssociation(stack, 'es0-appgw', {
    networkInterfaceId: nic.id, ipConfigurationName: 'ip', backendAddressPoolId: gateway.backendAddressPool.get(0).id,
  });

  const policy = new FirewallPolicy(stack, 'policy', { ...common, name: 'policy' });
  const firewallIp = new PublicIp(stack, 'fw-ip', { ...common, name: 'fw-ip', allocationMethod: 'Static', sku: 'Standard' });
  new Firewall(stack, 'fw', {
    ...common,
    name: 'fw',
    skuName: 'AZFW_VNet',
    skuTier: 'Standard',
    firewallPolicyId: policy.id,
    ipConfiguration: [{ name: 'ip', subnetId: fw.id, publicIpAddressId: firewallIp.id }],
  });
  new FirewallPolicyRuleCollectionGroup(stack, 'dnat', {
    name: 'dnat',
    priority: 100,
    firewallPolicyId: policy.id,
    natRuleCollection: [{
      name: 'es',
      priority: 100,
      action: 'Dnat',
      rule: [{ name: 'es', protocols: ['TCP'], sourceAddresses: ['*'], destinationAddress: '20.9.9.9', destinationPorts: ['443'], translatedAddress: '10.0.1.4', translatedPort: 9200 }],
    }],
  });

  const lbIp = new PublicIp(stack, 'lb-ip', { ...common, name: 'lb-ip', allocationMethod: 'Static', sku: 'Standard' });
  const lb = new Lb(stack, 'lb', { ...common, name: 'lb', sku: 'Standard', frontendIpConfiguration: [{ name: 'fe', publicIpAddressId: lbIp.id }] });
  const pool = new LbBackendAddressPool(stack, 'pool', { name: 'pool', loadbalancerId: lb.id });
  new NetworkInterfaceBackendAddressPoolAssociation(stack, 'es0-pool', { networkInterfaceId: nic.id, ipConfigurationName: 'ip', backendAddressPoolId: pool.id });
  new LbRule(stack, 'lb-9200', {
    name: 'es', loadbalancerId: lb.id, protocol: 'Tcp', frontendPort: 9200, backendPort: 9200, frontendIpConfigurationName: 'fe', backendAddressPoolIds: [pool.id],
  });

  new ResourceGroupTemplateDeployment(stack, 'arm', { name: 'arm', resourceGroupName: 'search-rg', deploymentMode: 'Incremental', templateContent: '{}' });

  json = JSON.parse(Testing.synth(stack));
  model = terraformToModel([terraformJsonToDocument(json, { stack: 'paths' })]);
});

const nodeId = () => resourceKey({ resource: 'azurerm_network_interface.es0-nic', resourceType: '', stack: 'paths' });
const entry = (kind: EntryPoint['kind']): EntryPoint => {
  const found = model.entryPoints!.filter(e => e.kind === kind);
  expect(found).toHaveLength(1);
  return found[0];
};

describe('a synthesized cdktf app, read as paths', () => {
  test('the VM whose customData is Fn.base64encode of a cloud-config is a node, filtered by the subnet NSG', () => {
    expect(json.resource.azurerm_linux_virtual_machine.es0.custom_data).toMatch(/^\$\{base64encode\(/);
    expect(model.nodes).toEqual([expect.objectContaining({
      id: nodeId(),
      filters: [{ description: 'subnet NSG', firewalls: [{ known: true, value: resourceKey({ resource: 'azurerm_network_security_group.es-nsg', resourceType: '', stack: 'paths' }) }] }],
    })]);
    expect(model.clusters[0].facts.securityEnabled).toEqual({ known: true, value: true });
    expect(model.nodes![0].addresses?.toString()).toBe('10.0.1.4/32');
  });

  test('the Application Gateway listener forwards 443 to the node on 9200 as a proxy from the gateway subnet', () => {
    const forward = entry('application-gateway').forwards[0];
    expect(forward.targets).toEqual([{ known: true, value: nodeId() }]);
    expect(forward.backendPort).toEqual({ known: true, value: 9200 });
    expect(forward.preservesClientAddress).toBe(false);
    expect(forward.proxySource!.addresses.known && forward.proxySource!.addresses.value.toString()).toBe('10.0.2.0/24');
  });

  test('the Azure Firewall DNAT rule translating to the node is a proxy from the firewall subnet', () => {
    const forward = entry('firewall-dnat').forwards[0];
    expect(forward.targets).toEqual([{ known: true, value: nodeId() }]);
    expect(forward.proxySource!.addresses.known && forward.proxySource!.addresses.value.toString()).toBe('10.0.3.0/26');
  });

  test('the public load-balancing rule is a pass-through forward to the node, and no legacy public endpoint is left', () => {
    const forward = entry('load-balancer').forwards[0];
    expect(forward).toEqual(expect.objectContaining({
      targets: [{ known: true, value: nodeId() }], preservesClientAddress: true, backendPort: { known: true, value: 9200 },
    }));
    expect(model.clusters.every(c => c.facts.publicEndpoints === undefined)).toBe(true);
  });

  test('a TerraformVariable next to Internet in sourceAddressPrefixes leaves Internet known', () => {
    const rule = model.firewalls[0].rules.find(r => r.name === 'office-9300')!;
    expect(rule.sources[0]).toEqual({ kind: 'service-tag', tag: 'Internet' });
    expect(rule.sources[1]).toEqual(expect.objectContaining({ kind: 'unknown', reason: expect.stringContaining('var.office') }));
  });

  test('the VNet address space by reference is a network source', () => {
    const rule = model.firewalls[0].rules.find(r => r.name === 'from-vnet-space')!;
    expect(rule.sources.map(s => s.kind)).toEqual(['network']);
  });

  test('the ARM template deployment is opaque, named by its resource', () => {
    expect(model.opaque).toEqual([expect.objectContaining({ location: expect.objectContaining({ resource: 'azurerm_resource_group_template_deployment.arm' }) })]);
  });
});
