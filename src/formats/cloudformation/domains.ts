/**
 * AWS::OpenSearchService::Domain and legacy AWS::Elasticsearch::Domain -> model clusters
 * (spec: "Cluster ports", managed domains). Facts take the worst value any branch can produce.
 */
import { accessPolicyAllowsAnyone, customAccessPoliciesByDomain } from './access-policies';
import { IntrinsicResolver, NO_VALUE } from './intrinsics';
import { SecurityGroupTranslator } from './security-groups';
import { isObject, TemplateResource, TemplateSet } from './template-set';
import { Cluster, ClusterFacts, Fact, known, Known, unknown } from '../../core/model/model';

export const OPENSEARCH_DOMAIN = 'AWS::OpenSearchService::Domain';
export const ELASTICSEARCH_DOMAIN = 'AWS::Elasticsearch::Domain';

/** AWS's default when `TLSSecurityPolicy` is not set. */
const DEFAULT_TLS_POLICY = 'Policy-Min-TLS-1-0-2019-07';

export class DomainTranslator {
  constructor(
    private readonly templates: TemplateSet,
    private readonly resolver: IntrinsicResolver,
    private readonly groups: SecurityGroupTranslator,
  ) {}

  public translate(): Cluster[] {
    const customPolicies = customAccessPoliciesByDomain(this.templates, this.resolver);
    return this.templates.resourcesOfType(OPENSEARCH_DOMAIN, ELASTICSEARCH_DOMAIN).map(domain => {
      const httpsEnforced = this.booleanFact(domain, ['DomainEndpointOptions', 'EnforceHTTPS'], false, 'all');
      const vpcOptions = this.objects(domain, domain.properties.VPCOptions);
      const inVpc = this.inVpc(domain, vpcOptions);
      const facts: ClusterFacts = {
        inVpc,
        anonymousAccess: this.booleanFact(domain, ['AdvancedSecurityOptions', 'AnonymousAuthEnabled'], false, 'any'),
        fineGrainedAccessControl: this.booleanFact(domain, ['AdvancedSecurityOptions', 'Enabled'], false, 'all'),
        accessPolicyAllowsAnyone: accessPolicyAllowsAnyone(this.templates, this.resolver, domain, customPolicies.get(domain) ?? []),
        httpsEnforced,
        ...optional('tlsSecurityPolicy', this.tlsPolicy(domain)),
        nodeToNodeEncryption: this.booleanFact(domain, ['NodeToNodeEncryptionOptions', 'Enabled'], false, 'all'),
        encryptionAtRest: this.booleanFact(domain, ['EncryptionAtRestOptions', 'Enabled'], false, 'all'),
        logsShipped: this.logsShipped(domain),
      };
      return {
        location: this.templates.location(domain),
        kind: 'managed-domain' as const,
        // 80 answers (with a redirect at best) unless HTTPS is literally enforced.
        ports: httpsEnforced.known && httpsEnforced.value ? [443] : [443, 80],
        attachedFirewalls: inVpc.known && !inVpc.value ? [] : this.attachedFirewalls(domain, vpcOptions),
        facts,
      };
    });
  }

  private attachedFirewalls(domain: TemplateResource, vpcOptions: ObjectValues): Known<string>[] {
    if (!vpcOptions.known) return [unknown(`VPCOptions: ${vpcOptions.reason}`)];
    const attached: Known<string>[] = [];
    for (const options of vpcOptions.values) {
      if (options === undefined) continue;
      if (options.SecurityGroupIds === undefined) {
        attached.push(unknown('VPCOptions has no SecurityGroupIds: the VPC default security group, which is not in the input, is attached'));
        continue;
      }
      const { elements, unknown: reasons } = this.resolver.resolveListElements(domain.templateIndex, options.SecurityGroupIds);
      for (const reason of reasons) attached.push(unknown(`SecurityGroupIds: ${reason}`));
      for (const element of elements) {
        const { groups, unresolved } = this.groups.groupsReferencedBy(domain.templateIndex, element);
        for (const group of groups) attached.push(known(this.templates.modelId(group)));
        for (const reason of unresolved) attached.push(unknown(`SecurityGroupIds: ${reason}`));
      }
    }
    return attached;
  }

  /**
   * Placed in a VPC only when every branch names at least one subnet: `VPCOptions` without
   * `SubnetIds`, or with an empty list, gives the domain no VPC placement (VPCOptions, SubnetIds:
   * "the subnets ... the domain's VPC endpoint is placed in"), so its endpoint is public.
   */
  private inVpc(domain: TemplateResource, vpcOptions: ObjectValues): Fact {
    if (!vpcOptions.known) return unknown(`VPCOptions: ${vpcOptions.reason}`);
    let unknownReason: string | undefined;
    for (const options of vpcOptions.values) {
      if (options === undefined || options.SubnetIds === undefined) return known(false);
      const { elements, unknown: reasons } = this.resolver.resolveListElements(domain.templateIndex, options.SubnetIds);
      if (elements.length > 0) continue; // one subnet known is enough
      if (reasons.length === 0) return known(false);
      unknownReason ??= `VPCOptions.SubnetIds: ${reasons[0]}`;
    }
    return unknownReason !== undefined ? unknown(unknownReason) : known(true);
  }

