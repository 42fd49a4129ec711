/**
 * The cluster's network: VNet and subnet, the network security group on the subnet, the NAT gateway
 * for outbound package installs (its public IP is the only one, and outbound only), and optionally
 * Azure Bastion for SSH from the portal. With the user's own subnet, only the network security group
 * is created (the nodes associate it with their NICs): the subnet keeps its own NSG, route table and
 * outbound path.
 */
import { BastionHost } from '@cdktf/provider-azurerm/lib/bastion-host';
import { NatGateway } from '@cdktf/provider-azurerm/lib/nat-gateway';
import { NatGatewayPublicIpAssociation } from '@cdktf/provider-azurerm/lib/nat-gateway-public-ip-association';
import { NetworkSecurityGroup, NetworkSecurityGroupSecurityRule } from '@cdktf/provider-azurerm/lib/network-security-group';
import { PublicIp } from '@cdktf/provider-azurerm/lib/public-ip';
import { Subnet } from '@cdktf/provider-azurerm/lib/subnet';
import { SubnetNatGatewayAssociation } from '@cdktf/provider-azurerm/lib/subnet-nat-gateway-association';
import { SubnetNetworkSecurityGroupAssociation } from '@cdktf/provider-azurerm/lib/subnet-network-security-group-association';
import { VirtualNetwork } from '@cdktf/provider-azurerm/lib/virtual-network';
import { Fn, ITerraformDependable, Token } from 'cdktf';
import { Construct } from 'constructs';
import { HTTP_PORT, TRANSPORT_PORT } from './cloud-config';

export interface ClusterNetworkInput {
  readonly name: string;
  readonly resourceGroupName: string;
  readonly location: string;
  readonly tags: Record<string, string>;
  /** Existing subnet id, or undefined to create VNet + subnet. */
  readonly subnetId?: string;
  readonly addressSpace: string;
  readonly subnetAddressPrefix: string;
  readonly bastionSubnetAddressPrefix?: string;
  readonly nodeAddresses: readonly string[];
  /** Private CIDRs allowed to 9200; empty: the whole VNet. */
  readonly clientCidrs: readonly string[];
  readonly clientApplicationSecurityGroupIds: readonly string[];
}

/** NSG priorities: allows first, then the denies that make "only" true. */
const PRIORITY = {
  httpFromClients: 100,
  httpFromClientGroups: 101,
  probeFromLoadBalancer: 110,
  transportBetweenNodes: 120,
  sshFromBastion: 130,
  denyTransport: 200,
  denyHttp: 210,
  denyInternet: 4000,
};

export class ClusterNetwork extends Construct {
  public readonly networkSecurityGroup: NetworkSecurityGroup;
  public readonly subnetId: string;
  public readonly subnet?: Subnet;
  public readonly virtualNetwork?: VirtualNetwork;
  /** The VNet the nodes are in: the construct's, or the one that holds the given subnet. */
  public readonly virtualNetworkId: string;
  public readonly natGateway?: NatGateway;
  /** The subnet associations (NSG, NAT) that must exist before a node boots. */
  public readonly bootDependencies: ITerraformDependable[] = [];

  constructor(scope: Construct, id: string, input: ClusterNetworkInput) {
    super(scope, id);
    const common = { resourceGroupName: input.resourceGroupName, location: input.location, tags: input.tags };

    this.networkSecurityGroup = new NetworkSecurityGroup(this, 'nsg', {
      ...common, name: `${input.name}-nsg`, securityRule: securityRules(input),
    });
    if (input.subnetId !== undefined) {
      this.subnetId = input.subnetId;
      this.virtualNetworkId = virtualNetworkOf(input.subnetId);
      return;
    }

    this.virtualNetwork = new VirtualNetwork(this, 'vnet', { ...common, name: `${input.name}-vnet`, addressSpace: [input.addressSpace] });
    this.virtualNetworkId = this.virtualNetwork.id;
    this.subnet = new Subnet(this, 'subnet', {
      name: `${input.name}-nodes`,
      resourceGroupName: input.resourceGroupName,
      virtualNetworkName: this.virtualNetwork.name,
      addressPrefixes: [input.subnetAddressPrefix],
      defaultOutboundAccessEnabled: false,
    });
    this.subnetId = this.subnet.id;
    this.bootDependencies.push(new SubnetNetworkSecurityGroupAssociation(this, 'nsg-association', {
      subnetId: this.subnetId, networkSecurityGroupId: this.networkSecurityGroup.id,
    }));

    // Outbound only: a NAT gateway never accepts inbound connections.
    // https://learn.microsoft.com/azure/nat-gateway/nat-overview
    const outboundIp = new PublicIp(this, 'nat-ip', { ...common, name: `${input.name}-nat-ip`, allocationMethod: 'Static', sku: 'Standard' });
    this.natGateway = new NatGateway(this, 'nat', { ...common, name: `${input.name}-nat`, skuName: 'Standard' });
    this.bootDependencies.push(
      new NatGatewayPublicIpAssociation(this, 'nat-ip-association', { natGatewayId: this.natGateway.id, publicIpAddressId: outboundIp.id }),
      new SubnetNatGatewayAssociation(this, 'nat-association', { subnetId: this.subnetId, natGatewayId: this.natGateway.id }),
    );

    if (input.bastionSubnetAddressPrefix !== undefined) {
      const bastionSubnet = new Subnet(this, 'bastion-subnet', {
        name: 'AzureBastionSubnet',
        resourceGroupName: input.resourceGroupName,
        virtualNetworkName: this.virtualNetwork.name,
        addressPrefixes: [input.bastionSubnetAddressPrefix],
      });
      const bastionIp = new PublicIp(this, 'bastion-ip', { ...common, name: `${input.name}-bastion-ip`, allocationMethod: 'Static', sku: 'Standard' });
      new BastionHost(this, 'bastion', {
        ...common,
        name: `${input.name}-bastion`,
        ipConfiguration: { name: 'bastion', subnetId: bastionSubnet.id, publicIpAddressId: bastionIp.id },
      });
    }
  }
}

