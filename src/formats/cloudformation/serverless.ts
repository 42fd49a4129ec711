/**
 * `AWS::OpenSearchServerless::Collection` with its `AWS::OpenSearchServerless::SecurityPolicy` (Type
 * `network`) and `AWS::OpenSearchServerless::AccessPolicy` (Type `data`) -> clusters, through the
 * format-neutral reading that the Terraform translator shares. `Policy` is a JSON string.
 */
import { IntrinsicResolver } from './intrinsics';
import { TemplateSet } from './template-set';
import { Cluster, Fact, known, unknown } from '../../core/model/model';
import { serverlessCollectionClusters } from '../opensearch-serverless';

export const SERVERLESS_COLLECTION = 'AWS::OpenSearchServerless::Collection';
export const SERVERLESS_SECURITY_POLICY = 'AWS::OpenSearchServerless::SecurityPolicy';
export const SERVERLESS_ACCESS_POLICY = 'AWS::OpenSearchServerless::AccessPolicy';

export function serverlessClusters(templates: TemplateSet, resolver: IntrinsicResolver): Cluster[] {
  const collections = templates.resourcesOfType(SERVERLESS_COLLECTION);
  if (collections.length === 0) return [];
  const policies = templates.resourcesOfType(SERVERLESS_SECURITY_POLICY, SERVERLESS_ACCESS_POLICY).map(policy => ({
    location: templates.location(policy),
    type: stringFact(resolver, policy.templateIndex, policy.properties.Type, 'Type'),
    document: jsonFact(resolver, policy.templateIndex, policy.properties.Policy),
  }));
  return serverlessCollectionClusters(collections.map(c => ({
    location: templates.location(c),
    name: stringFact(resolver, c.templateIndex, c.properties.Name, 'Name'),
  })), policies);
}

function stringFact(resolver: IntrinsicResolver, templateIndex: number, raw: unknown, name: string): Fact<string> {
  if (raw === undefined) return unknown(`${name} is not set`);
  const values = resolver.resolveStrings(templateIndex, raw);
  if (!values.known) return unknown(`${name}: ${values.reason}`);
  // Several possible values (Fn::If): a single one is needed to match policies.
  return values.values.length === 1 ? known(values.values[0]) : unknown(`${name} can be ${values.values.map(v => JSON.stringify(v)).join(' or ')}`);
}

function jsonFact(resolver: IntrinsicResolver, templateIndex: number, raw: unknown): Fact<unknown> {
  if (raw === undefined) return unknown('Policy is not set');
  const values = resolver.resolveStrings(templateIndex, raw);
  if (!values.known) return unknown(`Policy: ${values.reason}`);
  if (values.values.length !== 1) return unknown('Policy can take several values');
  try {
    return known(JSON.parse(values.values[0]));
  } catch {
    return unknown('Policy is not valid JSON');
  }
}
