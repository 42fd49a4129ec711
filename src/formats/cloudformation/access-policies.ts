/**
 * Whether a managed domain's access policy allows any principal: the domain's own `AccessPolicies`
 * and the policy the aws-cdk-lib L2 `Domain` applies through a `Custom::OpenSearchAccessPolicy`
 * (an AwsCustomResource whose `Create`/`Update` are JSON strings built with `Fn::Join`, carrying
 * `parameters.AccessPolicies` as a nested JSON string and `parameters.DomainName` as `Ref <Domain>`).
 */
import { IntrinsicResolver, NO_VALUE, ResourceReference } from './intrinsics';
import { isObject, TemplateResource, TemplateSet } from './template-set';
import { Fact, known, unknown } from '../../core/model/model';

export const OPENSEARCH_ACCESS_POLICY = 'Custom::OpenSearchAccessPolicy';

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
  for (const custom of templates.resourcesOfType(OPENSEARCH_ACCESS_POLICY)) {
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
          : templates.resourcesOfType('AWS::OpenSearchService::Domain', 'AWS::Elasticsearch::Domain').find(d => {
            const name = resolver.resolveStrings(d.templateIndex, d.properties.DomainName);
            return name.known && name.values.includes(target);
          });
        if (!domain) continue;
        const list = byDomain.get(domain) ?? [];
        list.push({ templateIndex: custom.templateIndex, document, origin: custom.logicalId });
        byDomain.set(domain, list);
      }
    }
  }
  return byDomain;
}

/** The `accessPolicyAllowsAnyone` fact of a domain: its own policy plus the custom resources' policies. */
export function accessPolicyAllowsAnyone(resolver: IntrinsicResolver, domain: TemplateResource, custom: readonly PolicySource[]): Fact {
  const sources: PolicySource[] = [...custom];
  if (domain.properties.AccessPolicies !== undefined) {
    sources.push({ templateIndex: domain.templateIndex, document: domain.properties.AccessPolicies, origin: domain.logicalId });
  }
  let unknownReason: string | undefined;
  for (const source of sources) {
    const verdict = documentAllowsAnyone(resolver, source);
    if (verdict.known && verdict.value) return verdict;
    if (!verdict.known) unknownReason ??= verdict.reason;
  }
  return unknownReason !== undefined ? unknown(unknownReason) : known(false);
}

function documentAllowsAnyone(resolver: IntrinsicResolver, source: PolicySource): Fact {
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
      const verdict = principalIsAnyone(resolver, source.templateIndex, statement.Principal);
      if (verdict.known && verdict.value) return verdict;
      if (!verdict.known) unknownReason ??= `access policy of ${source.origin}: ${verdict.reason}`;
    }
  }
  return unknownReason !== undefined ? unknown(unknownReason) : known(false);
}

/** `*`, `{ AWS: '*' }`, or an ARN with a `*` (`arn:aws:iam::*:root`) admits anyone. */
function principalIsAnyone(resolver: IntrinsicResolver, templateIndex: number, principal: any): Fact {
  if (principal === undefined) return known(false); // NotPrincipal and service-only statements do not grant `*` here.
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
        if (element instanceof ResourceReference) continue; // a role or user of the template
        if (typeof element !== 'string') continue;
        if (kind === 'AWS' && element.includes('*')) return known(true);
        if (element === '*') return known(true);
      }
    }
  }
  return unknownReason !== undefined ? unknown(unknownReason) : known(false);
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
