/**
 * The Key Vault that shares the cluster CA and keeps the `elastic` password: RBAC authorization,
 * public network access disabled, purge protection; reached from the nodes through a private
 * endpoint with its private DNS zone.
 * https://learn.microsoft.com/azure/key-vault/general/private-link-service
 */
import { DataAzurermClientConfig } from '@cdktf/provider-azurerm/lib/data-azurerm-client-config';
import { KeyVault } from '@cdktf/provider-azurerm/lib/key-vault';
import { PrivateDnsZone } from '@cdktf/provider-azurerm/lib/private-dns-zone';
import { PrivateDnsZoneVirtualNetworkLink } from '@cdktf/provider-azurerm/lib/private-dns-zone-virtual-network-link';
import { PrivateEndpoint } from '@cdktf/provider-azurerm/lib/private-endpoint';
import { Construct } from 'constructs';

export interface ClusterKeyVaultInput {
  readonly name: string;
  readonly resourceGroupName: string;
  readonly location: string;
  readonly tags: Record<string, string>;
  readonly tenantId?: string;
  readonly subnetId: string;
  readonly endpointAddress: string;
  /** The VNet to link the private DNS zone to, when the construct created it. */
  readonly virtualNetworkId?: string;
}

export class ClusterKeyVault extends Construct {
  public readonly keyVault: KeyVault;

  constructor(scope: Construct, id: string, input: ClusterKeyVaultInput) {
    super(scope, id);
    const common = { resourceGroupName: input.resourceGroupName, location: input.location, tags: input.tags };
    const tenantId = input.tenantId ?? new DataAzurermClientConfig(this, 'client').tenantId;
    this.keyVault = new KeyVault(this, 'vault', {
      ...common,
      name: input.name,
      tenantId,
      skuName: 'standard',
      enableRbacAuthorization: true,
      publicNetworkAccessEnabled: false,
      purgeProtectionEnabled: true,
      softDeleteRetentionDays: 90,
      networkAcls: { defaultAction: 'Deny', bypass: 'None' },
    });
    const zone = new PrivateDnsZone(this, 'dns', { name: 'privatelink.vaultcore.azure.net', resourceGroupName: input.resourceGroupName, tags: input.tags });
    if (input.virtualNetworkId !== undefined) {
      new PrivateDnsZoneVirtualNetworkLink(this, 'dns-link', {
        name: `${input.name}-link`,
        resourceGroupName: input.resourceGroupName,
        privateDnsZoneName: zone.name,
        virtualNetworkId: input.virtualNetworkId,
        tags: input.tags,
      });
    }
    new PrivateEndpoint(this, 'endpoint', {
      ...common,
      name: `${input.name}-endpoint`,
      subnetId: input.subnetId,
      privateServiceConnection: {
        name: `${input.name}-connection`,
        isManualConnection: false,
        privateConnectionResourceId: this.keyVault.id,
        subresourceNames: ['vault'],
      },
      ipConfiguration: [{ name: 'vault', privateIpAddress: input.endpointAddress, subresourceName: 'vault', memberName: 'default' }],
      privateDnsZoneGroup: { name: 'vault', privateDnsZoneIds: [zone.id] },
    });
  }
}
