import { classifyDocument, looksLikeInfrastructure } from '../../../src/cli/readers/classify';

describe('format detection by content', () => {
  test.each([
    [{ version: '36.0.0', artifacts: { S: { type: 'aws:cloudformation:stack' } } }, 'cloud-assembly-manifest'],
    [{ version: '0.21.0', stacks: { s: { synthesizedStackPath: 'stacks/s/cdk.tf.json' } } }, 'cdktf-manifest'],
    [{ format_version: '1.2', terraform_version: '1.9.8', planned_values: { root_module: {} } }, 'terraform-plan'],
    [{ format_version: '1.0', values: { root_module: {} } }, 'terraform-plan'],
    [{ AWSTemplateFormatVersion: '2010-09-09' }, 'cloudformation'],
    [{ Resources: { Sg: { Type: 'AWS::EC2::SecurityGroup' } } }, 'cloudformation'],
    [{ 'resource': { azurerm_network_security_group: {} }, '//': {} }, 'terraform-json'],
    [{ variable: { x: {} } }, 'terraform-json'],
    [{ name: 'pkg', version: '1.0.0', dependencies: {} }, 'unknown'],
    [{ resource: {}, name: 'not terraform' }, 'unknown'],
    [[1, 2], 'unknown'],
    ['text', 'unknown'],
  ])('%j is %s', (value, format) => {
    expect(classifyDocument(value)).toBe(format);
  });

  test('text that failed to parse is recognised as infrastructure by its keys', () => {
    expect(looksLikeInfrastructure('{\n  "Resources": {\n')).toBe(true);
    expect(looksLikeInfrastructure('Resources:\n  A: [')).toBe(true);
    expect(looksLikeInfrastructure('{ "compilerOptions": { // comment')).toBe(false);
  });
});
