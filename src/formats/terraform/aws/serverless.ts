/**
 * `aws_opensearchserverless_collection` with its `aws_opensearchserverless_security_policy` (type
 * `network`) and `aws_opensearchserverless_access_policy` (type `data`) -> clusters, through the
 * format-neutral reading in `formats/opensearch-serverless.ts` that CloudFormation shares.
 */
import { Cluster, Fact, known, unknown } from '../../../core/model/model';
import { serverlessCollectionClusters, ServerlessPolicyInput } from '../../opensearch-serverless';
import { locationOf } from '../locations';
import { DocumentResolver } from '../resolver';

export const SERVERLESS_COLLECTION = 'aws_opensearchserverless_collection';
export const SERVERLESS_SECURITY_POLICY = 'aws_opensearchserverless_security_policy';
export const SERVERLESS_ACCESS_POLICY = 'aws_opensearchserverless_access_policy';

export function serverlessClusters(resolver: DocumentResolver): Cluster[] {
  const collections = resolver.ofType(SERVERLESS_COLLECTION);
  if (collections.length === 0) return [];
  const policies: ServerlessPolicyInput[] = [...resolver.ofType(SERVERLESS_SECURITY_POLICY), ...resolver.ofType(SERVERLESS_ACCESS_POLICY)]
    .map(policy => ({
      location: locationOf(policy, resolver.document),
      type: stringFact(resolver, policy.values.type, 'type'),
      document: jsonFact(resolver, policy.values.policy),
    }));
  return serverlessCollectionClusters(collections.map(c => ({
    location: locationOf(c, resolver.document),
    name: stringFact(resolver, c.values.name, 'name'),
  })), policies);
}

function stringFact(resolver: DocumentResolver, raw: unknown, name: string): Fact<string> {
  const read = resolver.read(raw);
  if (read.state === 'unknown') return unknown(`${name}: ${read.reason}`);
  if (read.state === 'absent') return unknown(`${name} is not set`);
  return known(String(read.value));
}

function jsonFact(resolver: DocumentResolver, raw: unknown): Fact<unknown> {
  const read = resolver.read(raw);
  if (read.state === 'unknown') return unknown(`policy: ${read.reason}`);
  if (read.state === 'absent') return unknown('policy is not set');
  if (typeof read.value !== 'string') return known(read.value);
  try {
    return known(JSON.parse(read.value));
  } catch {
    return unknown('policy is not valid JSON');
  }
}
