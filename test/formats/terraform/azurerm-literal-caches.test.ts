/**
 * The Azure rule translator reads each literal prefix, destination, port text and protocol once. What a
 * text stands for must still follow everything that decides it: the document's networks for a source,
 * the field for a port text's message.
 */
import { azurermRule } from './azurerm-rule';
import { IngressRule, InfrastructureModel } from '../../../src/core/model/model';
import { terraformJsonToDocument, terraformToModel } from '../../../src/formats/terraform';

function modelOf(resource: Record<string, unknown>, file = 'main.tf.json'): InfrastructureModel {
  return terraformToModel([terraformJsonToDocument({ resource }, { file })]);
}

const nsgWith = (rule: Record<string, unknown>) => ({
  azurerm_network_security_group: {
    nsg: {
      name: 'nsg',
      security_rule: [azurermRule({ name: 'r', source_address_prefix: '10.0.1.0/24', ...rule })],
    },
  },
});

const ruleOf = (model: InfrastructureModel): IngressRule => model.firewalls[0].rules[0];

describe('literal texts of Azure rules, read once', () => {
  test('the same prefix is a network of the input in a document that holds the subnet, addresses in one that does not', () => {
    const inside = modelOf({ ...nsgWith({}), azurerm_subnet: { s: { name: 's', address_prefixes: ['10.0.0.0/16'] } } }, 'a.tf.json');
    const outside = modelOf(nsgWith({}), 'b.tf.json');
    const again = modelOf({ ...nsgWith({}), azurerm_subnet: { s: { name: 's', address_prefixes: ['10.0.0.0/16'] } } }, 'c.tf.json');
    expect(ruleOf(inside).sources.map(s => s.kind)).toEqual(['network']);
    expect(ruleOf(outside).sources.map(s => s.kind)).toEqual(['addresses']);
    expect(ruleOf(again).sources).toEqual(ruleOf(inside).sources);
  });

  test('an invalid port text names the field it is in, whichever field read it first', () => {
    const model = modelOf(nsgWith({ destination_port_range: 'abc', source_port_range: 'abc' }));
    const rule = ruleOf(model);
    expect(rule.ports).toEqual({ known: false, reason: 'destination_port "abc" is not *, N or N-M' });
    expect(rule.sourcePorts).toEqual({ known: false, reason: 'source_port "abc" is not *, N or N-M' });
  });

  test('port texts, destinations and protocols read the same the second time', () => {
    const first = ruleOf(modelOf(nsgWith({ destination_port_range: '9200-9300', destination_address_prefix: '10.0.1.4', protocol: 'Ah' })));
    const second = ruleOf(modelOf(nsgWith({ destination_port_range: '9200-9300', destination_address_prefix: '10.0.1.4', protocol: 'Ah' })));
    expect(second).toEqual(first);
    expect(first.ports.known && first.ports.value.toString()).toBe('9200-9300');
    expect(first.destinations?.map(d => d.kind)).toEqual(['addresses']);
    expect(first.protocol).toEqual({ known: true, value: 'other' });
    const unknownProtocol = ruleOf(modelOf(nsgWith({ protocol: 'Bogus' })));
    expect(unknownProtocol.protocol).toEqual({ known: false, reason: 'protocol "Bogus" is not a protocol Azure knows' });
    expect(ruleOf(modelOf(nsgWith({ protocol: 'Bogus' }))).protocol).toEqual(unknownProtocol.protocol);
  });
});
