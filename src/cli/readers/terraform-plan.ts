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
import type { TerraformDocumentInput, TerraformResourceInput } from '../../formats/terraform';
import type { TerraformModuleCall } from '../../formats/terraform/terraform-document';

/** What stands for a value Terraform knows only after apply, when the configuration names no reference. */
export const KNOWN_AFTER_APPLY = '${(known after apply)}';

export function terraformPlanDocument(plan: Record<string, any>, file: string): TerraformDocumentInput {
  const root = isRecord(plan.planned_values?.root_module) ? plan.planned_values.root_module
    : isRecord(plan.values?.root_module) ? plan.values.root_module : {};
  const unknownByAddress = new Map<string, unknown>();
  for (const change of Array.isArray(plan.resource_changes) ? plan.resource_changes : []) {
    if (isRecord(change) && typeof change.address === 'string' && isRecord(change.change)) {
      unknownByAddress.set(change.address, change.change.after_unknown);
    }
  }
  const references = rootReferences(plan.configuration?.root_module);

  const resources: TerraformResourceInput[] = [];
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
        values: withUnknowns(values, unknownByAddress.get(resource.address), references.get(configurationAddress) ?? {}),
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
  const moduleCalls = planModuleCalls(plan.configuration?.root_module, '', file);
  return { file, resources, variables: [], ...(moduleCalls.length > 0 ? { moduleCalls } : {}) };
}

/**
 * `configuration.root_module.module_calls` at every level: each call's `source` as written, so a module
 * from a registry or remote source is reported as out of sight (a plan of it does show its resources,
 * but a scan cannot vouch for what the module is). Local calls are descended into.
 */
function planModuleCalls(module: unknown, prefix: string, file: string, depth = 0): TerraformModuleCall[] {
  const calls: TerraformModuleCall[] = [];
  if (!isRecord(module) || !isRecord(module.module_calls) || depth > 32) {
    return calls;
  }
  for (const [name, call] of Object.entries<any>(module.module_calls)) {
    if (!isRecord(call)) {
      continue;
    }
    const address = `${prefix}module.${name}`;
    calls.push({
      address,
      source: typeof call.source === 'string' ? call.source : undefined,
      version: typeof call.version_constraint === 'string' ? call.version_constraint : undefined,
      file,
    });
    calls.push(...planModuleCalls(call.module, `${address}.`, file, depth + 1));
  }
  return calls;
}

/**
 * Root-module configuration: for each resource, each argument's first reference to an attribute
 * (`azurerm_network_security_group.es.name`). Only the root: references inside a module are relative
 * to it and would not resolve against full addresses.
 */
function rootReferences(rootModule: unknown): Map<string, Record<string, string>> {
  const out = new Map<string, Record<string, string>>();
  if (!isRecord(rootModule) || !Array.isArray(rootModule.resources)) {
    return out;
  }
  for (const resource of rootModule.resources) {
    if (!isRecord(resource) || typeof resource.address !== 'string' || !isRecord(resource.expressions)) {
      continue;
    }
    const byArgument: Record<string, string> = {};
    for (const [argument, expression] of Object.entries<any>(resource.expressions)) {
      const refs: unknown[] = isRecord(expression) && Array.isArray(expression.references) ? expression.references : [];
      const attribute = refs.find((r): r is string => typeof r === 'string' && r.split('.').length >= 3);
      if (attribute) {
        byArgument[argument] = `\${${attribute}}`;
      }
    }
    out.set(resource.address, byArgument);
  }
  return out;
}

/** Puts an expression wherever `after_unknown` says the value is known only after apply. */
function withUnknowns(values: unknown, unknown: unknown, references: Record<string, string>, top = true): any {
  if (unknown === true) {
    return KNOWN_AFTER_APPLY;
  }
  if (Array.isArray(unknown)) {
    const list = Array.isArray(values) ? [...values] : [];
    unknown.forEach((u, i) => {
      list[i] = withUnknowns(list[i], u, {}, false);
    });
    return list;
  }
  if (isRecord(unknown)) {
    const object: Record<string, any> = isRecord(values) ? { ...values } : {};
    for (const [key, u] of Object.entries(unknown)) {
      object[key] = u === true && top && references[key] !== undefined
        ? references[key]
        : withUnknowns(object[key], u, {}, false);
    }
    return object;
  }
  return values;
}
