/**
 * The nodes: one VM per node with a static private address and no public IP, a system-assigned
 * identity that reads Key Vault (node 0 also writes: it creates the CA and the `elastic` password),
 * and an internal Standard load balancer on 9200 with a TCP health probe.
 */
import { Lb } from '@cdktf/provider-azurerm/lib/lb';
import { LbBackendAddressPool } from '@cdktf/provider-azurerm/lib/lb-backend-address-pool';
import { LbProbe } from '@cdktf/provider-azurerm/lib/lb-probe';
import { LbRule } from '@cdktf/provider-azurerm/lib/lb-rule';
import { LinuxVirtualMachine } from '@cdktf/provider-azurerm/lib/linux-virtual-machine';
import { NetworkInterface } from '@cdktf/provider-azurerm/lib/network-interface';
import { NetworkInterfaceBackendAddressPoolAssociation } from '@cdktf/provider-azurerm/lib/network-interface-backend-address-pool-association';
import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
import { Construct } from 'constructs';
import { encodeCustomData, HTTP_PORT, NodeConfigInput, renderCloudConfig } from './cloud-config';

export interface ClusterNodesInput {
  readonly name: string;
  readonly resourceGroupName: string;
  readonly location: string;
  readonly tags: Record<string, string>;
  readonly subnetId: string;
  readonly vmSize: string;
  readonly osDiskSizeGb: number;
  readonly adminSshPublicKey: string;
  readonly nodeNames: readonly string[];
  readonly nodeAddresses: readonly string[];
  readonly loadBalancerAddress: string;
  readonly keyVaultId: string;
  readonly keyVaultName: string;
  readonly elasticsearchVersion: string;
}

/** Ubuntu 22.04 LTS from Canonical: no marketplace plan, no terms to accept. */
const IMAGE = { publisher: 'Canonical', offer: '0001-com-ubuntu-server-jammy', sku: '22_04-lts-gen2', version: 'latest' };
const ADMIN_USER = 'esadmin';

export class ClusterNodes extends Construct {
  public readonly loadBalancer: Lb;
  public readonly machines: LinuxVirtualMachine[] = [];

  constructor(scope: Construct, id: string, input: ClusterNodesInput) {
    super(scope, id);
    const common = { resourceGroupName: input.resourceGroupName, location: input.location, tags: input.tags };

    this.loadBalancer = new Lb(this, 'lb', {
      ...common,
      name: `${input.name}-lb`,
      sku: 'Standard',
      frontendIpConfiguration: [{
        name: 'internal',
        subnetId: input.subnetId,
        privateIpAddressAllocation: 'Static',
        privateIpAddress: input.loadBalancerAddress,
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

    input.nodeNames.forEach((nodeName, index) => {
      const nic = new NetworkInterface(this, `nic-${index}`, {
        ...common,
        name: `${nodeName}-nic`,
        ipConfiguration: [{ name: 'private', subnetId: input.subnetId, privateIpAddressAllocation: 'Static', privateIpAddress: input.nodeAddresses[index] }],
      });
      new NetworkInterfaceBackendAddressPoolAssociation(this, `pool-${index}`, {
        networkInterfaceId: nic.id, ipConfigurationName: 'private', backendAddressPoolId: pool.id,
      });
      const config: NodeConfigInput = {
        clusterName: input.name,
        nodeName,
        nodeIndex: index,
        nodeAddress: input.nodeAddresses[index],
        allNodeNames: input.nodeNames,
        allNodeAddresses: input.nodeAddresses,
        keyVaultName: input.keyVaultName,
        elasticsearchVersion: input.elasticsearchVersion,
      };
      const vm = new LinuxVirtualMachine(this, `vm-${index}`, {
        ...common,
        name: nodeName,
        computerName: nodeName,
        size: input.vmSize,
        adminUsername: ADMIN_USER,
        disablePasswordAuthentication: true,
        adminSshKey: [{ username: ADMIN_USER, publicKey: input.adminSshPublicKey }],
        networkInterfaceIds: [nic.id],
        sourceImageReference: IMAGE,
        osDisk: { caching: 'ReadWrite', storageAccountType: 'Premium_LRS', diskSizeGb: input.osDiskSizeGb },
        identity: { type: 'SystemAssigned' },
        customData: encodeCustomData(renderCloudConfig(config)),
      });
      this.machines.push(vm);
      new RoleAssignment(this, `secrets-user-${index}`, {
        scope: input.keyVaultId, roleDefinitionName: 'Key Vault Secrets User', principalId: vm.identity.principalId,
      });
      if (index === 0) {
        // The bootstrap node writes the CA and the elastic password: the only writer.
        new RoleAssignment(this, 'secrets-officer-0', {
          scope: input.keyVaultId, roleDefinitionName: 'Key Vault Secrets Officer', principalId: vm.identity.principalId,
        });
      }
    });
  }
}
