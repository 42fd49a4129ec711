import fc from 'fast-check';
import { AddressSet } from '../../../src/core/net/address-set';
import { sourceFromText } from '../../../src/formats/terraform/azurerm/security-rules';
import { normalizeKeys, terraformJsonToDocument, toSnakeCase } from '../../../src/formats/terraform/terraform-document';

const FREE_FORM = new Set(['tags', 'labels', 'metadata', 'settings', 'protected_settings']);

/** The plain definition: a fresh copy with every key renamed, free-form maps kept as they are. */
function copyNormalized(value: any): any {
  if (Array.isArray(value)) return value.map(copyNormalized);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, any> = {};
  for (const [key, inner] of Object.entries(value)) {
    const snake = /^[a-z][a-zA-Z0-9]*$/.test(key) ? key.replace(/[A-Z]/g, c => `_${c.toLowerCase()}`) : key;
    out[snake] = FREE_FORM.has(snake) ? inner : copyNormalized(inner);
  }
  return out;
}

const keyArb = fc.constantFrom('name', 'sourceAddressPrefix', 'source_address_prefix', 'securityRule', 'tags', 'fooBar', 'x', '//', 'Already_Odd', 'a1B2');
const jsonArb = fc.letrec<{ value: unknown }>(tie => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null)),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(keyArb, tie('value'), { maxKeys: 4 }),
  ),
})).value;

describe('normalising Terraform JSON keys', () => {
  test('normalizeKeys equals a fresh renamed copy, and never changes its input', () => {
    fc.assert(fc.property(jsonArb, value => {
      const before = JSON.stringify(value);
      expect(normalizeKeys(value)).toEqual(copyNormalized(value));
      expect(JSON.stringify(value)).toBe(before);
    }));
  });

  test('a snake_case body is read without copying, and a camelCase one is copied with its keys renamed', () => {
    const snake = { name: 'r', security_rule: [{ source_address_prefix: '10.0.0.0/8' }], tags: { ownerTeam: 'x' } };
    const camel = { name: 'r', securityRule: [{ sourceAddressPrefix: '10.0.0.0/8' }] };
    const json = { resource: { azurerm_network_security_group: { snake: { ...snake, '//': { metadata: { path: 's/snake' } } }, camel } } };
    const [snakeResource, camelResource] = terraformJsonToDocument(json).resources;
    expect(snakeResource.values).toEqual(snake);
    expect(snakeResource.values.security_rule).toBe(json.resource.azurerm_network_security_group.snake.security_rule);
    expect(snakeResource.constructPath).toBe('s/snake');
    expect(camelResource.values).toEqual({ name: 'r', security_rule: [{ source_address_prefix: '10.0.0.0/8' }] });
    expect(json.resource.azurerm_network_security_group.camel).toEqual(camel);
  });

  test.each([
    ['sourceAddressPrefix', 'source_address_prefix'],
    ['source_address_prefix', 'source_address_prefix'],
    ['Name', 'Name'],
    ['a1B2', 'a1_b2'],
    ['with-dash', 'with-dash'],
  ])('toSnakeCase(%s) is %s', (key, snake) => {
    expect(toSnakeCase(key)).toBe(snake);
    expect(toSnakeCase(key)).toBe(snake);
  });
});

describe('reading a source prefix', () => {
  /** The reading that tries the address parser first. */
  function addressFirst(text: string) {
    const trimmed = text.trim();
    const addresses = AddressSet.tryParse(trimmed);
    if (addresses) return { kind: 'addresses', text: trimmed, addresses };
    if (/^(\*|[A-Za-z][A-Za-z0-9.-]*)$/.test(trimmed)) return { kind: 'service-tag', tag: trimmed };
    return { kind: 'unknown', text: trimmed, reason: `source ${JSON.stringify(text)} is not an address, a CIDR or a service tag` };
  }

  const prefixArb = fc.oneof(
    fc.ipV4().map(ip => `${ip}/${ip.length % 33}`),
    fc.ipV4(),
    fc.ipV6(),
    fc.ipV6().map(ip => `${ip}/64`),
    fc.constantFrom('*', 'Internet', 'VirtualNetwork', 'AzureCloud.westeurope', 'Storage.EastUS2', 'a', 'fe80', 'ABCD', 'dead.beef', '::', '10.0.0.0/33', ' 10.1.0.0/16 ', '1.2.3'),
    fc.stringMatching(/^[A-Za-z0-9.:/*-]{1,12}$/),
  );

  test('checking for a service tag first reads every prefix as the address parser first would', () => {
    fc.assert(fc.property(prefixArb, text => {
      expect(sourceFromText(text)).toEqual(addressFirst(text));
    }), { numRuns: 2000 });
  });
});
