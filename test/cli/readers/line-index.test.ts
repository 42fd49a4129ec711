import { cloudFormationJsonLines, terraformHclLines, terraformJsonLines } from '../../../src/cli/readers/line-index';

describe('resource lines', () => {
  test('a logical id is found under Resources, not where it is only referenced before', () => {
    const text = [
      '{',
      '  "Outputs": { "Out": { "Value": { "Ref": "Sg" } } },',
      '  "Resources": {',
      '    "Other": { "Type": "X", "DependsOn": ["Sg"] },',
      '    "Sg": {',
      '      "Type": "AWS::EC2::SecurityGroup"',
      '    }',
      '  }',
      '}',
    ].join('\n');
    expect(cloudFormationJsonLines(text, ['Other', 'Sg', 'Missing'])).toEqual({ Other: 4, Sg: 5 });
  });

  test('a Terraform JSON resource is found under its type', () => {
    const text = '{\n "resource": {\n  "a_type": {\n   "x": {}\n  },\n  "b_type": {\n   "x": {}\n  }\n }\n}';
    expect(terraformJsonLines(text, [{ type: 'a_type', name: 'x' }, { type: 'b_type', name: 'x' }]))
      .toEqual({ 'a_type.x': 4, 'b_type.x': 7 });
  });

  test('an HCL resource block is found by its labels', () => {
    expect(terraformHclLines('variable "x" {}\n\nresource "azurerm_network_security_group" "es" {\n}\n  resource "a" "b" {}\n'))
      .toEqual({ 'azurerm_network_security_group.es': 3, 'a.b': 5 });
  });
});
