/**
 * CloudFormation templates -> the core model. Framework-free: the scan CLI calls this where
 * aws-cdk-lib is not installed, and the CDK guard calls it on the templates it synthesizes.
 */
import { DomainTranslator } from './domains';
import { IntrinsicResolver } from './intrinsics';
import { LoadBalancerTranslator } from './load-balancers';
import { unmodelledCloudFormationTypes, unmodelledPathResources } from './modelled-types';
import { NodeTranslator } from './nodes';
import { OpaqueTranslator } from './opaque';
import { References } from './references';
import { SecurityGroupTranslator } from './security-groups';
import { serverlessClusters } from './serverless';
import { CloudFormationTemplateInput, TemplateSet } from './template-set';
import { InfrastructureModel, SELF_MANAGED_PORTS } from '../../core/model/model';

export interface CloudFormationToModelOptions {
  /** Ports that count on every security group besides the self-managed defaults (9200, 9300, 5601). */
  readonly extraPorts?: readonly number[];
}

/**
 * Translates templates (one per stack; cross-stack `Fn::ImportValue` resolves between them) into
 * the model the engine evaluates. Values the templates do not bound become unknown, never safe.
 */
export function cloudFormationToModel(
  inputs: readonly CloudFormationTemplateInput[],
  options: CloudFormationToModelOptions = {},
): InfrastructureModel {
  const templates = new TemplateSet(inputs);
  const resolver = new IntrinsicResolver(templates);
  const groups = new SecurityGroupTranslator(templates, resolver);
  const selfManagedPorts = [...new Set([...SELF_MANAGED_PORTS, ...(options.extraPorts ?? [])])];
  const domains = new DomainTranslator(templates, resolver, groups).translate();
  // Path hops (spec: "Paths"): nodes with their filters, then the entry points that reach them.
  const references = new References(templates, resolver, groups);
  const nodes = new NodeTranslator(templates, resolver, references, selfManagedPorts);
  const translated = nodes.translate(domains);
  return {
    clusters: [...domains, ...translated.clusters, ...serverlessClusters(templates, resolver)],
    firewalls: groups.translate(),
    nodes: translated.nodes,
    entryPoints: [...translated.entryPoints, ...new LoadBalancerTranslator(templates, references, nodes).translate()],
    opaque: [...new OpaqueTranslator(templates, resolver, references).translate(), ...unmodelledPathResources(templates)],
    unmodelledResourceTypes: unmodelledCloudFormationTypes(templates),
    selfManagedPorts,
  };
}
