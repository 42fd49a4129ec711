/**
 * The Key Vault that shares the cluster CA and keeps the `elastic` password: RBAC authorization,
 * public network access disabled, purge protection; reached from the nodes through a private
 * endpoint registered in a `privatelink.vaultcore.azure.net` zone (the construct's, or one the
 * user already has).
 * https://learn.microsoft.com/azure/key-vault/general/private-link-service
 */
import { DataAzurermClientConfig } from '@cdktf/provider-azurerm/lib/data-azurerm-client-config';
import { KeyVault } from '@cdktf/provider-azurerm/lib/key-vault';
import { PrivateDnsZone } from '@cdktf/provider-azurerm/lib/private-dns-zone';
import { PrivateDnsZoneVirtualNetworkLink } from '@cdktf/provider-azurerm/lib/private-dns-zone-virtual-network-link';
import { PrivateEndpoint } from '@cdktf/provider-azurerm/lib/private-endpoint';
import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
import { Fn, ITerraformDependable, Token } from 'cdktf';
import { Construct } from 'constructs';

export interface ClusterKeyVaultInput {
  /** Prefix of the names of the endpoint and DNS link. */
  readonly clusterName: string;
  /** The vault's name; undefined: derived in Terraform (see `uniqueVaultName`). */
  readonly name?: string;
  /** The construct path, part of the derived name. */
  readonly constructPath: string;
  readonly resourceGroupName: string;
  readonly location: string;
  readonly tags: Record<string, string>;
  readonly tenantId?: string;
  readonly subnetId: string;
  readonly endpointAddress: string;
  /** An existing `privatelink.vaultcore.azure.net` zone (already linked to the VNet): no zone or link is created. */
  readonly privateDnsZoneId?: string;
  /** The VNet to link the construct's zone to. */
  readonly virtualNetworkId: string;
  /** Principals that may read the CA certificate and the elastic password. */
  readonly adminPrincipalIds: readonly string[];
}

export class ClusterKeyVault extends Construct {
  public readonly keyVault: KeyVault;
  /** What the nodes need before they boot: the endpoint and its DNS. */
  public readonly bootDependencies: ITerraformDependable[] = [];

  constructor(scope: Construct, id: string, input: ClusterKeyVaultInput) {
    super(scope, id);
    const common = { resourceGroupName: input.resourceGroupName, location: input.location, tags: input.tags };
    const client = new DataAzurermClientConfig(this, 'client');
    this.keyVault = new KeyVault(this, 'vault', {
      ...common,
      name: input.name ?? uniqueVaultName(client.subscriptionId, input),
      tenantId: input.tenantId ?? client.tenantId,
      skuName: 'standard',
      enableRbacAuthorization: true,
      publicNetworkAccessEnabled: false,
      purgeProtectionEnabled: true,
      softDeleteRetentionDays: 90,
      networkAcls: { defaultAction: 'Deny', bypass: 'None' },
    });

    let zoneId = input.privateDnsZoneId;
    if (zoneId === undefined) {
      const zone = new PrivateDnsZone(this, 'dns', { name: 'privatelink.vaultcore.azure.net', resourceGroupName: input.resourceGroupName, tags: input.tags });
      zoneId = zone.id;
      this.bootDependencies.push(new PrivateDnsZoneVirtualNetworkLink(this, 'dns-link', {
        name: `${input.clusterName}-vault-dns`,
        resourceGroupName: input.resourceGroupName,
        privateDnsZoneName: zone.name,
        virtualNetworkId: input.virtualNetworkId,
        tags: input.tags,
      }));
    }
    this.bootDependencies.push(new PrivateEndpoint(this, 'endpoint', {
      ...common,
      name: `${input.clusterName}-vault-endpoint`,
      subnetId: input.subnetId,
      privateServiceConnection: {
        name: `${input.clusterName}-vault-connection`,
        isManualConnection: false,
        privateConnectionResourceId: this.keyVault.id,
        subresourceNames: ['vault'],
      },
      ipConfiguration: [{ name: 'vault', privateIpAddress: input.endpointAddress, subresourceName: 'vault', memberName: 'default' }],
      privateDnsZoneGroup: { name: 'vault', privateDnsZoneIds: [zoneId] },
    }));

    // Reading the CA certificate and the password: "Key Vault Secrets User" on the vault (a role on
    // a single secret needs the secret to exist, and the nodes create them at first boot).
    // https://learn.microsoft.com/azure/key-vault/general/rbac-guide
    input.adminPrincipalIds.forEach((principalId, index) => {
      new RoleAssignment(this, `admin-${index}`, { scope: this.keyVault.id, roleDefinitionName: 'Key Vault Secrets User', principalId });
    });
  }
}

/**
 * `es` + 20 hex digits of SHA-256 over the subscription, resource group, location and construct
 * path, computed by Terraform: unique across subscriptions (a vault name is global, and a deleted
 * one is held for 90 days), stable across syntheses, and over the values Terraform resolves rather
 * than cdktf's token text.
 */
function uniqueVaultName(subscriptionId: string, input: ClusterKeyVaultInput): string {
  const identity = Fn.join('/', [subscriptionId, input.resourceGroupName, input.location, input.constructPath]);
  return Token.asString(Fn.join('', ['es', Fn.substr(Fn.sha256(identity), 0, 20)]));
}
