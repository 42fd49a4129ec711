/**
 * `aws_opensearch_domain` / `aws_elasticsearch_domain` (+ `*_domain_policy`) -> model clusters, with the
 * facts the CloudFormation translator reads from `AWS::OpenSearchService::Domain` (same rules, same
 * messages). Absent settings take the value AWS applies when the API call leaves them out; unknown
 * values fail closed in the rule that reads them.
 */
import { policyAllowsAnyone } from './policies';
import { groupsReferencedBy, securityGroupModelId } from './security-groups';
import { Cluster, ClusterFacts, Fact, known, Known, unknown } from '../../../core/model/model';
import { locationOf } from '../locations';
import { DocumentResolver, FieldValue } from '../resolver';
import { isPlainObject, TerraformResourceInput } from '../terraform-document';

export const OPENSEARCH_DOMAIN = 'aws_opensearch_domain';
export const ELASTICSEARCH_DOMAIN = 'aws_elasticsearch_domain';
export const OPENSEARCH_DOMAIN_POLICY = 'aws_opensearch_domain_policy';
export const ELASTICSEARCH_DOMAIN_POLICY = 'aws_elasticsearch_domain_policy';

/** One nested block (`vpc_options { ... }`): absent, its body, or unknown. */
type Block = { state: 'absent' } | { state: 'present'; body: Record<string, any> } | { state: 'unknown'; reason: string };

export function domainClusters(resolver: DocumentResolver): Cluster[] {
  const policies = [...resolver.ofType(OPENSEARCH_DOMAIN_POLICY), ...resolver.ofType(ELASTICSEARCH_DOMAIN_POLICY)];
  return [...resolver.ofType(OPENSEARCH_DOMAIN), ...resolver.ofType(ELASTICSEARCH_DOMAIN)].map(domain => {
    const vpcOptions = block(resolver, domain.values.vpc_options, 'vpc_options');
    const inVpc: Fact = vpcOptions.state === 'unknown' ? unknown(vpcOptions.reason) : known(vpcOptions.state === 'present');
    // AWS's default when DomainEndpointOptions.EnforceHTTPS is not sent is false (OpenSearch Service API
    // reference, DomainEndpointOptions); the provider's own default is not relied on: fail closed.
    const httpsEnforced = booleanFact(resolver, domain, 'domain_endpoint_options', 'enforce_https', false);
    const facts: ClusterFacts = {
      inVpc,
      anonymousAccess: booleanFact(resolver, domain, 'advanced_security_options', 'anonymous_auth_enabled', false),
      fineGrainedAccessControl: booleanFact(resolver, domain, 'advanced_security_options', 'enabled', false),
      accessPolicyAllowsAnyone: accessPolicyFact(resolver, domain, policies),
      httpsEnforced,
      ...tlsPolicy(resolver, domain),
      nodeToNodeEncryption: booleanFact(resolver, domain, 'node_to_node_encryption', 'enabled', false),
      encryptionAtRest: booleanFact(resolver, domain, 'encrypt_at_rest', 'enabled', false),
      logsShipped: logsShipped(resolver, domain),
    };
    return {
      location: locationOf(domain, resolver.document),
      kind: 'managed-domain' as const,
      // 80 answers (with a redirect at best) unless HTTPS is literally enforced.
      ports: httpsEnforced.known && httpsEnforced.value ? [443] : [443, 80],
      attachedFirewalls: inVpc.known && !inVpc.value ? [] : attachedFirewalls(resolver, vpcOptions),
      facts,
    };
  });
}

function attachedFirewalls(resolver: DocumentResolver, vpcOptions: Block): Known<string>[] {
  if (vpcOptions.state === 'unknown') return [unknown(vpcOptions.reason)];
  if (vpcOptions.state === 'absent') return [];
  const raw = vpcOptions.body.security_group_ids;
  const read = resolver.read(raw);
  if (read.state === 'absent' || (read.state === 'literal' && Array.isArray(read.value) && read.value.length === 0)) {
    return [unknown('vpc_options has no security_group_ids: the VPC default security group, which is not in the input, is attached')];
  }
  const { groups, unresolved } = groupsReferencedBy(raw, resolver);
  return [
    ...groups.map(g => known(securityGroupModelId(g, resolver))),
    ...unresolved.map(reason => unknown<string>(`vpc_options.security_group_ids: ${reason}`)),
  ];
}

