/**
 * The AWS security group translator reads each literal protocol and CIDR once. What one stands for
 * must still follow everything that decides it: a text and a number apart, the field for a message.
 */
import { IngressRule } from '../../../../src/core/model/model';
import { terraformJsonToDocument, terraformToModel } from '../../../../src/formats/terraform';

function rulesOf(rules: Record<string, unknown>[]): IngressRule[] {
  const resource = {
    aws_security_group: { sg: { name: 'sg' } },
    aws_vpc_security_group_ingress_rule: Object.fromEntries(rules.map((r, i) => [`r${i}`, { security_group_id: '${aws_security_group.sg.id}', ...r }])),
  };
  return terraformToModel([terraformJsonToDocument({ resource }, { file: 'main.tf.json' })]).firewalls[0].rules;
}

describe('literal protocols and CIDRs of AWS rules, read once', () => {
  test('the same protocol as text, as a number and unknown', () => {
    const rules = rulesOf([
      { ip_protocol: '6', from_port: 443, to_port: 443, cidr_ipv4: '10.0.0.0/8' },
      { ip_protocol: 6, from_port: 443, to_port: 443, cidr_ipv4: '10.0.0.0/8' },
      { ip_protocol: 'tcpx', from_port: 443, to_port: 443, cidr_ipv4: '10.0.0.0/8' },
      { ip_protocol: 'tcpx', from_port: 443, to_port: 443, cidr_ipv4: '10.0.0.0/8' },
      { ip_protocol: '-1', cidr_ipv4: '10.0.0.0/8' },
    ]);
    expect(rules.map(r => r.protocol)).toEqual([
      { known: true, value: 'tcp' },
      { known: true, value: 'tcp' },
      { known: false, reason: 'protocol "tcpx" is not a protocol name or number' },
      { known: false, reason: 'protocol "tcpx" is not a protocol name or number' },
      { known: true, value: 'all' },
    ]);
  });

  test('a CIDR reads the same in every rule; an invalid one names its field', () => {
    const rules = rulesOf([
      { ip_protocol: 'tcp', from_port: 443, to_port: 443, cidr_ipv4: '0.0.0.0/0' },
      { ip_protocol: 'tcp', from_port: 9200, to_port: 9200, cidr_ipv4: '0.0.0.0/0' },
      { ip_protocol: 'tcp', from_port: 443, to_port: 443, cidr_ipv4: '10.0.0.0/33' },
      { ip_protocol: 'tcp', from_port: 443, to_port: 443, cidr_ipv6: '10.0.0.0/33' },
    ]);
    expect(rules.map(r => r.name)).toEqual([
      'tcp 443 from 0.0.0.0/0', 'tcp 9200 from 0.0.0.0/0', 'tcp 443 from cidr_ipv4 "10.0.0.0/33"', 'tcp 443 from cidr_ipv6 "10.0.0.0/33"',
    ]);
    expect(rules[1].sources).toEqual(rules[0].sources);
    expect(rules[0].sources[0].kind === 'addresses' && rules[0].sources[0].addresses.toCidrs()).toEqual(['0.0.0.0/0']);
  });
});
