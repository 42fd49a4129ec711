/**
 * `SecureElasticsearchCluster`: Elasticsearch 8 on Azure VMs that is private, authenticated and
 * encrypted by construction, and guarded by `SearchGuardrails` at synthesis.
 */
import { createHash } from 'crypto';
import { KeyVault } from '@cdktf/provider-azurerm/lib/key-vault';
import { NetworkSecurityGroup } from '@cdktf/provider-azurerm/lib/network-security-group';
import { Token, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { addressAt, FIRST_NODE_OFFSET, KEY_VAULT_ENDPOINT_OFFSET, LOAD_BALANCER_OFFSET, parseIpv4Subnet } from './cluster/addressing';
import { ClusterKeyVault } from './cluster/cluster-key-vault';
import { ClusterNetwork } from './cluster/cluster-network';
import { ClusterNodes } from './cluster/cluster-nodes';
import { clusterPropsError } from './cluster/errors';
import { NO_LOGIN_SSH_PUBLIC_KEY } from './cluster/no-login-ssh-key';
import { SearchGuardrails } from './search-guardrails';
import { CLUSTER_TAG } from '../formats/terraform/azurerm/clusters';
import { AddressSet } from '../core/net/address-set';
import { publicPart } from '../core/net/public-space';

/** Properties of a `SecureElasticsearchCluster`. Nothing here can turn security, TLS or privacy off. */
export interface SecureElasticsearchClusterProps {
  /** The resource group every resource goes into (it must exist). */
  readonly resourceGroupName: string;
  /** The Azure region, for example `westeurope`. */
  readonly location: string;
  /**
   * Number of Elasticsearch nodes (VMs), each master-eligible and data.
   * @default 3
   */
  readonly nodeCount?: number;
  /**
   * VM size of the nodes.
   * @default 'Standard_D4s_v5'
   */
  readonly vmSize?: string;
  /**
   * OS disk size of each node in GiB (Elasticsearch data lives on it; Azure encrypts it at rest).
   * @default 128
   */
  readonly osDiskSizeGb?: number;
  /**
   * The Elasticsearch 8 version installed from Elastic's apt repository (`8.x.y`).
   * @default '8.15.3'
   */
  readonly elasticsearchVersion?: string;
  /**
   * The Elasticsearch cluster name, also the prefix of resource names.
   * @default - the construct id, lower-cased
   */
  readonly clusterName?: string;
  /**
   * Address space of the VNet the construct creates (ignored with `subnetId`).
   * @default '10.42.0.0/16'
   */
  readonly addressSpace?: string;
  /**
   * Address prefix of the node subnet: the one the construct creates, or the literal prefix of
   * `subnetId` (node addresses are computed from it).
   * @default '10.42.1.0/24'
   */
  readonly subnetAddressPrefix?: string;
  /**
   * An existing subnet for the nodes, instead of a new VNet and subnet. Requires
   * `subnetAddressPrefix`. The cluster's network security group and NAT gateway are associated with it.
   * @default - a VNet and a subnet are created
   */
  readonly subnetId?: string;
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
   * Deploy Azure Bastion (in an `AzureBastionSubnet` of the VNet the construct creates) and allow
   * SSH from it. Needs `adminSshPublicKey` to be useful.
   * @default false
   */
  readonly enableBastion?: boolean;
  /**
   * Address prefix of the `AzureBastionSubnet` when `enableBastion` is set.
   * @default '10.42.255.0/26'
   */
  readonly bastionSubnetAddressPrefix?: string;
  /**
   * SSH public key of the `esadmin` user (reachable only through Bastion, never from the internet).
   * @default - a key nobody holds the private half of: no SSH login (use Azure Run Command)
   */
  readonly adminSshPublicKey?: string;
  /**
   * Name of the Key Vault (3-24 characters, globally unique).
   * @default - derived from the construct path, resource group and location
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
 * IP), an internal Standard load balancer on 9200, a network security group on the subnet that
 * admits 9200 only from the VNet or the given private sources and 9300 only between the nodes,
 * security and TLS on both layers with certificates created at first boot, and a locked Key Vault
 * (RBAC, no public network access, purge protection) that shares the CA and keeps the `elastic`
 * password, which never appears in custom_data, Terraform state or outputs.
 *
 * The stack it is in is guarded by `SearchGuardrails`.
 */
export class SecureElasticsearchCluster extends Construct {
  /** The network security group associated with the node subnet (add rules here; the guard checks them). */
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
    const settings = validate(this, id, props);
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
      name: settings.keyVaultName,
      tenantId: props.tenantId,
      subnetId: network.subnetId,
      endpointAddress: addressAt(settings.subnet, KEY_VAULT_ENDPOINT_OFFSET, 'subnetAddressPrefix'),
      virtualNetworkId: network.virtualNetwork?.id,
    });
    new ClusterNodes(this, 'nodes', {
      ...common,
      name: settings.name,
      subnetId: network.subnetId,
      vmSize: props.vmSize ?? 'Standard_D4s_v5',
      osDiskSizeGb: props.osDiskSizeGb ?? 128,
      adminSshPublicKey: props.adminSshPublicKey ?? NO_LOGIN_SSH_PUBLIC_KEY,
      nodeNames: settings.nodeNames,
      nodeAddresses: settings.nodeAddresses,
      loadBalancerAddress: settings.loadBalancerAddress,
      keyVaultId: vault.keyVault.id,
      keyVaultName: settings.keyVaultName,
      elasticsearchVersion: settings.version,
    });

    this.networkSecurityGroup = network.networkSecurityGroup;
    this.subnetId = network.subnetId;
    this.loadBalancerAddress = settings.loadBalancerAddress;
    this.keyVault = vault.keyVault;
    this.nodeAddresses = [...settings.nodeAddresses];

    SearchGuardrails.enforce(TerraformStack.of(this));
  }
}

