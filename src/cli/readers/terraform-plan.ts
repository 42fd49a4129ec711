/**
 * `terraform show -json` output (a plan, or a state) -> one Terraform document. Resources come from
 * `planned_values.root_module` (or `values.root_module`) and every `child_modules` level, with their
 * full addresses (`module.search.azurerm_network_security_rule.open`). Values are literal in a plan,
 * except those known only after apply: `planned_values` leaves them out, so they are put back from
 * `resource_changes[].change.after_unknown` as expressions, which the translator reads as unknown
 * (fail closed), using the configuration's reference where there is one.
 * https://developer.hashicorp.com/terraform/internals/json-format
 */
import { isRecord } from './classify';
import { terraformPlanLines } from './line-index';
import type { TerraformDocumentInput, TerraformResourceInput } from '../../formats/terraform';
import { memberOf, setMember } from '../../formats/terraform/members';

/** What stands for a value Terraform knows only after apply, when the configuration names no reference. */
export const KNOWN_AFTER_APPLY = '${(known after apply)}';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** `text`, when given, is the plan's text: each resource gets the line where its address first appears. */
export function terraformPlanDocument(plan: Record<string, any>, file: string, text?: string): TerraformDocumentInput {
  const root = isRecord(plan.planned_values?.root_module) ? plan.planned_values.root_module
    : isRecord(plan.values?.root_module) ? plan.values.root_module : {};
  const unknownByAddress = new Map<string, unknown>();
  for (const change of Array.isArray(plan.resource_changes) ? plan.resource_changes : []) {
    if (isRecord(change) && typeof change.address === 'string' && isRecord(change.change)) {
      unknownByAddress.set(change.address, change.change.after_unknown);
    }
  }
  const references = rootReferences(plan.configuration?.root_module);
  const configured = configuredArguments(plan.configuration?.root_module);

  const resources: Mutable<TerraformResourceInput>[] = [];
  const visit = (module: Record<string, any>, depth: number) => {
    for (const resource of Array.isArray(module.resources) ? module.resources : []) {
      if (!isRecord(resource) || resource.mode === 'data' || typeof resource.address !== 'string' || typeof resource.type !== 'string') {
        continue;
      }
      const values = isRecord(resource.values) ? resource.values : {};
      const configurationAddress = resource.address.replace(/\[[^\]]*\]$/, '');
      resources.push({
        address: resource.address,
        type: resource.type,
        name: typeof resource.name === 'string' ? resource.name : resource.address,
        values: withoutUnwrittenInlineRules(
          withUnknowns(values, unknownByAddress.get(resource.address), references.get(configurationAddress)),
          resource.type, configured.get(resource.address.replace(/\[[^\]]*\]/g, ''))),
        file,
      });
    }
    if (depth < 64) {
      for (const child of Array.isArray(module.child_modules) ? module.child_modules : []) {
        if (isRecord(child)) {
          visit(child, depth + 1);
        }
      }
    }
  };
  visit(root, 0);
  if (text !== undefined) {
    const lines = terraformPlanLines(text, new Set(resources.map(r => r.address)));
    for (const resource of resources) {
      const line = lines.get(resource.address);
      if (line !== undefined) {
        resource.line = line;
      }
    }
  }
  // A plan lists the resources of every module it calls, registry ones included (`child_modules`):
  // nothing of a module is out of sight in a plan, so its calls are not opaque.
  return { file, resources, variables: [] };
}

/**
 * Root-module configuration: for each resource, its `expressions` (each argument's references, nested
 * blocks as lists of expression objects). Only the root: references inside a module are relative to
 * it and would not resolve against full addresses.
 */
function rootReferences(rootModule: unknown): Map<string, Record<string, any>> {
  const out = new Map<string, Record<string, any>>();
  if (!isRecord(rootModule) || !Array.isArray(rootModule.resources)) {
    return out;
  }
  for (const resource of rootModule.resources) {
    if (isRecord(resource) && typeof resource.address === 'string' && isRecord(resource.expressions)) {
      out.set(resource.address, resource.expressions);
    }
  }
  return out;
}

