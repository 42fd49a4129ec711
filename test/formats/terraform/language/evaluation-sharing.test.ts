/**
 * The language evaluation skips work where it can: a configuration with nothing to evaluate is not
 * evaluated, and what holds no expression is shared with the input rather than copied. Both must
 * give the result the full evaluation gives.
 */
import * as fc from 'fast-check';
import { terraformJsonToDocument } from '../../../../src/formats/terraform';
import { evaluateConfiguration, needsEvaluation } from '../../../../src/formats/terraform/language/evaluate-configuration';
import { evaluateString, parseString, Scope } from '../../../../src/formats/terraform/language/expression';
import { Unknown } from '../../../../src/formats/terraform/language/values';

/** The test `needsEvaluation` made on the JSON text, before it walked the value. */
const byText = (resource: unknown) => JSON.stringify(resource ?? {}).match(/\$\{|"count"|"for_each"|"dynamic"/) !== null;

const piece = fc.constantFrom('count', 'for_each', 'dynamic', '"', '\\', '$', '{', '${', '%{', 'x', ' ', 'coun', 't', '\n');
const textArb = fc.array(piece, { maxLength: 4 }).map(parts => parts.join(''));
const jsonArb = fc.letrec<{ value: unknown }>(tie => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.oneof(textArb, fc.integer(), fc.boolean(), fc.constant(null)),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(textArb, tie('value'), { maxKeys: 3 }),
  ),
})).value;

