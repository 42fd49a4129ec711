import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, CfnParameter, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { renderedTemplateText, writtenAsRendered } from '../../../src/aws/guard/written-template';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'written-template-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A stack with one security group, optionally with a parameter of its own, rendered before synthesis. */
function renderedStack(withParameter: boolean) {
  const app = new App({ outdir: path.join(dir, `app-${withParameter}`) });
  const stack = new Stack(app, 'Search');
  new ec2.CfnSecurityGroup(stack, 'Sg', { groupDescription: 'search', vpcId: 'vpc-12345678' });
  if (withParameter) new CfnParameter(stack, 'Cidr', { default: '10.0.0.0/8' });
  const rendered = renderedTemplateText(stack, (stack as any)._toCloudFormation());
  return { app, stack, rendered };
}

function written(text: string): string {
  const file = path.join(dir, `t-${Math.random().toString(36).slice(2)}.json`);
  fs.writeFileSync(file, text);
  return file;
}

describe('whether a written template holds the template rendered during validation', () => {
  test.each([
    ['the synthesizer appends its Parameters and Rules sections at the end', false],
    ['the synthesizer adds its parameter inside an existing Parameters section', true],
  ])('it does when %s', (_name, withParameter) => {
    const { app, stack, rendered } = renderedStack(withParameter);
    const assembly = app.synth();
    const file = path.join(assembly.directory, stack.templateFile);
    expect(fs.readFileSync(file, 'utf-8')).not.toEqual(rendered.text);
    expect(writtenAsRendered(file, rendered)).toBe(true);
  });

  test('it does when the text is the same, as in a later synthesis', () => {
    const { app, stack } = renderedStack(false);
    const file = path.join(app.synth().directory, stack.templateFile);
    expect(writtenAsRendered(file, renderedTemplateText(stack, (stack as any)._toCloudFormation()))).toBe(true);
  });

  test('it does not when a value changed', () => {
    const { rendered } = renderedStack(false);
    expect(writtenAsRendered(written(rendered.text.replace('vpc-12345678', 'vpc-87654321')), rendered)).toBe(false);
  });

  test('it does not when the appended sections hold more than the synthesizer\'s entries', () => {
    const { rendered } = renderedStack(false);
    const template = JSON.parse(rendered.text);
    const resources = { ...template.Resources, Open: { Type: 'AWS::EC2::SecurityGroupIngress', Properties: { CidrIp: '0.0.0.0/0' } } };
    const extraSection = { ...template, Parameters: { BootstrapVersion: { Type: 'String' } }, Rules: { CheckBootstrapVersion: {} }, Outputs: { X: { Value: '1' } } };
    const extraEntry = { ...template, Parameters: { BootstrapVersion: { Type: 'String' }, Cidr: { Type: 'String' } } };
    expect(writtenAsRendered(written(JSON.stringify(extraSection, undefined, 1)), rendered)).toBe(false);
    expect(writtenAsRendered(written(JSON.stringify(extraEntry, undefined, 1)), rendered)).toBe(false);
    expect(writtenAsRendered(written(JSON.stringify({ ...template, Resources: resources }, undefined, 1)), rendered)).toBe(false);
  });

  test('it does not when the synthesizer\'s entry sits beside a changed entry of an existing section', () => {
    const { rendered } = renderedStack(true);
    const template = JSON.parse(rendered.text);
    template.Parameters.Cidr.Default = '0.0.0.0/0';
    template.Parameters.BootstrapVersion = { Type: 'String' };
    expect(writtenAsRendered(written(JSON.stringify(template, undefined, 1)), rendered)).toBe(false);
  });

  test('it does not when the file is missing or is not JSON', () => {
    const { rendered } = renderedStack(true);
    expect(writtenAsRendered(path.join(dir, 'missing.json'), rendered)).toBe(false);
    expect(writtenAsRendered(written(`${rendered.text}}`), rendered)).toBe(false);
  });
});
