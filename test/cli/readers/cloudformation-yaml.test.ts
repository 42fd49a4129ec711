import { parseCloudFormationYaml } from '../../../src/cli/readers/cloudformation-yaml';

const value = (yaml: string) => parseCloudFormationYaml(yaml, 'template.yaml').value as any;

describe('CloudFormation YAML short forms', () => {
  test.each([
    ['!Ref Param', { Ref: 'Param' }],
    ['!Condition IsProd', { Condition: 'IsProd' }],
    ['!GetAtt Sg.GroupId', { 'Fn::GetAtt': ['Sg', 'GroupId'] }],
    ['!GetAtt Db.Endpoint.Address', { 'Fn::GetAtt': ['Db', 'Endpoint.Address'] }],
    ['!GetAtt [Sg, GroupId]', { 'Fn::GetAtt': ['Sg', 'GroupId'] }],
    ['!Sub "${AWS::StackName}-sg"', { 'Fn::Sub': '${AWS::StackName}-sg' }],
    ['!Sub ["${A}/8", { A: !Ref Net }]', { 'Fn::Sub': ['${A}/8', { A: { Ref: 'Net' } }] }],
    ['!If [IsProd, 0.0.0.0/0, !Ref AWS::NoValue]', { 'Fn::If': ['IsProd', '0.0.0.0/0', { Ref: 'AWS::NoValue' }] }],
    ['!Select [0, !Split [",", !ImportValue Cidrs]]', { 'Fn::Select': [0, { 'Fn::Split': [',', { 'Fn::ImportValue': 'Cidrs' }] }] }],
    ['!Join ["", [!Ref A, "/32"]]', { 'Fn::Join': ['', [{ Ref: 'A' }, '/32']] }],
    ['!FindInMap [Nets, !Ref Stage, Cidr]', { 'Fn::FindInMap': ['Nets', { Ref: 'Stage' }, 'Cidr'] }],
    ['!Base64 text', { 'Fn::Base64': 'text' }],
    ['!Cidr [10.0.0.0/16, 4, 8]', { 'Fn::Cidr': ['10.0.0.0/16', 4, 8] }],
    ['!GetAZs ""', { 'Fn::GetAZs': '' }],
    ['!Equals [!Ref Stage, prod]', { 'Fn::Equals': [{ Ref: 'Stage' }, 'prod'] }],
    ['!And [!Condition A, !Not [!Condition B]]', { 'Fn::And': [{ Condition: 'A' }, { 'Fn::Not': [{ Condition: 'B' }] }] }],
    ['!Or [!Condition A, !Condition B]', { 'Fn::Or': [{ Condition: 'A' }, { Condition: 'B' }] }],
  ])('%s becomes its long form', (yaml, expected) => {
    expect(value(`X: ${yaml}\n`).X).toEqual(expected);
  });

  test('an unknown tag becomes an intrinsic the translator does not evaluate, never a plain string', () => {
    expect(value('CidrIp: !Bogus 0.0.0.0/0\n').CidrIp).toEqual({ 'Fn::Bogus': '0.0.0.0/0' });
  });

  test('standard YAML tags, anchors and aliases keep their YAML meaning', () => {
    const v = value('A: !!str 9200\nB: &rule { IpProtocol: tcp }\nC: *rule\n');
    expect(v).toEqual({ A: '9200', B: { IpProtocol: 'tcp' }, C: { IpProtocol: 'tcp' } });
  });

  test('the line of each resource is taken from the YAML', () => {
    const parsed = parseCloudFormationYaml('AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  First:\n    Type: A\n\n  Second:\n    Type: B\n', 't.yaml');
    expect(parsed.resourceLines).toEqual({ First: 3, Second: 6 });
  });

  test('invalid YAML is an input error naming the file and the line', () => {
    expect(() => parseCloudFormationYaml('Resources:\n  Sg:\n    Properties: [unclosed\n', 'bad.yaml'))
      .toThrow(/^bad\.yaml: is not valid YAML \(.* at line \d+, column \d+\)\. Fix the syntax\.$/);
  });

  test('a duplicate key is an input error', () => {
    expect(() => parseCloudFormationYaml('Resources:\n  Sg: {}\n  Sg: {}\n', 'dup.yaml')).toThrow(/dup\.yaml: is not valid YAML .*unique/i);
  });
});
