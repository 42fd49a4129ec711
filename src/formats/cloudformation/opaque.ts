/**
 * Resources that can open a network path the translator cannot see (spec: "Unknown is not safe"):
 * - `AWS::CloudFormation::Stack` whose template is not in the input (nested-stacks.ts finds it);
 * - the `AWS::Include` transform (its snippet is fetched from S3 at deploy time), and any other macro
 *   named in `Transform` except the AWS-owned ones whose output the templates already describe;
 * - custom resources (`Custom::*`, `AWS::CloudFormation::CustomResource`) whose SDK calls
 *   (`AwsCustomResource`: `Create` / `Update` / `Delete` JSON with `service` and `action`) or whose
 *   provider function's IAM permissions reach EC2, Elastic Load Balancing, OpenSearch / Elasticsearch
 *   or another network API.
 */
import { IntrinsicResolver } from './intrinsics';
import { nestedStackTemplateIndex } from './nested-stacks';
import { References } from './references';
import { isObject, TemplateResource, TemplateSet } from './template-set';
import { OpaqueNetworkChange, ResourceLocation } from '../../core/model/model';

export const NESTED_STACK = 'AWS::CloudFormation::Stack';
export const CUSTOM_RESOURCE = 'AWS::CloudFormation::CustomResource';
const LAMBDA_FUNCTION = 'AWS::Lambda::Function';
/** Calls and IAM actions that only read (`describeSecurityGroups`, `ec2:Describe*`, `es:GetCompatibleVersions`): they open nothing. */
const READ_ONLY = /^(describe|get|list)/i;

/** SDK services (v2 and v3 client names, lower case) and IAM action prefixes that change network paths. */
const NETWORK_SERVICES = new Set([
  'ec2', 'elb', 'elbv2', 'elasticloadbalancing', 'elasticloadbalancingv2', 'opensearch', 'opensearchservice', 'es',
  'elasticsearch', 'elasticsearchservice', 'opensearchserverless', 'aoss', 'networkfirewall', 'network-firewall',
  'globalaccelerator', 'apigateway', 'apigatewayv2', 'cloudfront', 'vpc-lattice', 'vpclattice', 'route53',
]);

/**
 * Calls that only change what another translator reads: the access policy the aws-cdk-lib L2 `Domain`
 * applies with `updateDomainConfig` (read by access-policies.ts).
 */
const MODELLED_CALLS: readonly { service: string; action: string; parameters: readonly string[] }[] = [
  { service: 'opensearch', action: 'updatedomainconfig', parameters: ['DomainName', 'AccessPolicies'] },
  { service: 'es', action: 'updateelasticsearchdomainconfig', parameters: ['DomainName', 'AccessPolicies'] },
];

/**
 * Custom resources of aws-cdk-lib that only close paths: `Custom::VpcRestrictDefaultSG` removes the
 * default security group's rules (aws-ec2 README, `restrictDefaultSecurityGroup`: "the default inbound
 * & outbound rules will be removed from the default security group") and restores them on delete
 * (ingress from the group itself only).
 */
const CLOSING_CUSTOM_RESOURCES = new Set(['Custom::VpcRestrictDefaultSG']);

/** Transforms whose result the synthesized template already is, or that only add serverless resources. */
const KNOWN_TRANSFORMS = new Set(['AWS::Serverless-2016-10-31', 'AWS::LanguageExtensions', 'AWS::CodeDeployBlueGreen', 'AWS::SecretsManager-2020-07-23']);

export class OpaqueTranslator {
  constructor(private readonly templates: TemplateSet, private readonly resolver: IntrinsicResolver, private readonly refs: References) {}

  public translate(): OpaqueNetworkChange[] {
    return [...this.nestedStacks(), ...this.transforms(), ...this.customResources()];
  }

  private nestedStacks(): OpaqueNetworkChange[] {
    const out: OpaqueNetworkChange[] = [];
    for (const stack of this.refs.ofType(NESTED_STACK)) {
      if (nestedStackTemplateIndex(this.templates, this.resolver, stack) !== undefined) continue;
      const url = this.refs.strings(stack.templateIndex, stack.properties.TemplateURL);
      out.push({
        location: this.templates.location(stack),
        description: `nested stack ${stack.logicalId} (TemplateURL ${url?.[0] ?? 'not known at synthesis'}), whose template is not in the input,`,
      });
    }
    return out;
  }

