/**
 * The resolver remembers the target of each reference it was asked about: the answer must be its own
 * document's, whatever another document with the same reference text holds.
 */
import { parseResourceReference } from '../../../src/formats/terraform/expressions';
import { DocumentResolver } from '../../../src/formats/terraform/resolver';
import { terraformJsonToDocument } from '../../../src/formats/terraform/terraform-document';
import { terraformToModel } from '../../../src/formats/terraform/terraform-to-model';

const REFERENCE = '${azurerm_subnet.es.address_prefixes}';

function resolverOf(resource: Record<string, any>, addressPrefix?: string): DocumentResolver {
  return new DocumentResolver(terraformJsonToDocument({ resource }, { addressPrefix }));
}

describe('reading a reference through the resolver', () => {
  test('two documents with the same reference text each read their own resource, asked in turn and again', () => {
    const first = resolverOf({ azurerm_subnet: { es: { address_prefixes: ['10.0.1.0/24'] } } });
    const second = resolverOf({ azurerm_subnet: { es: { address_prefixes: ['10.9.0.0/16'] } } });
    const missing = resolverOf({ azurerm_subnet: { other: { address_prefixes: ['10.0.2.0/24'] } } });
    for (let round = 0; round < 2; round++) {
      expect(first.read(REFERENCE)).toEqual({ state: 'literal', value: ['10.0.1.0/24'] });
      expect(second.read(REFERENCE)).toEqual({ state: 'literal', value: ['10.9.0.0/16'] });
      expect(missing.read(REFERENCE).state).toBe('unknown');
      expect(first.referencedAddress(REFERENCE)).toBe('azurerm_subnet.es');
      expect(missing.referencedAddress(REFERENCE)).toBeUndefined();
    }
  });

  test('an instance reference and a reference to the resource itself each find their own target', () => {
    const resolver = resolverOf({ azurerm_subnet: { es: { count: 2, address_prefixes: ['10.0.${count.index}.0/24'] } } });
    expect(resolver.read('${azurerm_subnet.es[1].address_prefixes}')).toEqual({ state: 'literal', value: ['10.0.1.0/24'] });
    expect(resolver.read('${azurerm_subnet.es[0].address_prefixes}')).toEqual({ state: 'literal', value: ['10.0.0.0/24'] });
    expect(resolver.read(REFERENCE).state).toBe('unknown');
    expect(resolver.referencedAddress('${azurerm_subnet.es[1].id}')).toBe('azurerm_subnet.es[1]');
  });

  test('inside a module, a reference without the module address finds the resource; a document without the module does not', () => {
    const inModule = resolverOf({ azurerm_subnet: { es: { address_prefixes: ['10.0.1.0/24'] } } }, 'module.net.');
    expect(inModule.referencedAddress(REFERENCE)).toBe('module.net.azurerm_subnet.es');
    const other = resolverOf({ azurerm_subnet: { ex: { address_prefixes: ['10.0.1.0/24'] } } }, 'module.net.');
    expect(other.referencedAddress(REFERENCE)).toBeUndefined();
  });
});

describe('parsing a whole-string reference', () => {
  test.each([
    ['${azurerm_subnet.es.id}', { type: 'azurerm_subnet', name: 'es', path: ['id'] }],
    ['${ azurerm_subnet.es.address_prefixes[0] }', { type: 'azurerm_subnet', name: 'es', path: ['address_prefixes', 0] }],
    ['${azurerm_subnet.es}', { type: 'azurerm_subnet', name: 'es', path: [] }],
  ])('%s is a reference', (text, expected) => {
    expect(parseResourceReference(text)).toEqual(expected);
  });

  test.each([
    [' ${azurerm_subnet.es.id}'], ['x${azurerm_subnet.es.id}'], ['azurerm_subnet.es.id'], ['10.0.0.0/8'], [''],
    ['$${azurerm_subnet.es.id}'], ['${var.x}'], ['${azurerm_subnet.es.id} '], ['${tolist(azurerm_subnet.es.address_prefixes)}'],
  ])('%j is not one', text => {
    expect(parseResourceReference(text)).toBeUndefined();
    expect(parseResourceReference(text)).toBeUndefined();
  });
});

describe('a literal source inside a virtual network of its own document', () => {
  const documentWith = (space: string, file: string) => terraformJsonToDocument({
    resource: {
      azurerm_virtual_network: { vnet: { address_space: [space] } },
      azurerm_network_security_group: {
        es: {
          name: 'es',
          security_rule: ['a', 'b'].map((name, i) => ({
            name,
            priority: 100 + i,
            direction: 'Inbound',
            access: 'Allow',
            protocol: 'Tcp',
            source_port_range: '*',
            destination_port_range: '9200',
            source_address_prefix: '10.0.1.0/24',
            destination_address_prefix: '*',
          })),
        },
      },
    },
  }, { file });

  test('is that network in a document whose space holds it, and addresses in one whose space does not, in either order', () => {
    for (const order of [['inside', 'outside'], ['outside', 'inside']]) {
      const documents = order.map(which => documentWith(which === 'inside' ? '10.0.0.0/16' : '192.168.0.0/16', `${which}.tf.json`));
      const model = terraformToModel(documents);
      for (const firewall of model.firewalls) {
        const kinds = firewall.rules.map(r => r.sources[0].kind);
        expect(kinds).toEqual(firewall.location.file === 'inside.tf.json' ? ['network', 'network'] : ['addresses', 'addresses']);
      }
    }
  });
});
