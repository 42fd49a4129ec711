/**
 * Network security groups of one document, each with every inbound rule that applies to it: inline
 * `security_rule` blocks plus standalone `azurerm_network_security_rule` resources matched by NSG name
 * (a `${azurerm_network_security_group.x.name}` reference, or a literal name and resource group).
 */
import { Firewall, IngressRule } from '../../../core/model/model';
import { isExpression } from '../expressions';
import { locationOf } from '../locations';
import { DocumentResolver } from '../resolver';
import { translateSecurityRule, unknownRule } from './security-rules';
import { isPlainObject, mergeBlocks, TerraformResourceInput } from '../terraform-document';

export const NSG_TYPE = 'azurerm_network_security_group';
export const NSG_RULE_TYPE = 'azurerm_network_security_rule';
const NSG_ADDRESS_PREFIX = `${NSG_TYPE}.`;

export function networkSecurityGroupFirewalls(resolver: DocumentResolver): Firewall[] {
  const document = resolver.document;
  const groups = resolver.ofType(NSG_TYPE);
  const rulesByGroup = new Map<string, IngressRule[]>(groups.map(g => [g.address, inlineRules(g, resolver)]));
  // Standalone rules whose group is not in the input still count: they form a firewall of their own.
  const orphans = new Map<string, { first: TerraformResourceInput; rules: IngressRule[] }>();

  const byName = groupsByName(groups, resolver);
  for (const standalone of resolver.ofType(NSG_RULE_TYPE)) {
    const rule = translateSecurityRule(standalone.values, locationOf(standalone, document), resolver, standalone.address);
    if (!rule) {
      continue;
    }
    const targets = matchingGroups(standalone, byName, resolver);
    if (targets.length > 0) {
      for (const address of targets) {
        rulesByGroup.get(address)!.push(rule);
      }
      continue;
    }
    const key = String(standalone.values.network_security_group_name ?? standalone.address);
    const orphan = orphans.get(key) ?? { first: standalone, rules: [] };
    orphan.rules.push(rule);
    orphans.set(key, orphan);
  }

  return [
    ...groups.map(g => ({ location: locationOf(g, document), kind: 'azure-network-security-group' as const, rules: canonicalOrder(rulesByGroup.get(g.address)!) })),
    ...[...orphans.values()].map(o => ({ location: locationOf(o.first, document), kind: 'azure-network-security-group' as const, rules: canonicalOrder(o.rules) })),
  ];
}

/**
 * Rules in an order that depends on neither the file order nor the resource labels (hcl2json sorts
 * `.tf` resources by label, `.tf.json` keeps file order): by priority, then by what the rule is.
 * Ties of priority are the engine's to read (in the order that admits the most).
 */
function canonicalOrder(rules: IngressRule[]): IngressRule[] {
  const priority = (rule: IngressRule) => (rule.priority?.known ? rule.priority.value : Number.MAX_SAFE_INTEGER);
  const text = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return [...rules].sort((a, b) => priority(a) - priority(b) || text(a.name, b.name) || text(a.origin.resource, b.origin.resource));
}

function inlineRules(group: TerraformResourceInput, resolver: DocumentResolver): IngressRule[] {
  const origin = locationOf(group, resolver.document);
  const rules: IngressRule[] = [];
  const inline = group.values.security_rule;
  const blocks: unknown[] = Array.isArray(inline) ? inline : inline === undefined || inline === null ? [] : [inline];
  blocks.forEach((block: unknown, index: number) => {
    if (isPlainObject(block)) {
      const rule = translateSecurityRule(block, origin, resolver, `${group.address} security_rule[${index}]`);
      if (rule) {
        rules.push(rule);
      }
    } else if (isExpression(block)) {
      const field = resolver.read(block);
      const reason = field.state === 'unknown' ? field.reason : `${JSON.stringify(block)} is not evaluated by this guard`;
      rules.push(unknownRule(origin, `${group.address} security_rule`, `security_rule: ${reason}`));
    }
  });
  if (mergeBlocks(group.values.dynamic).security_rule !== undefined) {
    rules.push(unknownRule(origin, `${group.address} dynamic security_rule`,
      'a dynamic "security_rule" block generates rules from an expression this guard does not evaluate'));
  }
  return rules;
}

/** Groups by their literal `name` (document order within a name); a group whose name is not a literal is in none. */
function groupsByName(groups: readonly TerraformResourceInput[], resolver: DocumentResolver): Map<unknown, TerraformResourceInput[]> {
  const byName = new Map<unknown, TerraformResourceInput[]>();
  for (const group of groups) {
    const groupName = resolver.read(group.values.name);
    // NaN equals nothing (`!==`), though a Map would find it.
    if (groupName.state !== 'literal' || Number.isNaN(groupName.value)) {
      continue;
    }
    const named = byName.get(groupName.value);
    if (named) {
      named.push(group);
    } else {
      byName.set(groupName.value, [group]);
    }
  }
  return byName;
}

function matchingGroups(rule: TerraformResourceInput, groupsNamed: Map<unknown, TerraformResourceInput[]>, resolver: DocumentResolver): string[] {
  const rawName = rule.values.network_security_group_name;
  const referenced = resolver.referencedAddress(rawName);
  if (referenced && referenced.startsWith(NSG_ADDRESS_PREFIX)) {
    return [referenced];
  }
  const name = resolver.read(rawName);
  if (name.state !== 'literal') {
    return [];
  }
  const ruleGroup = resolver.read(rule.values.resource_group_name);
  return (groupsNamed.get(name.value) ?? []).filter(group => {
    const groupResourceGroup = resolver.read(group.values.resource_group_name);
    return !(ruleGroup.state === 'literal' && groupResourceGroup.state === 'literal' && ruleGroup.value !== groupResourceGroup.value);
  }).map(group => group.address);
}
