import { readFileSync } from 'fs';
import { join } from 'path';
import { KNOWN_AFTER_APPLY, terraformPlanDocument } from '../../../src/cli/readers/terraform-plan';

const PLAN = JSON.parse(readFileSync(join(__dirname, '../../fixtures/cli/terraform/plan/plan.json'), 'utf8'));

describe('Terraform plan JSON', () => {
  const document = terraformPlanDocument(PLAN, 'plan.json');

  test('resources of the root and of every child module keep their full addresses; data sources are left out', () => {
    expect(document.resources.map(r => r.address)).toEqual([
      'azurerm_network_security_group.es',
      'module.search.azurerm_network_security_rule.open',
      'module.search.azurerm_network_security_rule.office',
      'module.search.module.inner.azurerm_network_security_group.inner[0]',
    ]);
    expect(document.resources.map(r => [r.type, r.name, r.file])[3]).toEqual(['azurerm_network_security_group', 'inner', 'plan.json']);
  });

  test('a value known only after apply is put back as an expression, so it is unknown rather than absent', () => {
    const office = document.resources.find(r => r.name === 'office')!;
    expect(office.values.source_address_prefix).toBe(KNOWN_AFTER_APPLY);
    expect(office.values.id).toBe(KNOWN_AFTER_APPLY);
    const open = document.resources.find(r => r.name === 'open')!;
    expect(open.values.source_address_prefix).toBe('Internet');
  });

  test('a root-module value known after apply takes the reference the configuration names', () => {
    const plan = {
      format_version: '1.2',
      planned_values: { root_module: { resources: [{ address: 'azurerm_network_security_rule.r', mode: 'managed', type: 'azurerm_network_security_rule', name: 'r', values: { priority: 100 } }] } },
      resource_changes: [{ address: 'azurerm_network_security_rule.r', change: { after_unknown: { network_security_group_name: true, security_rule: [{ source_address_prefix: true }] } } }],
      configuration: {
        root_module: {
          resources: [{
            address: 'azurerm_network_security_rule.r',
            expressions: {
              network_security_group_name: { references: ['azurerm_network_security_group.es.name', 'azurerm_network_security_group.es'] },
            },
          }],
        },
      },
    };
    const [rule] = terraformPlanDocument(plan, 'p.json').resources;
    expect(rule.values.network_security_group_name).toBe('${azurerm_network_security_group.es.name}');
    expect(rule.values.security_rule).toEqual([{ source_address_prefix: KNOWN_AFTER_APPLY }]);
    expect(rule.values.priority).toBe(100);
  });

  test('names from the input that every object has (a type toString, attributes __proto__ and constructor) are read as their own', () => {
    const plan = {
      format_version: '1.2',
      planned_values: {
        root_module: {
          resources: [
            { address: 'toString.x', mode: 'managed', type: 'toString', name: 'x', values: { a: 1 } },
            { address: 'azurerm_network_security_rule.r', mode: 'managed', type: 'azurerm_network_security_rule', name: 'r', values: { priority: 100, constructor: 'kept' } },
          ],
        },
      },
      resource_changes: [{ address: 'azurerm_network_security_rule.r', change: { after_unknown: JSON.parse('{"__proto__": true, "constructor": false, "source_address_prefix": true}') } }],
    };
    const [other, rule] = terraformPlanDocument(plan, 'p.json').resources;
    expect(other.values).toEqual({ a: 1 });
    expect(rule.values.source_address_prefix).toBe(KNOWN_AFTER_APPLY);
    expect(rule.values.constructor).toBe('kept');
    expect(Object.getOwnPropertyDescriptor(rule.values, '__proto__')?.value).toBe(KNOWN_AFTER_APPLY);
    expect(Object.getPrototypeOf(rule.values)).toBe(Object.prototype);
  });

  const newGroupPlan = (expressions: Record<string, unknown>, address = 'azurerm_network_security_group.es') => ({
    format_version: '1.2',
    planned_values: { root_module: { resources: [{ address, mode: 'managed', type: 'azurerm_network_security_group', name: 'es', values: { name: 'es-nsg' } }] } },
    resource_changes: [{ address, change: { actions: ['create'], after_unknown: { id: true, security_rule: true } } }],
    configuration: { root_module: { resources: [{ address, mode: 'managed', type: 'azurerm_network_security_group', name: 'es', expressions }] } },
  });

  test('a new NSG whose configuration writes no security_rule has no inline rules, though the plan knows them only after apply', () => {
    const [group] = terraformPlanDocument(newGroupPlan({ name: { constant_value: 'es-nsg' } }), 'p.json').resources;
    expect(group.values.security_rule).toEqual([]);
    expect(group.values.id).toBe(KNOWN_AFTER_APPLY);
  });

  test('a new NSG whose configuration writes security_rule blocks keeps them unknown when the plan does not know them', () => {
    const [group] = terraformPlanDocument(newGroupPlan({ security_rule: [{ name: { constant_value: 'x' } }] }), 'p.json').resources;
    expect(group.values.security_rule).toBe(KNOWN_AFTER_APPLY);
  });

  test('a plan without a configuration section keeps an unknown security_rule unknown', () => {
    const { configuration: _omitted, ...plan } = newGroupPlan({});
    const [group] = terraformPlanDocument(plan, 'p.json').resources;
    expect(group.values.security_rule).toBe(KNOWN_AFTER_APPLY);
  });
});
