/**
 * `SecureElasticsearchCluster`: Elasticsearch 8 on Azure VMs that is private, authenticated and
 * encrypted by construction, and guarded by `SearchGuardrails` at synthesis.
 */
import { KeyVault } from '@cdktf/provider-azurerm/lib/key-vault';
import { NetworkSecurityGroup } from '@cdktf/provider-azurerm/lib/network-security-group';
import { TerraformOutput, Token, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import {
  addressAt, contains, defaultSubnets, FIRST_NODE_OFFSET, Ipv4Subnet, KEY_VAULT_ENDPOINT_OFFSET, LOAD_BALANCER_OFFSET, overlaps, parseIpv4Subnet,
  BASTION_SUBNET_PREFIX_LENGTH,
} from './cluster/addressing';
import { defaultAvailabilityZones } from './cluster/availability-zones';
import { HTTP_PORT } from './cluster/cloud-config';
import { ClusterKeyVault } from './cluster/cluster-key-vault';
import { ClusterNetwork } from './cluster/cluster-network';
import { ClusterNodes } from './cluster/cluster-nodes';
import { clusterPropsError } from './cluster/errors';
import { NO_LOGIN_SSH_PUBLIC_KEY } from './cluster/no-login-ssh-key';
import { SearchGuardrails } from './search-guardrails';
import { AddressSet } from '../core/net/address-set';
import { publicPart } from '../core/net/public-space';
import { CLUSTER_TAG } from '../formats/terraform/azurerm/clusters';

/** Properties of a `SecureElasticsearchCluster`. Nothing here can turn security, TLS or privacy off. */
export interface SecureElasticsearchClusterProps {
  /** The resource group every resource goes into (it must exist). */
  readonly resourceGroupName: string;
  /** The Azure region, for example `westeurope`. */
  readonly location: string;
  /**
   * Number of Elasticsearch nodes (VMs), each master-eligible and data: an odd number, so that a
   * majority survives the loss of any minority.
   * @default 3
   */
  readonly nodeCount?: number;
  /**
   * VM size of the nodes.
   * @default 'Standard_D4s_v5'
   */
  readonly vmSize?: string;
  /**
   * OS disk size of each node in GiB (the OS and Elasticsearch logs; data is on the data disk).
   * @default 64
   */
  readonly osDiskSizeGb?: number;
  /**
   * Size in GiB of each node's managed data disk (`/var/lib/elasticsearch`), which outlives the VM.
   * @default 256
   */
  readonly dataDiskSizeGb?: number;
  /**
   * The Elasticsearch 8 version installed from Elastic's apt repository (`8.x.y`). A change updates
   * every VM in place; each node upgrades at its next reboot (reboot them one at a time).
   * @default '8.15.3'
   */
  readonly elasticsearchVersion?: string;
  /**
   * The Elasticsearch cluster name, also the prefix of resource names.
   * @default - the construct id, lower-cased
   */
  readonly clusterName?: string;
  /**
   * Availability zones the nodes are spread over (node i in zone i mod n), with their data disks
   * and a zone-redundant load balancer frontend. An empty list places no zones.
   * @default - ['1', '2', '3'] in a region with availability zones, none elsewhere
   */
  readonly availabilityZones?: string[];
  /**
   * Address space of the VNet the construct creates (ignored with `subnetId`).
   * @default '10.42.0.0/16'
   */
  readonly addressSpace?: string;
  /**
   * Address prefix of the node subnet: the one the construct creates (inside `addressSpace`), or
   * the literal prefix of `subnetId` (node addresses are computed from it).
   * @default - the second /24 of `addressSpace` (`10.42.1.0/24`)
   */
  readonly subnetAddressPrefix?: string;
  /**
   * An existing subnet for the nodes, instead of a new VNet and subnet. Requires
   * `subnetAddressPrefix`. Nothing is associated with the subnet: the cluster's network security
   * group goes on the nodes' NICs, and no NAT gateway is created (the subnet must reach Elastic's
   * and Ubuntu's package repositories on its own).
   * @default - a VNet and a subnet are created
   */
  readonly subnetId?: string;
  /**
   * An existing `privatelink.vaultcore.azure.net` private DNS zone, already linked to the nodes'
   * VNet, for the Key Vault's private endpoint. A VNet can be linked to only one zone of that name.
   * @default - a zone in the resource group, linked to the nodes' VNet
   */
  readonly privateDnsZoneId?: string;
  /**
   * Private CIDRs allowed to reach the HTTP API (9200). Public addresses are refused.
   * @default - the whole virtual network (`VirtualNetwork` service tag)
   */
  readonly allowedClientCidrs?: string[];
  /**
   * Application security groups whose members may reach the HTTP API (9200).
   * @default - none
   */
  readonly allowedClientApplicationSecurityGroupIds?: string[];
  /**
   * Entra ID object ids that may read the cluster CA (`es-ca-cert`) and the `elastic` password
   * (`elastic-password`) from the Key Vault, through its private endpoint.
   * @default - none: only the nodes (grant the role yourself)
   */
  readonly adminPrincipalIds?: string[];
  /**
   * Deploy Azure Bastion (in an `AzureBastionSubnet` of the VNet the construct creates) and allow
   * SSH from it. Needs `adminSshPublicKey` to be useful.
   * @default false
   */
  readonly enableBastion?: boolean;
  /**
   * Address prefix of the `AzureBastionSubnet` when `enableBastion` is set (a /26 or larger).
   * @default - the first /26 of the last /24 of `addressSpace` (`10.42.255.0/26`)
   */
  readonly bastionSubnetAddressPrefix?: string;
  /**
   * SSH public key of the `esadmin` user (reachable only through Bastion, never from the internet).
   * @default - a key nobody holds the private half of: no SSH login (use Azure Run Command)
   */
  readonly adminSshPublicKey?: string;
  /**
   * Name of the Key Vault (3-24 characters, globally unique).
   * @default - `es` + 20 hex digits of SHA-256 over the subscription, resource group, location and construct path, computed by Terraform
   */
  readonly keyVaultName?: string;
  /**
   * Entra ID tenant of the Key Vault.
   * @default - the tenant of the provider's credentials (`azurerm_client_config`)
   */
  readonly tenantId?: string;
  /**
   * Tags added to every resource.
   * @default - only the `search-guardrails:cluster` tag
   */
  readonly tags?: { [key: string]: string };
}

/**
 * An Elasticsearch 8 cluster on Azure VMs with no public address (only the NAT gateway's outbound
 * IP), an internal Standard load balancer on 9200, a network security group that admits 9200 only
 * from the VNet or the given private sources and 9300 only between the nodes, security and TLS on
 * both layers with certificates created at first boot (naming the node and the load balancer), data
 * on managed disks, and a locked Key Vault (RBAC, no public network access, purge protection) that
 * shares the CA and keeps the `elastic` password, which never appears in custom_data, Terraform
 * state or outputs.
 *
 * The stack it is in is guarded by `SearchGuardrails`.
 */
export class SecureElasticsearchCluster extends Construct {
  /** The network security group of the nodes (add rules here; the guard checks them). */
  public readonly networkSecurityGroup: NetworkSecurityGroup;
  /** The id of the node subnet. */
  public readonly subnetId: string;
  /** The private address of the internal load balancer: `https://<address>:9200`. */
  public readonly loadBalancerAddress: string;
  /** The Key Vault that holds the cluster CA (`es-ca-cert`) and the `elastic-password` secret. */
  public readonly keyVault: KeyVault;
  /** The node addresses, in node order. */
  public readonly nodeAddresses: string[];

  constructor(scope: Construct, id: string, props: SecureElasticsearchClusterProps) {
    super(scope, id);
    const settings = validate(id, props);
    const tags = { ...(props.tags ?? {}), [CLUSTER_TAG]: this.node.path };
    const common = { resourceGroupName: props.resourceGroupName, location: props.location, tags };

    const network = new ClusterNetwork(this, 'network', {
      ...common,
      name: settings.name,
      subnetId: props.subnetId,
      addressSpace: settings.addressSpace,
      subnetAddressPrefix: settings.subnet.cidr,
      bastionSubnetAddressPrefix: props.enableBastion ? settings.bastionPrefix : undefined,
      nodeAddresses: settings.nodeAddresses,
      clientCidrs: props.allowedClientCidrs ?? [],
      clientApplicationSecurityGroupIds: props.allowedClientApplicationSecurityGroupIds ?? [],
    });
    const vault = new ClusterKeyVault(this, 'secrets', {
      ...common,
      clusterName: settings.name,
      name: props.keyVaultName,
      constructPath: this.node.path,
      tenantId: props.tenantId,
      subnetId: network.subnetId,
      endpointAddress: addressAt(settings.subnet, KEY_VAULT_ENDPOINT_OFFSET, 'subnetAddressPrefix'),
      privateDnsZoneId: props.privateDnsZoneId,
      virtualNetworkId: network.virtualNetworkId,
      adminPrincipalIds: props.adminPrincipalIds ?? [],
    });
    new ClusterNodes(this, 'nodes', {
      ...common,
      name: settings.name,
      subnetId: network.subnetId,
      // The user's subnet keeps its own associations: the NSG goes on the NICs.
      nicNetworkSecurityGroupId: network.subnet === undefined ? network.networkSecurityGroup.id : undefined,
      vmSize: props.vmSize ?? 'Standard_D4s_v5',
      osDiskSizeGb: props.osDiskSizeGb ?? 64,
      dataDiskSizeGb: props.dataDiskSizeGb ?? 256,
      adminSshPublicKey: props.adminSshPublicKey ?? NO_LOGIN_SSH_PUBLIC_KEY,
      nodeNames: settings.nodeNames,
      nodeAddresses: settings.nodeAddresses,
      availabilityZones: props.availabilityZones ?? defaultAvailabilityZones(props.location),
      loadBalancerAddress: settings.loadBalancerAddress,
      keyVaultId: vault.keyVault.id,
      keyVaultUri: vault.keyVault.vaultUri,
      elasticsearchVersion: settings.version,
      bootDependencies: [...network.bootDependencies, ...vault.bootDependencies],
    });

    this.networkSecurityGroup = network.networkSecurityGroup;
    this.subnetId = network.subnetId;
    this.loadBalancerAddress = settings.loadBalancerAddress;
    this.keyVault = vault.keyVault;
    this.nodeAddresses = [...settings.nodeAddresses];

    // A way in: where to send requests, and where the CA and the password are. No secret is output.
    const output = (name: string, value: string, description: string) =>
      new TerraformOutput(this, name, { value, description }).overrideLogicalId(`${settings.name}_${name.replace(/-/g, '_')}`);
    output('endpoint', `https://${settings.loadBalancerAddress}:${HTTP_PORT}`, 'The cluster through its internal load balancer (from inside the network)');
    output('key-vault-name', vault.keyVault.name, 'Key Vault with the cluster CA (es-ca-cert) and the elastic password (elastic-password)');
    output('key-vault-uri', vault.keyVault.vaultUri, 'URI of that Key Vault (reachable through its private endpoint)');

    SearchGuardrails.enforce(TerraformStack.of(this));
  }
}

interface ClusterSettings {
  readonly name: string;
  readonly version: string;
  readonly addressSpace: string;
  readonly subnet: Ipv4Subnet;
  readonly bastionPrefix: string;
  readonly nodeNames: string[];
  readonly nodeAddresses: string[];
  readonly loadBalancerAddress: string;
}

function validate(id: string, props: SecureElasticsearchClusterProps): ClusterSettings {
  const nodeCount = props.nodeCount ?? 3;
  if (!Number.isInteger(nodeCount) || nodeCount < 1 || nodeCount > 49 || nodeCount % 2 === 0) {
    // An even count adds no fault tolerance: a majority of 4 is 3, as of 5 it is 3 too.
    // https://www.elastic.co/guide/en/elasticsearch/reference/8.15/high-availability-cluster-design.html
    throw clusterPropsError('nodeCount', nodeCount, 'is not an odd whole number from 1 to 49', 'Use 3 (or 5, 7, ...) for a resilient cluster');
  }
  const version = props.elasticsearchVersion ?? '8.15.3';
  if (!/^8\.\d+\.\d+$/.test(version)) {
    throw clusterPropsError('elasticsearchVersion', version, 'is not an Elasticsearch 8 version', 'Use a version such as 8.15.3');
  }
  if (props.subnetId !== undefined && props.subnetAddressPrefix === undefined) {
    throw clusterPropsError('subnetAddressPrefix', undefined, 'is required with subnetId (node addresses are computed from it)', "Pass the subnet's literal prefix, for example 10.42.1.0/24");
  }
  if (props.enableBastion && props.subnetId !== undefined) {
    throw clusterPropsError('enableBastion', true, 'needs the VNet the construct creates (an AzureBastionSubnet is added to it)', 'Deploy Bastion in your own VNet, or let the construct create the VNet');
  }
  for (const cidr of props.allowedClientCidrs ?? []) {
    if (Token.isUnresolved(cidr)) {
      continue; // the guard evaluates it as Terraform receives it (unknown fails closed)
    }
    const addresses = AddressSet.tryParse(cidr);
    if (!addresses) {
      throw clusterPropsError('allowedClientCidrs', cidr, 'is not an address or CIDR', 'Use private CIDRs such as 10.0.0.0/8');
    }
    if (!publicPart(addresses).isEmpty()) {
      throw clusterPropsError('allowedClientCidrs', cidr, 'contains public addresses', 'Admit private ranges only and reach the cluster through peering, VPN or Bastion');
    }
  }
  const name = props.clusterName ?? (id.toLowerCase().replace(/[^a-z0-9-]/g, '-').replace(/^-+|-+$/g, '') || 'elasticsearch');
  if (!/^[a-z0-9][a-z0-9-]{0,39}$/.test(name)) {
    throw clusterPropsError('clusterName', name, 'is not 1-40 lower-case letters, digits and dashes', 'Use a name such as search-prod');
  }
  const keyVaultName = props.keyVaultName;
  if (keyVaultName !== undefined && !Token.isUnresolved(keyVaultName) && !/^[a-zA-Z][a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$/.test(keyVaultName)) {
    throw clusterPropsError('keyVaultName', keyVaultName, 'is not a valid Key Vault name', 'Use 3-24 letters, digits and dashes, starting with a letter');
  }
  const { addressSpace, subnet, bastionPrefix } = subnetsOf(props);
  const nodeNames = Array.from({ length: nodeCount }, (_, i) => `${name}-${i}`);
  const nodeAddresses = nodeNames.map((_, i) => addressAt(subnet, FIRST_NODE_OFFSET + i, 'subnetAddressPrefix'));
  return {
    name,
    version,
    subnet,
    nodeNames,
    nodeAddresses,
    addressSpace,
    bastionPrefix,
    loadBalancerAddress: addressAt(subnet, LOAD_BALANCER_OFFSET, 'subnetAddressPrefix'),
  };
}

/** The node and Bastion subnets: given, or derived from the address space; inside it and apart. */
function subnetsOf(props: SecureElasticsearchClusterProps): { addressSpace: string; subnet: Ipv4Subnet; bastionPrefix: string } {
  const addressSpace = props.addressSpace ?? '10.42.0.0/16';
  if (props.subnetId !== undefined) {
    return { addressSpace, subnet: parseIpv4Subnet(props.subnetAddressPrefix!, 'subnetAddressPrefix'), bastionPrefix: '' };
  }
  const space = parseIpv4Subnet(addressSpace, 'addressSpace');
  const needDefaults = props.subnetAddressPrefix === undefined || (props.enableBastion && props.bastionSubnetAddressPrefix === undefined);
  const defaults = needDefaults ? defaultSubnets(space) : undefined;
  const subnet = parseIpv4Subnet(props.subnetAddressPrefix ?? defaults!.nodes, 'subnetAddressPrefix');
  if (!contains(space, subnet)) {
    throw clusterPropsError('subnetAddressPrefix', subnet.cidr, `is not inside addressSpace ${space.cidr}`, 'Pass a prefix inside the address space, or leave it out to derive it');
  }
  const bastionPrefix = props.bastionSubnetAddressPrefix ?? defaults?.bastion ?? '';
  if (props.enableBastion) {
    const bastion = parseIpv4Subnet(bastionPrefix, 'bastionSubnetAddressPrefix');
    if (bastion.size < 2 ** (32 - BASTION_SUBNET_PREFIX_LENGTH)) {
      throw clusterPropsError('bastionSubnetAddressPrefix', bastion.cidr, 'is smaller than the /26 Azure Bastion needs', 'Use a /26 or larger');
    }
    if (!contains(space, bastion) || overlaps(bastion, subnet)) {
      throw clusterPropsError('bastionSubnetAddressPrefix', bastion.cidr, `is not inside addressSpace ${space.cidr} apart from the node subnet ${subnet.cidr}`,
        'Pass a /26 of the address space that the node subnet does not use, or leave it out to derive it');
    }
  }
  return { addressSpace, subnet, bastionPrefix };
}