  /** The object values a property can take; `undefined` stands for "absent" (or `AWS::NoValue`). */
  private objects(domain: TemplateResource, raw: any): ObjectValues {
    if (raw === undefined) return { known: true, values: [undefined] };
    const resolved = this.resolver.resolve(domain.templateIndex, raw);
    if (!resolved.known) return resolved;
    const values: (Record<string, any> | undefined)[] = [];
    for (const v of resolved.values) {
      if (v === NO_VALUE) values.push(undefined);
      else if (isObject(v)) values.push(v);
      else return { known: false, reason: `${JSON.stringify(v)} is not an object` };
    }
    return { known: true, values };
  }

  /** The values at `path` (one nested object, then a scalar). `undefined` = absent. */
  private valuesAt(domain: TemplateResource, path: readonly [string, string]): { known: true; values: any[] } | { known: false; reason: string } {
    const parents = this.objects(domain, domain.properties[path[0]]);
    if (!parents.known) return { known: false, reason: `${path[0]}: ${parents.reason}` };
    const values: any[] = [];
    for (const parent of parents.values) {
      if (parent === undefined || parent[path[1]] === undefined) {
        values.push(undefined);
        continue;
      }
      const resolved = this.resolver.resolve(domain.templateIndex, parent[path[1]]);
      if (!resolved.known) return { known: false, reason: `${path.join('.')}: ${resolved.reason}` };
      values.push(...resolved.values.map(v => (v === NO_VALUE ? undefined : v)));
    }
    return { known: true, values };
  }

  /**
   * A boolean fact. `all`: true only if every possible value is true (a protection);
   * `any`: true if any possible value is true (a weakness). Absent = `absent`.
   */
  private booleanFact(domain: TemplateResource, path: readonly [string, string], absent: boolean, mode: 'all' | 'any'): Fact {
    const values = this.valuesAt(domain, path);
    if (!values.known) return unknown(values.reason);
    const booleans: boolean[] = [];
    for (const v of values.values) {
      if (v === undefined) booleans.push(absent);
      else if (v === true || v === 'true') booleans.push(true);
      else if (v === false || v === 'false') booleans.push(false);
      else return unknown(`${path.join('.')}: ${JSON.stringify(v)} is not a boolean`);
    }
    return known(mode === 'all' ? booleans.every(b => b) : booleans.some(b => b));
  }

  /** Undefined when no branch sets a policy (the engine words AWS's TLS 1.0 default itself). */
  private tlsPolicy(domain: TemplateResource): Fact<string> | undefined {
    const values = this.valuesAt(domain, ['DomainEndpointOptions', 'TLSSecurityPolicy']);
    if (!values.known) return unknown(values.reason);
    if (values.values.every(v => v === undefined)) return undefined;
    const policies = values.values.map(v => (v === undefined ? DEFAULT_TLS_POLICY : v));
    const bad = policies.find(p => typeof p !== 'string');
    if (bad !== undefined) return unknown(`DomainEndpointOptions.TLSSecurityPolicy: ${JSON.stringify(bad)} is not known at synthesis`);
    // The weakest one any branch can deploy.
    return known(policies.find(p => !/TLS-1-[23]/.test(p)) ?? policies[0]);
  }

  private logsShipped(domain: TemplateResource): Fact<readonly string[]> {
    const options = this.objects(domain, domain.properties.LogPublishingOptions);
    if (!options.known) return unknown(`LogPublishingOptions: ${options.reason}`);
    let shipped: string[] | undefined;
    for (const option of options.values) {
      const here: string[] = [];
      for (const [logType, config] of Object.entries<any>(option ?? {})) {
        const resolved = this.resolver.resolve(domain.templateIndex, config);
        if (!resolved.known) return unknown(`LogPublishingOptions.${logType}: ${resolved.reason}`);
        const enabled = resolved.values.every(c => {
          if (!isObject(c)) return false;
          const e = this.resolver.resolve(domain.templateIndex, c.Enabled);
          return e.known && e.values.every(v => v === true || v === 'true');
        });
        if (enabled) here.push(logType);
      }
      // Shipped in every branch.
      shipped = shipped === undefined ? here : shipped.filter(t => here.includes(t));
    }
    return known(shipped ?? []);
  }
}

type ObjectValues = { known: true; values: (Record<string, any> | undefined)[] } | { known: false; reason: string };

function optional<K extends string, V>(key: K, value: V | undefined): { [k in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [k in K]?: V };
}
