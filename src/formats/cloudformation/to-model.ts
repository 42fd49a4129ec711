/**
 * CloudFormation templates -> the core model. Framework-free: the scan CLI calls this where
 * aws-cdk-lib is not installed, and the CDK guard calls it on the templates it synthesizes.
 */
import { DomainTranslator } from './domains';
import { IntrinsicResolver } from './intrinsics';
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
  return {
    clusters: [...new DomainTranslator(templates, resolver, groups).translate(), ...serverlessClusters(templates, resolver)],
    firewalls: groups.translate(),
    selfManagedPorts: [...new Set([...SELF_MANAGED_PORTS, ...(options.extraPorts ?? [])])],
  };
}