/** Terraform JSON writes a block as an object or a one-element list; a plan writes `[]` for none. */
export function block(resolver: DocumentResolver, raw: unknown, name: string): Block {
  const read = resolver.read(raw);
  if (read.state === 'unknown') return { state: 'unknown', reason: `${name}: ${read.reason}` };
  if (read.state === 'absent') return { state: 'absent' };
  const value = Array.isArray(read.value) ? read.value : [read.value];
  if (value.length === 0) return { state: 'absent' };
  if (!isPlainObject(value[0])) return { state: 'unknown', reason: `${name}: ${JSON.stringify(value[0])} is not a block` };
  return { state: 'present', body: value[0] };
}

function booleanFact(resolver: DocumentResolver, domain: TerraformResourceInput, blockName: string, key: string, absent: boolean): Fact {
  const parent = block(resolver, domain.values[blockName], blockName);
  if (parent.state === 'unknown') return unknown(parent.reason);
  if (parent.state === 'absent') return known(absent);
  return booleanValue(resolver.read(parent.body[key]), `${blockName}.${key}`, absent);
}

export function booleanValue(field: FieldValue, name: string, absent: boolean): Fact {
  if (field.state === 'unknown') return unknown(`${name}: ${field.reason}`);
  if (field.state === 'absent') return known(absent);
  if (field.value === true || field.value === 'true') return known(true);
  if (field.value === false || field.value === 'false') return known(false);
  return unknown(`${name}: ${JSON.stringify(field.value)} is not a boolean`);
}

/** Undefined when no policy is set (the engine words AWS's TLS 1.0 default itself). */
function tlsPolicy(resolver: DocumentResolver, domain: TerraformResourceInput): { tlsSecurityPolicy?: Fact<string> } {
  const parent = block(resolver, domain.values.domain_endpoint_options, 'domain_endpoint_options');
  if (parent.state === 'unknown') return { tlsSecurityPolicy: unknown(parent.reason) };
  if (parent.state === 'absent') return {};
  const field = resolver.read(parent.body.tls_security_policy);
  if (field.state === 'unknown') return { tlsSecurityPolicy: unknown(`domain_endpoint_options.tls_security_policy: ${field.reason}`) };
  if (field.state === 'absent' || field.value === '') return {};
  return { tlsSecurityPolicy: known(String(field.value)) };
}

/** `log_publishing_options` blocks, one per `log_type`; `enabled` defaults to true (provider schema). */
function logsShipped(resolver: DocumentResolver, domain: TerraformResourceInput): Fact<readonly string[]> {
  const read = resolver.read(domain.values.log_publishing_options);
  if (read.state === 'unknown') return unknown(`log_publishing_options: ${read.reason}`);
  if (read.state === 'absent') return known([]);
  const shipped: string[] = [];
  for (const option of Array.isArray(read.value) ? read.value : [read.value]) {
    if (!isPlainObject(option)) return unknown(`log_publishing_options: ${JSON.stringify(option)} is not a block`);
    const type = resolver.read(option.log_type);
    if (type.state === 'unknown') return unknown(`log_publishing_options.log_type: ${type.reason}`);
    const enabled = booleanValue(resolver.read(option.enabled), 'log_publishing_options.enabled', true);
    if (!enabled.known) return enabled as Fact<never>;
    if (enabled.value && type.state === 'literal') shipped.push(String(type.value));
  }
  return known(shipped);
}

/** The domain's own `access_policies` and every `*_domain_policy` naming it (by reference or by name). */
function accessPolicyFact(resolver: DocumentResolver, domain: TerraformResourceInput, policies: TerraformResourceInput[]): Fact {
  const documents: { raw: unknown; origin: string }[] = [];
  if (domain.values.access_policies !== undefined && domain.values.access_policies !== null) {
    documents.push({ raw: domain.values.access_policies, origin: domain.address });
  }
  const name = resolver.read(domain.values.domain_name);
  for (const policy of policies) {
    const target = policy.values.domain_name;
    const referenced = resolver.referencedAddress(target);
    const literal = resolver.read(target);
    const matches = referenced === domain.address
      || (referenced === undefined && literal.state === 'literal' && name.state === 'literal' && literal.value === name.value);
    if (matches) documents.push({ raw: policy.values.access_policies, origin: policy.address });
  }
  let unknownReason: string | undefined;
  for (const document of documents) {
    const verdict = policyAllowsAnyone(resolver, document.raw, document.origin);
    if (verdict.known && verdict.value) return verdict;
    if (!verdict.known) unknownReason ??= verdict.reason;
  }
  return unknownReason !== undefined ? unknown(unknownReason) : known(false);
}
