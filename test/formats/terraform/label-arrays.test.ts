import { azurermRule } from './azurerm-rule';
import { evaluate } from '../../../src/core/engine';
import { terraformJsonToDocument, terraformToModel } from '../../../src/formats/terraform';

/**
 * Terraform JSON lets each label level of a block be an array of objects ("Nested Block Mapping" in
 * Terraform's JSON Configuration Syntax): `"resource": [{ "T": { "a": ... } }, { "T": { "b": ... } }]`
 * declares `T.a` and `T.b`. A merge that kept the last `T` dropped `T.a` unseen: an open group there
 * passed (a silent pass).
 */
const openGroup = { name: 'open', vpc_id: 'vpc-1', ingress: [{ from_port: 9200, to_port: 9200, protocol: 'tcp', cidr_blocks: ['0.0.0.0/0'] }] };
const privateGroup = { name: 'private', vpc_id: 'vpc-1', ingress: [{ from_port: 9200, to_port: 9200, protocol: 'tcp', cidr_blocks: ['10.0.0.0/8'] }] };
const openRule = azurermRule({
  name: 'open', source_address_prefix: 'Internet', resource_group_name: 'rg', network_security_group_name: 'nsg',
});

function judged(json: Record<string, any>, moduleLocals?: Record<string, any>) {
  const document = terraformJsonToDocument(json, { file: 'main.tf.json', ...(moduleLocals ? { moduleLocals } : {}) });
  const result = evaluate(terraformToModel([document]));
  return {
    addresses: document.resources.map(r => r.address).sort(),
    findings: result.findings.map(f => `${f.ruleId} ${f.resource}`),
  };
}

describe('each label level of resource may be an array of objects: every element is read', () => {
  test.each<[string, Record<string, any>]>([
    ['types as an array, the same type twice', { resource: [{ aws_security_group: { a: openGroup } }, { aws_security_group: { b: privateGroup } }] }],
    ['names as an array, the same type', { resource: { aws_security_group: [{ a: openGroup }, { b: privateGroup }] } }],
    ['both levels as arrays', { resource: [{ aws_security_group: [{ a: openGroup }] }, { aws_security_group: [{ b: privateGroup }] }] }],
    ['the open group last', { resource: [{ aws_security_group: { b: privateGroup } }, { aws_security_group: { a: openGroup } }] }],
  ])('%s: both groups are read, the open one is found', (_name, json) => {
    for (const locals of [undefined, {}]) {
      const { addresses, findings } = judged(json, locals);
      expect(addresses).toEqual(['aws_security_group.a', 'aws_security_group.b']);
      expect(findings).toContain('public-ingress aws_security_group.a');
    }
  });

  test('an azurerm rule declared in a second element of the same type is judged', () => {
    const json = {
      resource: [
        { azurerm_network_security_rule: { closed: { ...openRule, name: 'closed', source_address_prefix: '10.0.0.0/8' } } },
        { azurerm_network_security_rule: { open: openRule } },
      ],
    };
    const { addresses, findings } = judged(json, {});
    expect(addresses).toEqual(['azurerm_network_security_rule.closed', 'azurerm_network_security_rule.open']);
    expect(findings.some(f => f.startsWith('public-ingress') && f.endsWith('azurerm_network_security_rule.open'))).toBe(true);
  });

  test('an object level reads as before, and one element is that element', () => {
    expect(judged({ resource: { aws_security_group: { a: openGroup, b: privateGroup } } }).addresses).toEqual(['aws_security_group.a', 'aws_security_group.b']);
    expect(judged({ resource: [{ aws_security_group: { b: privateGroup } }] }).findings).toEqual([]);
  });
});