  private transforms(): OpaqueNetworkChange[] {
    const out: OpaqueNetworkChange[] = [];
    this.templates.inputs.forEach((input, templateIndex) => {
      const template = this.templates.template(templateIndex);
      const templateLocation: ResourceLocation = {
        resource: 'Transform',
        resourceType: 'AWS::CloudFormation::Template',
        ...(input.file !== undefined ? { file: input.file } : {}),
        ...(input.stackName !== undefined ? { stack: input.stackName } : {}),
      };
      const declared = Array.isArray(template.Transform) ? template.Transform : template.Transform !== undefined ? [template.Transform] : [];
      for (const transform of declared) {
        const name = typeof transform === 'string' ? transform : isObject(transform) ? transform.Name : undefined;
        if (typeof name === 'string' && KNOWN_TRANSFORMS.has(name)) continue;
        out.push({ location: templateLocation, description: `the template's Transform ${JSON.stringify(name ?? transform)}, which rewrites it at deploy time,` });
      }
      // `Fn::Transform` anywhere (AWS::Include snippets in Resources or in one resource's properties).
      const visit = (value: any, location: ResourceLocation): void => {
        if (Array.isArray(value)) return value.forEach(v => visit(v, location));
        if (!isObject(value)) return;
        for (const [key, inner] of Object.entries(value)) {
          if (key === 'Fn::Transform') {
            const name = isObject(inner) ? inner.Name : undefined;
            const where = isObject(inner) && isObject(inner.Parameters) ? inner.Parameters.Location : undefined;
            out.push({
              location,
              description: `Fn::Transform ${JSON.stringify(name)}${where !== undefined ? ` from ${typeof where === 'string' ? where : JSON.stringify(where)}` : ''}, which inserts content at deploy time,`,
            });
          } else {
            visit(inner, location);
          }
        }
      };
      const resources = isObject(template.Resources) ? template.Resources : {};
      // One pass that allocates nothing tells whether any resource holds an Fn::Transform before walking them.
      // A reader that saw the JSON text may know there is none without a walk.
      if (input.holdsNoFnTransform === true || !holdsKey(resources, 'Fn::Transform')) return;
      for (const [logicalId, resource] of Object.entries<any>(resources)) {
        if (logicalId === 'Fn::Transform') {
          visit({ [logicalId]: resource }, { ...templateLocation, resource: 'Resources' });
          continue;
        }
        const known = this.templates.resource(templateIndex, logicalId);
        visit(resource, known ? this.templates.location(known) : { ...templateLocation, resource: logicalId });
      }
    });
    return out;
  }

  private customResources(): OpaqueNetworkChange[] {
    const out: OpaqueNetworkChange[] = [];
    for (const resource of this.refs.ofType(...this.customTypes())) {
      if (CLOSING_CUSTOM_RESOURCES.has(resource.type)) continue;
      const calls = this.sdkCalls(resource);
      const network = calls.filter(c => NETWORK_SERVICES.has(c.service) && !isModelled(c) && !READ_ONLY.test(c.action));
      if (network.length > 0) {
        out.push({
          location: this.templates.location(resource),
          description: `custom resource ${resource.logicalId}, which calls ${network.map(c => `${c.service}:${c.action}`).join(', ')} at deploy time,`,
        });
        continue;
      }
      if (calls.length > 0) continue; // an AwsCustomResource whose calls are all known and off the network
      const actions = this.providerNetworkActions(resource);
      if (actions.length > 0) {
        out.push({
          location: this.templates.location(resource),
          description: `custom resource ${resource.logicalId}, whose provider may call ${actions.slice(0, 3).join(', ')}${actions.length > 3 ? ', ...' : ''},`,
        });
      }
    }
    return out;
  }

  private customTypes(): string[] {
    // Only resources of the template set can be found by type: its index holds every type once.
    return this.templates.resourceTypes().filter(type => type.startsWith('Custom::') || type === CUSTOM_RESOURCE);
  }

  /** The SDK calls of an `AwsCustomResource` (`Create` / `Update` / `Delete` JSON, possibly an `Fn::Join`). */
  private sdkCalls(resource: TemplateResource): SdkCall[] {
    const calls: SdkCall[] = [];
    for (const key of ['Create', 'Update', 'Delete']) {
      const raw = resource.properties[key];
      if (raw === undefined) continue;
      // Tokens of an AwsCustomResource call sit inside JSON strings: a placeholder keeps the JSON valid.
      const text = typeof raw === 'string' ? raw
        : isObject(raw) && Array.isArray(raw['Fn::Join']) && Array.isArray(raw['Fn::Join'][1])
          ? raw['Fn::Join'][1].map((p: any) => (typeof p === 'string' ? p : 'SGTOKEN')).join(raw['Fn::Join'][0]) : undefined;
      let call: any;
      try {
        call = text === undefined ? undefined : JSON.parse(text);
      } catch {
        call = undefined;
      }
      if (!isObject(call)) {
        // A call whose JSON cannot be read may call anything.
        calls.push({ service: 'ec2', action: `(${key} not readable at synthesis)`, parameters: [] });
        continue;
      }
      const service = String(call.service ?? '').replace(/^@aws-sdk\/client-/, '').replace(/[\s-]/g, '').toLowerCase();
      calls.push({ service, action: String(call.action ?? ''), parameters: isObject(call.parameters) ? Object.keys(call.parameters) : [] });
    }
    return calls;
  }