/** The references to attributes (`aws_security_group.es.id`) an expression names, in order. */
function attributeReferences(expression: unknown): string[] {
  const refs: unknown[] = isRecord(expression) && Array.isArray(expression.references) ? expression.references : [];
  return refs.filter((r): r is string => typeof r === 'string' && r.split('.').length >= 3 && !/^(var|local|each|count|path|data|module)\./.test(r));
}

/**
 * Puts an expression wherever `after_unknown` says the value is known only after apply: the
 * configuration's reference when it names one (an argument, a list element of `[a.id, b.id]`, an
 * argument of a nested block), so the translator can follow it to a resource of the plan.
 */
function withUnknowns(values: unknown, unknown: unknown, expressions: unknown): any {
  if (unknown === true) {
    const refs = attributeReferences(expressions);
    return refs.length > 0 ? `\${${refs[0]}}` : KNOWN_AFTER_APPLY;
  }
  if (Array.isArray(unknown)) {
    const list = Array.isArray(values) ? [...values] : [];
    const refs = attributeReferences(expressions);
    const blocks = Array.isArray(expressions) ? expressions : [];
    unknown.forEach((u, i) => {
      if (u === true && refs.length === unknown.length) {
        list[i] = `\${${refs[i]}}`;
      } else {
        list[i] = withUnknowns(list[i], u, blocks[i]);
      }
    });
    return list;
  }
  if (isRecord(unknown)) {
    const object: Record<string, any> = isRecord(values) ? { ...values } : {};
    const byKey = isRecord(expressions) ? expressions : {};
    // Attribute names come from the input: `__proto__` and `constructor` are members like any other.
    for (const [key, u] of Object.entries(unknown)) {
      setMember(object, key, withUnknowns(memberOf(object, key), u, memberOf(byKey, key)));
    }
    return object;
  }
  return values;
}

/**
 * Inline rule lists that a provider computes (`Optional + Computed`, filled from the standalone rule
 * resources after apply): `security_rule` of `azurerm_network_security_group`, `ingress` / `egress` of
 * `aws_security_group`. A plan shows them as known only after apply when the configuration writes
 * none; the configuration section says whether it wrote any. When it holds none (no attribute, no
 * block, no `dynamic` block), the group is created without inline rules: `[]`, and its standalone rule
 * resources are judged on their own. https://developer.hashicorp.com/terraform/internals/json-format
 * ("configuration" representation: "expressions" holds every argument and block the module writes).
 */
const COMPUTED_INLINE_RULES: Readonly<Record<string, readonly string[]>> = {
  azurerm_network_security_group: ['security_rule'],
  aws_security_group: ['ingress', 'egress'],
};

function withoutUnwrittenInlineRules(values: any, type: string, configured: ReadonlySet<string> | undefined): any {
  const keys = memberOf(COMPUTED_INLINE_RULES, type) as readonly string[] | undefined;
  if (!keys || !configured || !isRecord(values) || configured.has('dynamic')) {
    return values;
  }
  let out = values;
  for (const key of keys) {
    if (values[key] === KNOWN_AFTER_APPLY && !configured.has(key)) {
      out = { ...out, [key]: [] };
    }
  }
  return out;
}

/**
 * The arguments and blocks the configuration writes for each resource, by full address without
 * instance keys (`module.search.azurerm_network_security_group.es`), through every module call.
 */
function configuredArguments(rootModule: unknown): Map<string, ReadonlySet<string>> {
  const out = new Map<string, ReadonlySet<string>>();
  const visit = (module: unknown, prefix: string, depth: number) => {
    if (!isRecord(module) || depth > 64) {
      return;
    }
    for (const resource of Array.isArray(module.resources) ? module.resources : []) {
      if (isRecord(resource) && typeof resource.address === 'string' && resource.mode !== 'data' && isRecord(resource.expressions)) {
        out.set(`${prefix}${resource.address}`, new Set(Object.keys(resource.expressions)));
      }
    }
    for (const [name, call] of Object.entries(isRecord(module.module_calls) ? module.module_calls : {})) {
      if (isRecord(call)) {
        visit(call.module, `${prefix}module.${name}.`, depth + 1);
      }
    }
  };
  visit(rootModule, '', 0);
  return out;
}
