/**
 * The nodes: per node a user-assigned identity with its Key Vault role, a NIC with a static private
 * address and no public IP, a managed data disk, and a VM that is created only once its identity's
 * role, the vault's private endpoint and DNS, and the subnet's NAT and NSG associations exist; and
 * an internal Standard load balancer on 9200 with a TCP health probe.
 *
 * A system-assigned identity exists only once the VM does, so its role assignment would race the
 * first boot; a user-assigned identity is assigned its role before the VM starts:
 * https://learn.microsoft.com/entra/identity/managed-identities-azure-resources/managed-identity-best-practice-recommendations
 */
import { Lb } from '@cdktf/provider-azurerm/lib/lb';
import { LbBackendAddressPool } from '@cdktf/provider-azurerm/lib/lb-backend-address-pool';
import { LbProbe } from '@cdktf/provider-azurerm/lib/lb-probe';
import { LbRule } from '@cdktf/provider-azurerm/lib/lb-rule';
import { LinuxVirtualMachine } from '@cdktf/provider-azurerm/lib/linux-virtual-machine';
import { ManagedDisk } from '@cdktf/provider-azurerm/lib/managed-disk';
import { NetworkInterface } from '@cdktf/provider-azurerm/lib/network-interface';
import { NetworkInterfaceBackendAddressPoolAssociation } from '@cdktf/provider-azurerm/lib/network-interface-backend-address-pool-association';
import { NetworkInterfaceSecurityGroupAssociation } from '@cdktf/provider-azurerm/lib/network-interface-security-group-association';
import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
import { UserAssignedIdentity } from '@cdktf/provider-azurerm/lib/user-assigned-identity';
import { VirtualMachineDataDiskAttachment } from '@cdktf/provider-azurerm/lib/virtual-machine-data-disk-attachment';
import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { encodeCustomData, HTTP_PORT, KEY_VAULT_URI_TAG, renderCloudConfig, renderUserData } from './cloud-config';

export interface ClusterNodesInput {
  readonly name: string;
  readonly resourceGroupName: string;
  readonly location: string;
  readonly tags: Record<string, string>;
  readonly subnetId: string;
  /** Associated with each NIC when the subnet is the user's (and carries no NSG of ours). */
  readonly nicNetworkSecurityGroupId?: string;
  readonly vmSize: string;
  readonly osDiskSizeGb: number;
  readonly dataDiskSizeGb: number;
  readonly adminSshPublicKey: string;
  readonly nodeNames: readonly string[];
  readonly nodeAddresses: readonly string[];
  /** Zone of each node, round robin; empty: no zones. */
  readonly availabilityZones: readonly string[];
  readonly loadBalancerAddress: string;
  readonly keyVaultId: string;
  readonly keyVaultUri: string;
  readonly elasticsearchVersion: string;
  /** What must exist before any VM boots (private endpoint, DNS link, subnet associations). */
  readonly bootDependencies: ITerraformDependable[];
}

/** Ubuntu 22.04 LTS from Canonical: no marketplace plan, no terms to accept. */
const IMAGE = { publisher: 'Canonical', offer: '0001-com-ubuntu-server-jammy', sku: '22_04-lts-gen2', version: 'latest' };
const ADMIN_USER = 'esadmin';
/** The bootstrap mounts LUN 0 (`/dev/disk/azure/scsi1/lun0`, from the Azure udev rules of Ubuntu images). */
const DATA_DISK_LUN = 0;

export class ClusterNodes extends Construct {
  public readonly loadBalancer: Lb;
  public readonly machines: LinuxVirtualMachine[] = [];
  public readonly identities: UserAssignedIdentity[] = [];