function securityRules(input: ClusterNetworkInput): NetworkSecurityGroupSecurityRule[] {
  const inbound = (name: string, priority: number, access: 'Allow' | 'Deny', port: string, source: Partial<NetworkSecurityGroupSecurityRule>): NetworkSecurityGroupSecurityRule => ({
    name,
    priority,
    access,
    direction: 'Inbound',
    protocol: access === 'Deny' ? '*' : 'Tcp',
    sourcePortRange: '*',
    destinationPortRange: port,
    destinationAddressPrefix: '*',
    ...source,
  });
  const rules: NetworkSecurityGroupSecurityRule[] = [];
  rules.push(input.clientCidrs.length > 0
    ? inbound('AllowElasticsearchHttpFromClients', PRIORITY.httpFromClients, 'Allow', `${HTTP_PORT}`, { sourceAddressPrefixes: [...input.clientCidrs] })
    : inbound('AllowElasticsearchHttpFromVnet', PRIORITY.httpFromClients, 'Allow', `${HTTP_PORT}`, { sourceAddressPrefix: 'VirtualNetwork' }));
  if (input.clientApplicationSecurityGroupIds.length > 0) {
    rules.push(inbound('AllowElasticsearchHttpFromClientGroups', PRIORITY.httpFromClientGroups, 'Allow', `${HTTP_PORT}`,
      { sourceApplicationSecurityGroupIds: [...input.clientApplicationSecurityGroupIds] }));
  }
  rules.push(inbound('AllowHealthProbeFromLoadBalancer', PRIORITY.probeFromLoadBalancer, 'Allow', `${HTTP_PORT}`, { sourceAddressPrefix: 'AzureLoadBalancer' }));
  rules.push(inbound('AllowTransportBetweenNodes', PRIORITY.transportBetweenNodes, 'Allow', `${TRANSPORT_PORT}`, {
    sourceAddressPrefixes: input.nodeAddresses.map(a => `${a}/32`),
    destinationAddressPrefix: undefined,
    destinationAddressPrefixes: input.nodeAddresses.map(a => `${a}/32`),
  }));
  if (input.bastionSubnetAddressPrefix !== undefined) {
    rules.push(inbound('AllowSshFromBastion', PRIORITY.sshFromBastion, 'Allow', '22', { sourceAddressPrefix: input.bastionSubnetAddressPrefix }));
  }
  rules.push(inbound('DenyTransportFromElsewhere', PRIORITY.denyTransport, 'Deny', `${TRANSPORT_PORT}`, { sourceAddressPrefix: '*' }));
  rules.push(inbound('DenyHttpFromElsewhere', PRIORITY.denyHttp, 'Deny', `${HTTP_PORT}`, { sourceAddressPrefix: '*' }));
  rules.push(inbound('DenyInternetInbound', PRIORITY.denyInternet, 'Deny', '*', { sourceAddressPrefix: 'Internet' }));
  return rules;
}

/** `/subscriptions/.../virtualNetworks/<vnet>/subnets/<subnet>` -> the VNet's id (in Terraform when a reference). */
function virtualNetworkOf(subnetId: string): string {
  if (!Token.isUnresolved(subnetId) && !subnetId.includes('${')) {
    return subnetId.replace(/\/subnets\/[^/]+\/?$/, '');
  }
  return Token.asString(Fn.element(Fn.split('/subnets/', subnetId), 0));
}
