/**
 * The language evaluation skips work where it can: a configuration with nothing to evaluate is not
 * evaluated, and what holds no expression is shared with the input rather than copied. Both must
 * give the result the full evaluation gives.
 */
import * as fc from 'fast-check';
import { terraformJsonToDocument } from '../../../../src/formats/terraform';
import { evaluateConfiguration, needsEvaluation } from '../../../../src/formats/terraform/language/evaluate-configuration';

/** The test `needsEvaluation` made on the JSON text, before it walked the value. */
const byText = (resource: unknown) => JSON.stringify(resource ?? {}).match(/\$\{|"count"|"for_each"|"dynamic"/) !== null;

const piece = fc.constantFrom('count', 'for_each', 'dynamic', '"', '\\', '$', '{', '${', '%{', 'x', ' ', 'coun', 't', '\n');
const text = fc.array(piece, { maxLength: 4 }).map(parts => parts.join(''));
const jsonArb = fc.letrec<{ value: unknown }>(tie => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.oneof(text, fc.integer(), fc.boolean(), fc.constant(null)),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(text, tie('value'), { maxKeys: 3 }),
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

  test('count instances are evaluated each with its own index, though their body is shared text', () => {
    const document = terraformJsonToDocument({
      resource: { azurerm_network_security_group: { es: { count: 2, name: 'es-${count.index}', tags: { fixed: 'yes' } } } },
    });
    expect(document.resources.map(r => [r.address, r.values.name, r.values.count])).toEqual([
      ['azurerm_network_security_group.es[0]', 'es-0', undefined],
      ['azurerm_network_security_group.es[1]', 'es-1', undefined],
    ]);
  });
});
