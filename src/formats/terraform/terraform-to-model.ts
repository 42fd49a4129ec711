/**
 * Terraform documents -> the core model: network security groups (azurerm) and security groups (AWS)
 * with inline and standalone rules as firewalls; self-managed clusters (azurerm) and managed domains /
 * OpenSearch Serverless collections (AWS) with their facts; every type no translator reads, for the
 * "no silent pass" summary, and the AWS ones that can open a path as opaque changes.
 */
import { domainClusters } from './aws/domains';
import { awsPaths } from './aws/paths';
import { securityGroupFirewalls } from './aws/security-groups';
import { serverlessClusters } from './aws/serverless';
import { azureClustersOf } from './azurerm/clusters';
import { unmodelledAzureTypes } from './azurerm/modelled-types';
import { networkSecurityGroupFirewalls } from './azurerm/network-security-groups';
import { locationOf } from './locations';
import { isAwsModelled, isAzureType } from './modelled-types';
import { opaqueNetworkChanges } from './opaque';
import { DocumentResolver } from './resolver';
import { TerraformDocumentInput } from './terraform-document';
import { InfrastructureModel, OpaqueNetworkChange, SELF_MANAGED_PORTS } from '../../core/model/model';
import { canOpenPath } from '../../core/model/path-types';

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
  const unmodelled = new Set<string>(resolvers.flatMap(unmodelledAzureTypes));
  const opaque: OpaqueNetworkChange[] = resolvers.flatMap(opaqueNetworkChanges);
  for (const resolver of resolvers) {
    for (const resource of resolver.document.resources) {
      // azurerm / azapi types are the azurerm translator's (unmodelledAzureTypes, opaqueNetworkChanges).
      if (isAzureType(resource.type) || isAwsModelled(resource.type)) continue;
      // Other providers' types are listed when they can open a path (utility types such as
      // random_password or null_resource say nothing about the network).
      if (!resource.type.startsWith('aws_') && !canOpenPath(resource.type)) continue;
      unmodelled.add(resource.type);
      if (canOpenPath(resource.type)) {
        opaque.push({
          location: locationOf(resource, resolver.document),
          description: `${resource.address} (${resource.type}, not modelled by this guard yet)`,
        });
      }
    }
    opaque.push(...unexpandedLocalModules(resolver.document));
  }
  const azure = resolvers.map(r => azureClustersOf(r, ports));
  const aws = resolvers.map(resolver => {
    const domains = domainClusters(resolver);
    return { domains, paths: awsPaths(resolver, domains, ports) };
  });
  return {
    firewalls: [...resolvers.flatMap(networkSecurityGroupFirewalls), ...resolvers.flatMap(securityGroupFirewalls)],
    clusters: [...azure.flatMap(a => a.clusters), ...aws.flatMap(a => [...a.domains, ...a.paths.clusters]), ...resolvers.flatMap(serverlessClusters)],
    nodes: [...azure.flatMap(a => a.nodes), ...aws.flatMap(a => a.paths.nodes)],
    entryPoints: [...azure.flatMap(a => a.entryPoints), ...aws.flatMap(a => a.paths.entryPoints)],
    opaque,
    unmodelledResourceTypes: [...unmodelled].sort(),
    selfManagedPorts: ports,
  };
}

/**
 * Local module calls whose resources are not in the input (outside the scanned paths, or read where
 * modules are not expanded: a cdktf stack, a lone file). Registry and remote modules are named by
 * `opaqueNetworkChanges`. Either can open a path unseen.
 */
function unexpandedLocalModules(document: TerraformDocumentInput): OpaqueNetworkChange[] {
  const expanded = new Set(document.expandedModules ?? []);
  return (document.modules ?? [])
    .filter(call => call.source !== undefined && /^\.\.?[\\/]/.test(call.source) && !expanded.has(call.name))
    .map(call => ({
      location: { resource: `${document.addressPrefix ?? ''}module.${call.name}`, resourceType: 'module', file: document.file, stack: document.stack },
      description: `module "${call.name}" from local source ${JSON.stringify(call.source)}, which is not among the scanned files`,
    }));
}