interface ClusterSettings {
  readonly name: string;
  readonly version: string;
  readonly addressSpace: string;
  readonly subnet: ReturnType<typeof parseIpv4Subnet>;
  readonly bastionPrefix: string;
  readonly nodeNames: string[];
  readonly nodeAddresses: string[];
  readonly loadBalancerAddress: string;
  readonly keyVaultName: string;
}

function validate(scope: Construct, id: string, props: SecureElasticsearchClusterProps): ClusterSettings {
  const nodeCount = props.nodeCount ?? 3;
  if (!Number.isInteger(nodeCount) || nodeCount < 1 || nodeCount > 50) {
    throw clusterPropsError('nodeCount', nodeCount, 'is not a whole number from 1 to 50', 'Use 3 (or any odd number) for a resilient cluster');
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
  const subnet = parseIpv4Subnet(props.subnetAddressPrefix ?? '10.42.1.0/24', 'subnetAddressPrefix');
  const nodeNames = Array.from({ length: nodeCount }, (_, i) => `${name}-${i}`);
  const nodeAddresses = nodeNames.map((_, i) => addressAt(subnet, FIRST_NODE_OFFSET + i, 'subnetAddressPrefix'));
  const hash = createHash('sha256').update([scope.node.path, props.resourceGroupName, props.location].join('|')).digest('hex');
  const keyVaultName = props.keyVaultName ?? `es${hash.slice(0, 20)}`;
  if (!Token.isUnresolved(keyVaultName) && !/^[a-zA-Z][a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$/.test(keyVaultName)) {
    throw clusterPropsError('keyVaultName', keyVaultName, 'is not a valid Key Vault name', 'Use 3-24 letters, digits and dashes, starting with a letter');
  }
  return {
    name,
    version,
    subnet,
    nodeNames,
    nodeAddresses,
    keyVaultName,
    addressSpace: props.addressSpace ?? '10.42.0.0/16',
    bastionPrefix: props.bastionSubnetAddressPrefix ?? '10.42.255.0/26',
    loadBalancerAddress: addressAt(subnet, LOAD_BALANCER_OFFSET, 'subnetAddressPrefix'),
  };
}
