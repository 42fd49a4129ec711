/**
 * Whether a managed domain's access policy allows any principal: the domain's own `AccessPolicies`
 * and the policy the aws-cdk-lib L2 `Domain` applies through a `Custom::OpenSearchAccessPolicy` (the
 * legacy `aws-elasticsearch` L2: `Custom::ElasticsearchAccessPolicy`)
 * (an AwsCustomResource whose `Create`/`Update` are JSON strings built with `Fn::Join`, carrying
 * `parameters.AccessPolicies` as a nested JSON string and `parameters.DomainName` as `Ref <Domain>`).
 */
import { IntrinsicResolver, NO_VALUE, ResourceReference } from './intrinsics';
import { isObject, TemplateResource, TemplateSet } from './template-set';
import { Fact, known, unknown } from '../../core/model/model';

export const OPENSEARCH_ACCESS_POLICY = 'Custom::OpenSearchAccessPolicy';
/** The legacy `aws-elasticsearch` L2 `Domain` writes the same call (`updateElasticsearchDomainConfig`) under this type. */
export const ELASTICSEARCH_ACCESS_POLICY = 'Custom::ElasticsearchAccessPolicy';

/** An access policy document with the template it must be resolved in. */
export interface PolicySource {
  readonly templateIndex: number;
  /** The document; tokens the custom resource held are `{ Ref }` / `{ Fn::GetAtt }` objects again. */
  readonly document: any;
  readonly origin: string;
}

/** The `Custom::OpenSearchAccessPolicy` policies of the input, by the domain they update. */
export function customAccessPoliciesByDomain(templates: TemplateSet, resolver: IntrinsicResolver): Map<TemplateResource, PolicySource[]> {
  const byDomain = new Map<TemplateResource, PolicySource[]>();
  let named: DomainNames | undefined;
  for (const custom of templates.resourcesOfType(OPENSEARCH_ACCESS_POLICY, ELASTICSEARCH_ACCESS_POLICY)) {
    for (const key of ['Create', 'Update']) {
      const call = parseJoinedJson(custom.properties[key]);
      const parameters = call?.value?.parameters;
      if (!isObject(parameters) || typeof parameters.AccessPolicies !== 'string') continue;
      const document = parsePolicyText(parameters.AccessPolicies, call!.tokens);
      const domainRef = call!.tokens.get(String(parameters.DomainName));
      const targets = domainRef !== undefined
        ? resolver.resolve(custom.templateIndex, domainRef)
        : { known: true as const, values: [parameters.DomainName] };
      if (!targets.known) continue;
      for (const target of targets.values) {
        const domain = target instanceof ResourceReference
          ? templates.resource(target.templateIndex, target.logicalId)
          : (named ??= domainNames(templates, resolver)).domainNamed(custom.templateIndex, target);
        if (!domain) continue;
        const list = byDomain.get(domain) ?? [];
        list.push({ templateIndex: custom.templateIndex, document, origin: custom.logicalId });
        byDomain.set(domain, list);
      }
    }
  }
  return byDomain;
}

interface DomainNames {
  /** The domain with that `DomainName`, looked up in the custom resource's own template first. */
  domainNamed(templateIndex: number, name: any): TemplateResource | undefined;
}

/** Every domain's `DomainName` values, resolved once (not once per policy that names a domain). */
function domainNames(templates: TemplateSet, resolver: IntrinsicResolver): DomainNames {
  const byName = new Map<any, TemplateResource[]>();
  for (const domain of templates.resourcesOfType('AWS::OpenSearchService::Domain', 'AWS::Elasticsearch::Domain')) {
    const own = resolver.resolveStrings(domain.templateIndex, domain.properties.DomainName);
    // Each value once (`resolveStrings` gives unique values), domains in template order.
    if (!own.known) continue;
    for (const name of own.values) {
      const list = byName.get(name);
      if (list) list.push(domain); else byName.set(name, [domain]);
    }
  }
  return {
    domainNamed(templateIndex, name) {
      const named = byName.get(name) ?? [];
      return named.find(d => d.templateIndex === templateIndex) ?? named[0];
    },
  };
}

