/**
 * Where the guard's synthesis errors are located: each error names the construct the finding is on,
 * in whichever stack (nested stacks included) it is, and a clean app gets no validation per resource.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, NestedStack, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { SearchGuardrails } from '../../../src/aws';
import { compliantDomain, openRule, synthError } from '../guard-apps';

/** A stack with a compliant domain whose group admits `0.0.0.0/0` on 443 when `open`. */
function searchStack(stack: Stack, open: boolean): void {
  const { group } = compliantDomain(stack);
  if (open) group!.securityGroupIngress = [openRule()];
}

/** `app` with a guarded stack whose group admits 0.0.0.0/0: synthesized once (it fails), then fixed. */
function failedThenFixed(app: App): App {
  const { group } = compliantDomain(new Stack(app, 'Search'));
  group!.securityGroupIngress = [openRule()];
  SearchGuardrails.enforce(app);
  expect(synthError(app)).toMatch(/\[Search\/Sg\] public-ingress/);
  group!.securityGroupIngress = [openRule(443, '10.0.0.0/8')];
  return app;
}

/** The lines of a synthesis error that start with a construct path. */
function locatedLines(message: string): string[] {
  return message.split('\n').map(l => l.trim()).filter(l => l.startsWith('['));
}

describe('error findings are located on their construct', () => {
  test('in the second and third stacks, and in a nested stack, each error names its own group', () => {
    const app = new App();
    searchStack(new Stack(app, 'First'), false);
    searchStack(new Stack(app, 'Second'), true);
    const third = new Stack(app, 'Third');
    searchStack(third, true);
    searchStack(new NestedStack(third, 'Inner'), true);
    SearchGuardrails.enforce(app);

    const lines = locatedLines(synthError(app) ?? '');

    expect(lines.filter(l => /public-ingress/.test(l)).map(l => l.slice(0, l.indexOf(']') + 1)).sort())
      .toEqual(['[Second/Sg]', '[Third/Inner/Sg]', '[Third/Sg]']);
  });

  test('the finding of a standalone ingress rule is located on the rule', () => {
    const app = new App();
    const stack = new Stack(app, 'Search');
    const { group } = compliantDomain(stack);
    // A standalone rule of a type findings are located on (SecurityGroupIngress) is its own construct;
    // the group itself stays clean.
    new ec2.CfnSecurityGroupIngress(stack, 'Open', { groupId: group!.attrGroupId, ...openRule(9200) });
    SearchGuardrails.enforce(app);

    const lines = locatedLines(synthError(app) ?? '');

    expect(lines.some(l => l.startsWith('[Search/Open] public-ingress'))).toBe(true);
  });

  test('a clean app: no resource gets a validation, only the stacks', () => {
    const app = new App();
    const stack = new Stack(app, 'Search');
    searchStack(stack, false);
    SearchGuardrails.enforce(app);

    app.synth();

    const withValidations = stack.node.findAll().filter(c => (c.node as any)._validations?.length > 0).map(c => c.node.path);
    expect(withValidations).toEqual(['Search']);
  });

  test('fixing the exposure and synthesizing again passes; the resource validation added earlier reports nothing', () => {
    const app = failedThenFixed(new App());

    expect(() => app.synth({ force: true })).not.toThrow();
  });
});

describe('another synthesis in the same tick judges the app as it is then', () => {
  // A synthesis that fails in validation never writes the render the guard offered to the synthesizer.
  test('failed, then fixed and synthesized with validations skipped: the fixed template is written and passes', () => {
    const app = failedThenFixed(new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'sg-same-tick-')) }));

    // No validation of the guard runs: the Stage's synth() itself withdraws the earlier render.
    const assembly = app.synth({ force: true, skipValidation: true });
    const written = fs.readFileSync(path.join(assembly.directory, 'Search.template.json'), 'utf-8');
    expect(written).toContain('10.0.0.0/8');
    expect(written).not.toContain('0.0.0.0/0');
  });

  test('clean, then opened: the second synthesis fails', () => {
    const app = new App();
    const stack = new Stack(app, 'Search');
    const { group } = compliantDomain(stack);
    SearchGuardrails.enforce(app);
    app.synth();

    group!.securityGroupIngress = [openRule()];

    expect(() => app.synth({ force: true })).toThrow(/\[Search\/Sg\] public-ingress/);
  });

  test('failed, then opened further elsewhere: the second synthesis names the new rule too', () => {
    const app = new App();
    const stack = new Stack(app, 'Search');
    const { group } = compliantDomain(stack);
    group!.securityGroupIngress = [openRule()];
    SearchGuardrails.enforce(app);
    expect(synthError(app)).toMatch(/\[Search\/Sg\] public-ingress/);

    group!.securityGroupIngress = [openRule(), openRule(9200)];

    expect(() => app.synth({ force: true })).toThrow(/9200/);
  });
});