describe('evaluation work skipped, same result', () => {
  test('needsEvaluation answers what the test on the JSON text answered, for any JSON resource block', () => {
    fc.assert(fc.property(jsonArb, resource => {
      expect(needsEvaluation({ resource })).toBe(byText(resource));
    }), { numRuns: 3000 });
  });

  test.each([
    ['a key named count', { a: { b: { count: 1 } } }, true],
    ['a string that is the word dynamic', { a: { b: { tags: ['dynamic'] } } }, true],
    ['a string ending in a quote and for_each', { a: { b: { name: 'x"for_each' } } }, true],
    ['a member whose value is undefined (JSON leaves it out)', { a: { b: { count: undefined } } }, false],
    ['a string holding the word inside', { a: { b: { name: 'account' } } }, false],
  ])('needsEvaluation: %s', (_name, resource, expected) => {
    expect(needsEvaluation({ resource })).toBe(expected);
    expect(byText(resource)).toBe(expected);
  });

  test('a block with nothing to evaluate is the input block; a sibling with an expression is evaluated; the input is unchanged', () => {
    const literal = { name: 'es', security_rule: [{ name: 'a', priority: 100, source_address_prefixes: ['10.0.0.0/8'] }] };
    const root = {
      locals: { port: 9200 },
      resource: { azurerm_network_security_group: { es: literal, other: { name: 'o', security_rule: [{ name: 'b', destination_port_range: '${local.port}' }] } } },
    };
    const before = JSON.stringify(root);
    const evaluated = evaluateConfiguration(root).root.resource.azurerm_network_security_group;
    expect(evaluated.es).toBe(literal);
    expect(evaluated.other).toEqual({ name: 'o', security_rule: [{ name: 'b', destination_port_range: 9200 }] });
    expect(JSON.stringify(root)).toBe(before);
  });

  test('a type whose resources hold nothing to evaluate is the input object; one evaluated resource makes a copy with the others shared', () => {
    const plain = { a: { name: 'a' }, b: { name: 'b' } };
    const mixed = { a: { name: 'a' }, b: { name: '${local.name}' }, c: { name: 'c' } };
    const root = { locals: { name: 'n' }, resource: { azurerm_network_security_group: plain, azurerm_network_security_rule: mixed } };
    const before = JSON.stringify(root);
    const evaluated = evaluateConfiguration(root).root.resource;
    expect(evaluated.azurerm_network_security_group).toBe(plain);
    expect(evaluated.azurerm_network_security_rule).not.toBe(mixed);
    expect(evaluated.azurerm_network_security_rule).toEqual({ a: { name: 'a' }, b: { name: 'n' }, c: { name: 'c' } });
    expect(evaluated.azurerm_network_security_rule.a).toBe(mixed.a);
    expect(evaluated.azurerm_network_security_rule.c).toBe(mixed.c);
    expect(JSON.stringify(root)).toBe(before);
  });

  test('count instances are evaluated each with its own index, though their body is shared text', () => {
    const document = terraformJsonToDocument({
      resource: { azurerm_network_security_group: { es: { count: 2, name: 'es-${count.index}', tags: { fixed: 'yes' } } } },
    });
    expect(document.resources.map(r => [r.address, r.values.name, r.values.count])).toEqual([
      ['azurerm_network_security_group.es[0]', 'es-0', undefined],
      ['azurerm_network_security_group.es[1]', 'es-1', undefined],
    ]);
  });

  test('the shortcut for plain references gives what the parser gives, for any text and scope', () => {
    const local = (name: string) => (name === 'port' ? 9200 : new Unknown(`local.${name} is not defined in this module`));
    const scopes: Scope[] = [
      { local },
      { local, countIndex: 1 },
      { local, each: { key: 'k', value: 'v' } },
      { local, names: new Map<string, any>([['azurerm_subnet', { es: { id: 'x' } }], ['each', new Unknown('for_each is not known')], ['rule', { key: 0, value: {} }]]) },
    ];
    const part = fc.constantFrom(
      '${', '}', '.', '[0]', '[12]', '["k"]', ' ', '-', '(', ')', 'azurerm_subnet', 'es', 'id', 'local', 'each', 'count', 'var', 'data',
      'self', 'true', 'null', 'constructor', 'toString', '__proto__', 'rule', 'key', 'index', 'port', '0', '_x', '$', '%{', '~',
    );
    const template = fc.array(part, { maxLength: 8 }).map(parts => parts.join(''));
    const plain = fc.tuple(part, fc.array(fc.oneof(part.map(p => `.${p}`), fc.constantFrom('[0]', '[3]')), { maxLength: 3 }))
      .map(([root, steps]) => `\${${root}${steps.join('')}}`);
    fc.assert(fc.property(fc.oneof(template, plain), fc.constantFrom(...scopes), (text, scope) => {
      expect(evaluateString(text, scope)).toStrictEqual(parseString(text, scope));
    }), { numRuns: 5000 });
  });

  test.each([
    ['${azurerm_subnet.es.id}', 'a resource attribute'],
    ['${azurerm_lb_backend_address_pool.pool[0].id}', 'an instance attribute'],
    ['${var.x}', 'a variable (its own reason)'],
    ['${each.key}', 'each outside for_each'],
  ])('%s (%s) reads the same through the shortcut and the parser', text => {
    expect(evaluateString(text, { local: () => null })).toStrictEqual(parseString(text, { local: () => null }));
  });

  test('one expression text repeated across instances, dynamic blocks and resources takes each scope\'s value', () => {
    const document = terraformJsonToDocument({
      locals: { loop: '${local.loop}', port: 9200 },
      resource: {
        azurerm_network_security_group: {
          counted: { count: 2, name: 'nsg-${count.index}', tags: { port: '${local.port}' } },
          plain: { name: 'nsg-${local.port}', tags: { port: '${local.port}', loop: '${local.loop}' } },
          again: { name: 'nsg-${local.port}', tags: { loop: '${local.loop}' } },
          blocks: {
            name: 'blocks',
            dynamic: { security_rule: { for_each: [9200, 9300], content: { name: 'r-${security_rule.value}', destination_port_range: '${security_rule.value}' } } },
          },
        },
      },
    });
    const values = Object.fromEntries(document.resources.map(r => [r.address, r.values]));
    expect([values['azurerm_network_security_group.counted[0]'].name, values['azurerm_network_security_group.counted[1]'].name]).toEqual(['nsg-0', 'nsg-1']);
    expect(values['azurerm_network_security_group.counted[1]'].tags).toEqual({ port: 9200 });
    expect([values['azurerm_network_security_group.plain'].name, values['azurerm_network_security_group.again'].name]).toEqual(['nsg-9200', 'nsg-9200']);
    expect(values['azurerm_network_security_group.plain'].tags.loop).toEqual(values['azurerm_network_security_group.again'].tags.loop);
    expect(values['azurerm_network_security_group.again'].tags.loop).toContain('refers to itself');
    expect(values['azurerm_network_security_group.blocks'].security_rule).toEqual([
      { name: 'r-9200', destination_port_range: 9200 },
      { name: 'r-9300', destination_port_range: 9300 },
    ]);
  });
});