/** The `accessPolicyAllowsAnyone` fact of a domain: its own policy plus the custom resources' policies. */
export function accessPolicyAllowsAnyone(
  templates: TemplateSet, resolver: IntrinsicResolver, domain: TemplateResource, custom: readonly PolicySource[],
): Fact {
  const sources: PolicySource[] = [...custom];
  if (domain.properties.AccessPolicies !== undefined) {
    sources.push({ templateIndex: domain.templateIndex, document: domain.properties.AccessPolicies, origin: domain.logicalId });
  }
  let unknownReason: string | undefined;
  for (const source of sources) {
    const verdict = documentAllowsAnyone(templates, resolver, source);
    if (verdict.known && verdict.value) return verdict;
    if (!verdict.known) unknownReason ??= verdict.reason;
  }
  return unknownReason !== undefined ? unknown(unknownReason) : known(false);
}

function documentAllowsAnyone(templates: TemplateSet, resolver: IntrinsicResolver, source: PolicySource): Fact {
  const documents = resolver.resolve(source.templateIndex, source.document);
  if (!documents.known) return unknown(`access policy of ${source.origin}: ${documents.reason}`);
  let unknownReason: string | undefined;
  for (let document of documents.values) {
    if (document === NO_VALUE) continue;
    if (typeof document === 'string') document = safeJson(document);
    if (!isObject(document)) return unknown(`access policy of ${source.origin} is not a policy document`);
    const { elements, unknown: reasons } = resolver.resolveListElements(source.templateIndex, document.Statement);
    if (reasons.length > 0) unknownReason ??= `access policy of ${source.origin}: ${reasons[0]}`;
    for (const statement of elements) {
      if (!isObject(statement)) continue;
      const effect = resolver.resolveStrings(source.templateIndex, statement.Effect ?? 'Allow');
      if (effect.known && !effect.values.includes('Allow')) continue;
      const verdict = statementAllowsAnyone(resolver, templates, source.templateIndex, statement);
      if (verdict.known && verdict.value) return verdict;
      if (!verdict.known) unknownReason ??= `access policy of ${source.origin}: ${verdict.reason}`;
    }
  }
  return unknownReason !== undefined ? unknown(unknownReason) : known(false);
}

/**
 * Whether one `Allow` statement admits anyone:
 * - `NotPrincipal` with `Allow` (IAM User Guide, NotPrincipal: it "allows all principals except the one
 *   named in the NotPrincipal element ... you might grant access to anonymous (unauthenticated) users");
 * - `Principal` `*`, `{ AWS: '*' }`, or an `AWS` ARN with a `*` (`arn:aws:iam::*:root`);
 * - a Cognito identity pool's unauthenticated identities: `{ Federated: 'cognito-identity.amazonaws.com' }`
 *   unless the statement limits `cognito-identity.amazonaws.com:amr` to `authenticated`, or the
 *   unauthenticated role of an identity pool (identity pools "provide temporary AWS credentials for users
 *   who are guests (unauthenticated)": Amazon Cognito identity pools; anyone can get them).
 * Tokens that are one specific thing (`${AWS::Partition}`, `${AWS::AccountId}`, a role of the template)
 * keep a principal specific; a parameter or any other unknown part makes it unknown.
 */
function statementAllowsAnyone(resolver: IntrinsicResolver, templates: TemplateSet, templateIndex: number, statement: Record<string, any>): Fact {
  if (statement.NotPrincipal !== undefined) return known(true);
  const principal = statement.Principal;
  if (principal === undefined) return known(false); // service-only statements grant no principal here
  return resolver.withSymbolicText(() => {
    const resolved = resolver.resolve(templateIndex, principal);
    if (!resolved.known) return unknown(`Principal: ${resolved.reason}`);
    let unknownReason: string | undefined;
    for (const value of resolved.values) {
      if (value === '*') return known(true);
      if (!isObject(value)) continue;
      for (const [kind, raw] of Object.entries<any>(value)) {
        const { elements, unknown: reasons } = resolver.resolveListElements(templateIndex, raw);
        if (reasons.length > 0) unknownReason ??= `Principal ${kind}: ${reasons[0]}`;
        for (const element of elements) {
          const verdict = principalElementIsAnyone(resolver, templates, templateIndex, kind, element, statement.Condition);
          if (verdict.known && verdict.value) return verdict;
          if (!verdict.known) unknownReason ??= `Principal ${kind}: ${verdict.reason}`;
        }
      }
    }
    return unknownReason !== undefined ? unknown(unknownReason) : known(false);
  });
}