  /**
   * Network actions the provider may call: its function's role (inline policies, `AWS::IAM::Policy`,
   * full-access managed policies), and the roles of the functions it may invoke (`lambda:InvokeFunction`
   * on a function of the input: the aws-cdk-lib `Provider` framework calls the user's handler that way).
   */
  private providerNetworkActions(resource: TemplateResource): string[] {
    const tokens = this.refs.referenced(resource.templateIndex, resource.properties.ServiceToken);
    let functions = tokens.resources.filter(r => r.type === LAMBDA_FUNCTION);
    const seen = new Set<TemplateResource>();
    const actions: string[] = [];
    for (let depth = 0; depth < 3 && functions.length > 0; depth++) {
      const invoked: TemplateResource[] = [];
      for (const fn of functions) {
        if (seen.has(fn)) continue;
        seen.add(fn);
        for (const { t, statement } of this.roleStatements(fn)) {
          const allowed = this.refs.referenced(t, statement.Action).literals;
          for (const action of allowed) {
            const prefix = action.split(':')[0].toLowerCase();
            const readOnly = READ_ONLY.test(action.split(':')[1] ?? '');
            if ((action === '*' || (NETWORK_SERVICES.has(prefix) && !readOnly) || /FullAccess|AdministratorAccess|PowerUserAccess/.test(action)) && !actions.includes(action)) {
              actions.push(action);
            }
          }
          if (allowed.some(a => /^lambda:(InvokeFunction|\*)$/i.test(a))) {
            invoked.push(...this.refs.referenced(t, statement.Resource).resources.filter(r => r.type === LAMBDA_FUNCTION));
          }
        }
      }
      functions = invoked;
    }
    return actions;
  }

  /** The `Allow` statements of a function's role. */
  private roleStatements(fn: TemplateResource): { t: number; statement: Record<string, any> }[] {
    const roles = this.refs.referenced(fn.templateIndex, fn.properties.Role).resources.filter(r => r.type === 'AWS::IAM::Role');
    const documents: { t: number; document: any }[] = [];
    for (const role of roles) {
      for (const policy of Array.isArray(role.properties.Policies) ? role.properties.Policies : []) {
        if (isObject(policy)) documents.push({ t: role.templateIndex, document: policy.PolicyDocument });
      }
      // Managed policy ARNs are usually `Fn::Join`s with `AWS::Partition`: their text names the policy.
      const managed = JSON.stringify(role.properties.ManagedPolicyArns ?? []);
      for (const match of managed.matchAll(/policy\/(AdministratorAccess|AmazonEC2FullAccess|ElasticLoadBalancingFullAccess|AmazonOpenSearchServiceFullAccess|AmazonVPCFullAccess|PowerUserAccess)"/g)) {
        documents.push({ t: role.templateIndex, document: { Statement: [{ Effect: 'Allow', Action: [match[1]] }] } });
      }
    }
    for (const policy of this.refs.ofType('AWS::IAM::Policy', 'AWS::IAM::RolePolicy')) {
      const attached = this.refs.referenced(policy.templateIndex, policy.properties.Roles ?? policy.properties.RoleName).resources;
      if (attached.some(r => roles.includes(r))) documents.push({ t: policy.templateIndex, document: policy.properties.PolicyDocument });
    }
    const out: { t: number; statement: Record<string, any> }[] = [];
    for (const { t, document } of documents) {
      const statements = isObject(document) ? (Array.isArray(document.Statement) ? document.Statement : [document.Statement]) : [];
      for (const statement of statements) {
        if (isObject(statement) && (statement.Effect ?? 'Allow') === 'Allow') out.push({ t, statement });
      }
    }
    return out;
  }
}

interface SdkCall {
  readonly service: string;
  readonly action: string;
  readonly parameters: readonly string[];
}

/** Whether `key` is a key of any object inside `value` (parsed JSON: plain objects and arrays). */
function holdsKey(value: any, key: string, depth = 0): boolean {
  // Deeper than any template CloudFormation accepts: say yes, and let the walk above look.
  if (depth > 256) return true;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item = value[i];
      if (typeof item === 'object' && item !== null && holdsKey(item, key, depth + 1)) return true;
    }
    return false;
  }
  // for-in builds no key list (inherited keys too: a pre-check may say yes for nothing).
  for (const k in value) {
    if (k === key) return true;
    const inner = value[k];
    if (typeof inner === 'object' && inner !== null && holdsKey(inner, key, depth + 1)) return true;
  }
  return false;
}

function isModelled(call: SdkCall): boolean {
  return MODELLED_CALLS.some(m => m.service === call.service && m.action === call.action.toLowerCase()
    && call.parameters.every(p => m.parameters.includes(p)));
}
