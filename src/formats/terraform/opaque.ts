/**
 * Resources and module calls that can open a network path the translator cannot see (spec: "Unknown
 * is not safe"): ARM template deployments, `azapi_resource` / `azapi_update_resource` of a network
 * type (`Microsoft.Network/*`). (Modules from a registry or remote source: `unexpandedModules` in
 * terraform-to-model.ts.) Each is an `opaque`
 * entry of the model, named by that resource, which the engine reports as `unverifiable-network`.
 */
import { locationOf } from './locations';
import { DocumentResolver } from './resolver';
import { OpaqueNetworkChange } from '../../core/model/model';

/** ARM deployments: the template can declare any resource, network ones included. */
const TEMPLATE_DEPLOYMENT_TYPES = [
  'azurerm_resource_group_template_deployment', 'azurerm_subscription_template_deployment',
  'azurerm_management_group_template_deployment', 'azurerm_tenant_template_deployment', 'azurerm_template_deployment',
];
const AZAPI_TYPES = ['azapi_resource', 'azapi_update_resource'];

export function opaqueNetworkChanges(resolver: DocumentResolver): OpaqueNetworkChange[] {
  const document = resolver.document;
  const out: OpaqueNetworkChange[] = [];
  if (!resolver.hasAnyOf(TEMPLATE_DEPLOYMENT_TYPES) && !resolver.hasAnyOf(AZAPI_TYPES)) {
    return out;
  }
  for (const resource of document.resources) {
    if (TEMPLATE_DEPLOYMENT_TYPES.includes(resource.type)) {
      out.push({ location: locationOf(resource, document), description: `ARM template deployment ${resource.address}` });
    } else if (AZAPI_TYPES.includes(resource.type)) {
      const type = resolver.read(resource.values.type);
      if (type.state !== 'literal') {
        const why = type.state === 'unknown' ? type.reason : 'type is not set';
        out.push({ location: locationOf(resource, document), description: `${resource.address}, of a resource type not known at synthesis (${why}),` });
      } else if (/^microsoft\.network\//i.test(String(type.value))) {
        out.push({ location: locationOf(resource, document), description: `${resource.address} (${String(type.value)} through the Azure API)` });
      }
    }
  }
  return out;
}