function principalElementIsAnyone(
  resolver: IntrinsicResolver, templates: TemplateSet, templateIndex: number, kind: string, element: any, condition: any,
): Fact {
  if (element instanceof ResourceReference) {
    const resource = templates.resource(element.templateIndex, element.logicalId);
    if (resource?.type === IAM_ROLE) return known(isUnauthenticatedCognitoRole(resolver, templates, resource));
    if (resource?.type.startsWith('AWS::IAM::')) return known(false); // a user of the template
    return unknown(`${element} is not known at synthesis`);
  }
  const texts = resolver.resolveStrings(templateIndex, element);
  if (!texts.known) return unknown(texts.reason);
  for (const text of texts.values as string[]) {
    if (text === '*') return known(true);
    if (kind === 'AWS' && literalPart(text).includes('*')) return known(true);
    if (kind === 'AWS') {
      const role = roleOfArnText(templates, text);
      if (role && isUnauthenticatedCognitoRole(resolver, templates, role)) return known(true);
    }
    if (kind === 'Federated' && text === COGNITO_IDENTITY && admitsUnauthenticated(resolver, templateIndex, condition)) return known(true);
  }
  return known(false);
}

const IAM_ROLE = 'AWS::IAM::Role';
const COGNITO_IDENTITY = 'cognito-identity.amazonaws.com';
const AMR_KEY = 'cognito-identity.amazonaws.com:amr';
const ROLE_ATTACHMENT = 'AWS::Cognito::IdentityPoolRoleAttachment';
const IDENTITY_POOL = 'AWS::Cognito::IdentityPool';
const AUD_KEY = 'cognito-identity.amazonaws.com:aud';

/** The text without `<...>` placeholders of specific tokens. */
function literalPart(text: string): string {
  return text.replace(/<[^<>]*>/g, '');
}

/** `arn:...:role/<Ref Role>` (a role name taken from a role of the template) -> that role. */
function roleOfArnText(templates: TemplateSet, text: string): TemplateResource | undefined {
  const match = /:role\/(?:.*\/)?<Ref ([^<>]+)>$/.exec(text);
  if (!match) return undefined;
  return templates.resourcesOfType(IAM_ROLE).find(r => r.logicalId === match[1]);
}

/**
 * Whether the statement's conditions leave unauthenticated Cognito identities in: no condition on
 * `cognito-identity.amazonaws.com:amr`, or one whose values include `unauthenticated` (or cannot be read).
 */
function admitsUnauthenticated(resolver: IntrinsicResolver, templateIndex: number, condition: any): boolean {
  if (!isObject(condition)) return true;
  let limited = false;
  for (const block of Object.values<any>(condition)) {
    if (!isObject(block) || block[AMR_KEY] === undefined) continue;
    limited = true;
    const values = resolver.resolveListElements(templateIndex, block[AMR_KEY]);
    if (values.unknown.length > 0) return true;
    if (values.elements.some(v => typeof v !== 'string' || /unauthenticated|\*/.test(v))) return true;
  }
  return !limited;
}

/**
 * A role unauthenticated Cognito identities can assume: attached as `unauthenticated` by an
 * `AWS::Cognito::IdentityPoolRoleAttachment`, or trusting `cognito-identity.amazonaws.com` for
 * unauthenticated identities (how aws-cdk-lib's `FederatedPrincipal` writes the guest role).
 */