  constructor(scope: Construct, id: string, input: ClusterNodesInput) {
    super(scope, id);
    const common = { resourceGroupName: input.resourceGroupName, location: input.location, tags: input.tags };
    const zones = input.availabilityZones;

    this.loadBalancer = new Lb(this, 'lb', {
      ...common,
      name: `${input.name}-lb`,
      sku: 'Standard',
      frontendIpConfiguration: [{
        name: 'internal',
        subnetId: input.subnetId,
        privateIpAddressAllocation: 'Static',
        privateIpAddress: input.loadBalancerAddress,
        // Zone-redundant frontend: https://learn.microsoft.com/azure/load-balancer/load-balancer-standard-availability-zones
        zones: zones.length > 0 ? [...zones] : undefined,
      }],
    });
    const pool = new LbBackendAddressPool(this, 'pool', { name: 'nodes', loadbalancerId: this.loadBalancer.id });
    // TCP, not HTTPS: the HTTP layer requires authentication, so an HTTPS probe would see 401.
    const probe = new LbProbe(this, 'probe', { name: 'elasticsearch', loadbalancerId: this.loadBalancer.id, protocol: 'Tcp', port: HTTP_PORT, intervalInSeconds: 5 });
    new LbRule(this, 'rule', {
      name: 'elasticsearch-https',
      loadbalancerId: this.loadBalancer.id,
      protocol: 'Tcp',
      frontendPort: HTTP_PORT,
      backendPort: HTTP_PORT,
      frontendIpConfigurationName: 'internal',
      backendAddressPoolIds: [pool.id],
      probeId: probe.id,
      disableOutboundSnat: true,
    });

    const userData = renderUserData({
      elasticsearchVersion: input.elasticsearchVersion, nodeNames: input.nodeNames, nodeAddresses: input.nodeAddresses,
    });
    input.nodeNames.forEach((nodeName, index) => {
      const zone = zones.length > 0 ? zones[index % zones.length] : undefined;
      const identity = new UserAssignedIdentity(this, `identity-${index}`, { ...common, name: `${nodeName}-identity` });
      this.identities.push(identity);
      // Node 0 is the only writer (the CA, the elastic password, the formed marker); the others read.
      const role = new RoleAssignment(this, index === 0 ? 'secrets-officer-0' : `secrets-user-${index}`, {
        scope: input.keyVaultId,
        roleDefinitionName: index === 0 ? 'Key Vault Secrets Officer' : 'Key Vault Secrets User',
        principalId: identity.principalId,
        principalType: 'ServicePrincipal',
      });

      const nic = new NetworkInterface(this, `nic-${index}`, {
        ...common,
        name: `${nodeName}-nic`,
        ipConfiguration: [{ name: 'private', subnetId: input.subnetId, privateIpAddressAllocation: 'Static', privateIpAddress: input.nodeAddresses[index] }],
      });
      new NetworkInterfaceBackendAddressPoolAssociation(this, `pool-${index}`, {
        networkInterfaceId: nic.id, ipConfigurationName: 'private', backendAddressPoolId: pool.id,
      });
      const nicDependencies: ITerraformDependable[] = [];
      if (input.nicNetworkSecurityGroupId !== undefined) {
        nicDependencies.push(new NetworkInterfaceSecurityGroupAssociation(this, `nsg-${index}`, {
          networkInterfaceId: nic.id, networkSecurityGroupId: input.nicNetworkSecurityGroupId,
        }));
      }

      // Elasticsearch data: a disk of its own, which outlives the VM (a replaced VM reattaches it).
      const dataDisk = new ManagedDisk(this, `data-${index}`, {
        ...common,
        name: `${nodeName}-data`,
        storageAccountType: 'Premium_LRS',
        createOption: 'Empty',
        diskSizeGb: input.dataDiskSizeGb,
        zone,
      });

      const vm = new LinuxVirtualMachine(this, `vm-${index}`, {
        ...common,
        tags: { ...input.tags, [KEY_VAULT_URI_TAG]: input.keyVaultUri },
        name: nodeName,
        computerName: nodeName,
        size: input.vmSize,
        zone,
        adminUsername: ADMIN_USER,
        disablePasswordAuthentication: true,
        adminSshKey: [{ username: ADMIN_USER, publicKey: input.adminSshPublicKey }],
        networkInterfaceIds: [nic.id],
        sourceImageReference: IMAGE,
        osDisk: { caching: 'ReadWrite', storageAccountType: 'Premium_LRS', diskSizeGb: input.osDiskSizeGb },
        identity: { type: 'UserAssigned', identityIds: [identity.id] },
        customData: encodeCustomData(renderCloudConfig({
          clusterName: input.name,
          nodeName,
          nodeIndex: index,
          nodeAddress: input.nodeAddresses[index],
          loadBalancerAddress: input.loadBalancerAddress,
        })),
        userData,
        dependsOn: [role, ...input.bootDependencies, ...nicDependencies],
      });
      this.machines.push(vm);
      new VirtualMachineDataDiskAttachment(this, `data-attachment-${index}`, {
        managedDiskId: dataDisk.id,
        virtualMachineId: vm.id,
        lun: DATA_DISK_LUN,
        caching: 'None',
      });
    });
  }
}
