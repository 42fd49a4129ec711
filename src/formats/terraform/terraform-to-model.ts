/**
 * Terraform documents -> the core model: network security groups (with inline and standalone
 * rules) as firewalls, self-managed clusters with their facts and public endpoints.
 */
import { azureClustersOf } from './azurerm/clusters';
import { unmodelledAzureTypes } from './azurerm/modelled-types';
import { networkSecurityGroupFirewalls } from './azurerm/network-security-groups';
import { opaqueNetworkChanges } from './opaque';
import { DocumentResolver } from './resolver';
import { TerraformDocumentInput } from './terraform-document';
import { InfrastructureModel, SELF_MANAGED_PORTS } from '../../core/model/model';

/** Options of `terraformToModel`. */
export interface TerraformToModelOptions {
  /** More TCP ports that count on every network security group (a construct's own ports, `--ports`). */
  readonly extraPorts?: readonly number[];
}

/**
 * Translates documents (one per stack, file or plan) into one model. References resolve within
 * their document only.
 */
export function terraformToModel(documents: readonly TerraformDocumentInput[], options: TerraformToModelOptions = {}): InfrastructureModel {
  const ports = [...new Set([...SELF_MANAGED_PORTS, ...(options.extraPorts ?? [])])].sort((a, b) => a - b);
  const resolvers = documents.map(d => new DocumentResolver(d));
  const azure = resolvers.map(r => azureClustersOf(r, ports));
  return {
    firewalls: resolvers.flatMap(networkSecurityGroupFirewalls),
    clusters: azure.flatMap(a => a.clusters),
    nodes: azure.flatMap(a => a.nodes),
    entryPoints: azure.flatMap(a => a.entryPoints),
    opaque: resolvers.flatMap(opaqueNetworkChanges),
    unmodelledResourceTypes: [...new Set(resolvers.flatMap(unmodelledAzureTypes))].sort(),
    selfManagedPorts: ports,
  };
}