function isUnauthenticatedCognitoRole(resolver: IntrinsicResolver, templates: TemplateSet, role: TemplateResource): boolean {
  for (const attachment of templates.resourcesOfType(ROLE_ATTACHMENT)) {
    const roles = resolver.resolve(attachment.templateIndex, attachment.properties.Roles);
    if (!roles.known) continue;
    for (const map of roles.values) {
      if (!isObject(map) || map.unauthenticated === undefined) continue;
      const targets = resolver.resolve(attachment.templateIndex, map.unauthenticated);
      const isRole = (t: any) => t instanceof ResourceReference && t.templateIndex === role.templateIndex && t.logicalId === role.logicalId;
      if (!targets.known || !targets.values.some(isRole)) continue;
      if (poolAdmitsGuests(resolver, templates, attachment.templateIndex, attachment.properties.IdentityPoolId)) return true;
    }
  }
  const trust = resolver.resolve(role.templateIndex, role.properties.AssumeRolePolicyDocument);
  if (!trust.known) return false;
  for (const document of trust.values) {
    if (!isObject(document)) continue;
    const { elements } = resolver.resolveListElements(role.templateIndex, document.Statement);
    for (const statement of elements) {
      if (!isObject(statement) || statement.Effect === 'Deny' || !isObject(statement.Principal)) continue;
      const federated = resolver.resolveListElements(role.templateIndex, statement.Principal.Federated).elements;
      if (!federated.includes(COGNITO_IDENTITY)) continue;
      // Only an explicit amr condition tells guests in; without one the pool's authenticated role is meant.
      if (!hasUnauthenticatedAmr(resolver, role.templateIndex, statement.Condition)) continue;
      const audiences = isObject(statement.Condition) ? Object.values<any>(statement.Condition).map(b => (isObject(b) ? b[AUD_KEY] : undefined)) : [];
      const audience = audiences.find(a => a !== undefined);
      if (audience === undefined || poolAdmitsGuests(resolver, templates, role.templateIndex, audience)) return true;
    }
  }
  return false;
}

/**
 * False only when the identity pool is in the input and refuses guests (`AllowUnauthenticatedIdentities`
 * false in every branch: AWS::Cognito::IdentityPool, "Specifies whether the identity pool supports
 * unauthenticated logins"); a pool outside the input may admit them.
 */
function poolAdmitsGuests(resolver: IntrinsicResolver, templates: TemplateSet, templateIndex: number, poolId: any): boolean {
  const pools = resolver.resolve(templateIndex, poolId);
  if (!pools.known) return true;
  return pools.values.some(p => {
    const pool = p instanceof ResourceReference ? templates.resource(p.templateIndex, p.logicalId) : undefined;
    if (pool?.type !== IDENTITY_POOL) return true;
    const allowed = resolver.resolve(pool.templateIndex, pool.properties.AllowUnauthenticatedIdentities);
    return !allowed.known || allowed.values.some(v => v !== false && v !== 'false');
  });
}

function hasUnauthenticatedAmr(resolver: IntrinsicResolver, templateIndex: number, condition: any): boolean {
  if (!isObject(condition)) return false;
  return Object.values<any>(condition).some(block => isObject(block) && block[AMR_KEY] !== undefined
    && resolver.resolveListElements(templateIndex, block[AMR_KEY]).elements.some(v => v === 'unauthenticated'));
}

/**
 * Parses a `Fn::Join` of JSON text whose non-literal parts are intrinsics: each part becomes a
 * placeholder string, remembered in `tokens` so that it can be resolved later.
 */
function parseJoinedJson(raw: any): { value: any; tokens: Map<string, any> } | undefined {
  const tokens = new Map<string, any>();
  let text: string;
  if (typeof raw === 'string') {
    text = raw;
  } else if (isObject(raw) && Array.isArray(raw['Fn::Join']) && raw['Fn::Join'][0] === '' && Array.isArray(raw['Fn::Join'][1])) {
    text = raw['Fn::Join'][1].map((part: any) => {
      if (typeof part === 'string') return part;
      const placeholder = `SGTOKEN${tokens.size}SGTOKEN`;
      tokens.set(placeholder, part);
      return placeholder;
    }).join('');
  } else {
    return undefined;
  }
  const value = safeJson(text);
  return value === undefined ? undefined : { value, tokens };
}

/** The nested AccessPolicies JSON string, with placeholders turned back into intrinsics. */
function parsePolicyText(text: string, tokens: Map<string, any>): any {
  const restore = (value: any): any => {
    if (typeof value === 'string') {
      if (tokens.has(value)) return tokens.get(value);
      if (/SGTOKEN\d+SGTOKEN/.test(value)) {
        const parts = value.split(/(SGTOKEN\d+SGTOKEN)/).filter(p => p !== '').map(p => tokens.get(p) ?? p);
        return { 'Fn::Join': ['', parts] };
      }
      return value;
    }
    if (Array.isArray(value)) return value.map(restore);
    if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, restore(v)]));
    return value;
  };
  return restore(safeJson(text));
}

function safeJson(text: string): any {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
