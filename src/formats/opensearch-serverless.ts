/**
 * OpenSearch Serverless, format-neutral (CloudFormation and Terraform translators feed it the same
 * values): a collection is public when a `network` security policy whose rules match it sets
 * `AllowFromPublic: true`, and anonymous when a `data` access policy matching it names `*` as a principal.
 *
 * "Network policies ... Each policy can contain one or more rules. ... AllowFromPublic ... Resource
 * "collection/<name>" (wildcards: "collection/*", "collection/logs*")" and "Data access policies ...
 * Principal: a list of IAM ARNs / SAML identities" (Amazon OpenSearch Serverless Developer Guide,
 * "Network access" and "Data access control").
 */
import { Cluster, ClusterFacts, Fact, known, PublicEndpoint, ResourceLocation, unknown } from '../core/model/model';

/** One `network` or `data` policy of the input. */
export interface ServerlessPolicyInput {
  readonly location: ResourceLocation;
  /** `network`, `data`, `encryption`; unknown types fail closed. */
  readonly type: Fact<string>;
  /** The policy document: parsed JSON (a list of rules) or the reason it is not known. */
  readonly document: Fact<unknown>;
}

/** One collection of the input. */
export interface ServerlessCollectionInput {
  readonly location: ResourceLocation;
  readonly name: Fact<string>;
}

/** Collections -> clusters: public access as a public endpoint, `*` in a data policy as anonymous access. */
export function serverlessCollectionClusters(
  collections: readonly ServerlessCollectionInput[],
  policies: readonly ServerlessPolicyInput[],
): Cluster[] {
  return collections.map(collection => {
    const publicEndpoints: PublicEndpoint[] = [];
    let networkUnknown: string | undefined;
    for (const policy of policies.filter(p => !p.type.known || p.type.value === 'network')) {
      const verdict = allowsFromPublic(policy, collection.name);
      if (verdict.known && verdict.value) {
        publicEndpoints.push({ description: `network policy ${policy.location.resource} (AllowFromPublic: true)`, origin: policy.location });
      } else if (!verdict.known) {
        networkUnknown ??= verdict.reason;
      }
    }
    const anonymous = grantsAnyone(policies.filter(p => !p.type.known || p.type.value === 'data'), collection.name);
    const facts: ClusterFacts = {
      // Public access is named by its policy (publicEndpoints); a policy the input does not fix
      // leaves the collection's placement unknown (unverifiable-network).
      ...(publicEndpoints.length === 0 && networkUnknown !== undefined ? { inVpc: unknown(networkUnknown) } : {}),
      publicEndpoints,
      anonymousAccess: anonymous,
      // "OpenSearch Serverless supports TLS 1.2 and later" for every request, over HTTPS only
      // (Developer Guide, "Encryption in transit"): the TLS 1.2 policy of managed domains, in effect.
      httpsEnforced: known(true),
      tlsSecurityPolicy: known('Policy-Min-TLS-1-2-2019-07'),
    };
    return {
      location: collection.location,
      kind: 'managed-domain' as const,
      // Serverless endpoints answer HTTPS only (Developer Guide, "Overview": TLS 1.2 for every request).
      ports: [443],
      attachedFirewalls: [],
      facts,
    };
  });
}

/** Whether one network policy allows public access to the collection. */
function allowsFromPublic(policy: ServerlessPolicyInput, name: Fact<string>): Fact {
  if (!policy.type.known) return unknown(`the type of ${policy.location.resource}: ${policy.type.reason}`);
  if (!policy.document.known) return unknown(`network policy ${policy.location.resource}: ${policy.document.reason}`);
  const entries = Array.isArray(policy.document.value) ? policy.document.value : [policy.document.value];
  let unknownReason: string | undefined;
  for (const entry of entries) {
    if (!isObject(entry)) return unknown(`network policy ${policy.location.resource} is not a list of rules`);
    const matches = rulesMatch(entry.Rules, name, 'collection');
    if (matches.known && !matches.value) continue;
    if (entry.AllowFromPublic === true || entry.AllowFromPublic === 'true') {
      if (matches.known) return known(true);
      unknownReason ??= matches.reason;
    }
  }
  return unknownReason !== undefined ? unknown(unknownReason) : known(false);
}

/** Whether a data access policy matching the collection (or its indexes) names `*` as a principal. */
function grantsAnyone(policies: readonly ServerlessPolicyInput[], name: Fact<string>): Fact {
  let unknownReason: string | undefined;
  for (const policy of policies) {
    if (!policy.type.known) {
      unknownReason ??= `the type of ${policy.location.resource}: ${policy.type.reason}`;
      continue;
    }
    if (!policy.document.known) {
      unknownReason ??= `data access policy ${policy.location.resource}: ${policy.document.reason}`;
      continue;
    }
    const entries = Array.isArray(policy.document.value) ? policy.document.value : [policy.document.value];
    for (const entry of entries) {
      if (!isObject(entry)) continue;
      const principals = Array.isArray(entry.Principal) ? entry.Principal : [entry.Principal];
      if (!principals.some(p => p === '*')) continue;
      const matches = rulesMatch(entry.Rules, name, 'any');
      if (matches.known && matches.value) return known(true);
      if (!matches.known) unknownReason ??= matches.reason;
    }
  }
  return unknownReason !== undefined ? unknown(unknownReason) : known(false);
}

/**
 * Whether any rule names the collection: `collection/<name>` for collections, `index/<name>/<index>`
 * for indexes (data policies), `*` wildcards anywhere.
 */
function rulesMatch(rules: unknown, name: Fact<string>, scope: 'collection' | 'any'): Fact {
  let unknownReason: string | undefined;
  for (const rule of Array.isArray(rules) ? rules : []) {
    if (!isObject(rule)) continue;
    const type = String(rule.ResourceType ?? '');
    if (scope === 'collection' && type !== 'collection') continue;
    for (const resource of Array.isArray(rule.Resource) ? rule.Resource : [rule.Resource]) {
      if (typeof resource !== 'string') continue;
      const collectionPattern = resource.split('/')[1];
      if (collectionPattern === undefined) continue;
      if (!name.known) {
        unknownReason ??= `the name of the collection ${name.reason}, so whether ${resource} matches it is not known`;
        continue;
      }
      if (wildcard(collectionPattern).test(name.value)) return known(true);
    }
  }
  return unknownReason !== undefined ? unknown(unknownReason) : known(false);
}

function wildcard(pattern: string): RegExp {
  return new RegExp(`^${pattern.split('*').map(p => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
}

function isObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
