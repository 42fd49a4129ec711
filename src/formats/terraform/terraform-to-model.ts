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
import { isAwsModelled as isModelled, isAzureType } from './modelled-types';
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
  const azure = resolvers.map(r => azureClustersOf(r, ports));
  const unmodelled = new Set<string>(resolvers.flatMap(unmodelledAzureTypes));
  // ARM deployments, azapi network resources (azurerm translator) first: they name the resource best.
  const opaque: OpaqueNetworkChange[] = resolvers.flatMap(opaqueNetworkChanges);
  const isUnmodelled = (type: string) => (isAzureType(type) ? unmodelled.has(type) : !isModelled(type));
  for (const resolver of resolvers) {
    // Most documents hold only modelled types: their resources need no look.
    if (!resolver.resourceTypes().some(isUnmodelled)) continue;
    for (const resource of resolver.document.resources) {
      if (!isUnmodelled(resource.type)) continue;
      unmodelled.add(resource.type);
      if (canOpenPath(resource.type) && !opaque.some(o => o.location.resource === resource.address)) {
        opaque.push({
          location: locationOf(resource, resolver.document),
          description: `${resource.address} (${resource.type}, not modelled by this guard yet)`,
        });
      }
    }
  }
  for (const resolver of resolvers) {
    opaque.push(...unexpandedModules(resolver.document));
  }
  const aws = resolvers.map(resolver => {
    const domains = domainClusters(resolver);
    return { domains, paths: awsPaths(resolver, domains, ports) };
  });
  return {
    firewalls: [
      ...resolvers.flatMap(networkSecurityGroupFirewalls), ...resolvers.flatMap(securityGroupFirewalls), ...azure.flatMap(a => a.firewalls),
    ],
    clusters: [...azure.flatMap(a => a.clusters), ...aws.flatMap(a => [...a.domains, ...a.paths.clusters]), ...resolvers.flatMap(serverlessClusters)],
    nodes: [...azure.flatMap(a => a.nodes), ...aws.flatMap(a => a.paths.nodes)],
    entryPoints: [...azure.flatMap(a => a.entryPoints), ...aws.flatMap(a => a.paths.entryPoints)],
    opaque,
    unmodelledResourceTypes: [...unmodelled].sort(),
    selfManagedPorts: ports,
  };
}

/**
 * Module calls whose resources are not in the input: a registry or remote module (the guard does not
 * download it), or a local module outside the scanned paths. Either can open a path unseen.
 */
function unexpandedModules(document: TerraformDocumentInput): OpaqueNetworkChange[] {
  const expanded = new Set(document.expandedModules ?? []);
  return (document.modules ?? []).filter(call => !expanded.has(call.name)).map(call => {
    const source = call.source === undefined ? 'a source that is not a literal'
      : /^\.\.?\//.test(call.source) ? `local source ${JSON.stringify(call.source)}, which is not among the scanned files`
        : `${/^[\w-]+\/[\w-]+\/[\w-]+$/.test(call.source) ? 'registry' : 'remote'} source ${JSON.stringify(call.source)}, which this guard does not download`;
    return {
      location: { resource: `${document.addressPrefix ?? ''}module.${call.name}`, resourceType: 'module', file: document.file, stack: document.stack },
      description: `module "${call.name}" from ${source}`,
    };
  });
}
