import * as fs from 'fs';
import * as path from 'path';
import { App, CfnParameter, Environment, Lazy, NestedStack, Stack, Stage, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { SearchGuardrails } from '../../../src/aws';
import { guardEvaluationStatistics } from '../../../src/aws/guard/guard-evaluation';
import { compliantDomain, guardedApp, guardReport, openRule, synthError } from '../guard-apps';

/** Evaluations and templates evaluated while `run` synthesizes. */
function counted<T>(run: () => T): { value: T; evaluations: number; templates: number } {
  Object.assign(guardEvaluationStatistics, { evaluations: 0, templates: 0 });
  const value = run();
  return { value, ...guardEvaluationStatistics };
}

/** The message `run` throws, or undefined. */
function thrown(run: () => unknown): string | undefined {
  try {
    run();
    return undefined;
  } catch (e: any) {
    return String(e.message);
  }
}

/** A stack with a compliant domain whose audit logs are off: a warning the plugin must report. */
function stackWithWarning(scope: Construct, id: string, env?: Environment): Stack {
  const stack = new Stack(scope, id, { env });
  compliantDomain(stack).domain.addPropertyOverride('LogPublishingOptions.AUDIT_LOGS.Enabled', false);
  return stack;
}

describe('one evaluation per stage per synthesis', () => {
  test('the validation plugin reports warnings and acknowledged findings from the aspect\'s evaluation without evaluating again', () => {
    const { app } = guardedApp();
    stackWithWarning(app, 'Logs');
    const imported = new Stack(app, 'Imported');
    new CfnParameter(imported, 'Unused', { default: 'the synthesizer adds its parameter beside this one' });
    const { domain } = compliantDomain(imported, ec2.SecurityGroup.fromSecurityGroupId(imported, 'Group', 'sg-0123456789abcdef0').securityGroupId);
    Validations.of(domain).acknowledge({ id: 'search-guardrails::unverifiable-network', reason: 'group owned by the network team, reviewed' });

    const { value: report, evaluations, templates } = counted(() => guardReport(app));

    expect(report.violations.map(v => [v.ruleName, v.severity, v.violatingConstructs[0].constructPath])).toEqual([['audit-logging-disabled', 'warning', 'Logs/Domain']]);
    expect(report.suppressedViolations.map(v => [v.ruleName, v.reason])).toEqual([['unverifiable-network', 'group owned by the network team, reviewed']]);
    expect({ evaluations, templates }).toEqual({ evaluations: 1, templates: 3 });
  });

  test('a Stage created after enforce is evaluated by the plugin alone, and the stacks the aspect evaluated are not evaluated again', () => {
    const { app, stack } = guardedApp();
    compliantDomain(stack);
    stackWithWarning(new Stage(app, 'Later'), 'Logs');

    const { value: report, evaluations, templates } = counted(() => guardReport(app));

    expect(report.violations.map(v => [v.ruleName, v.severity, v.violatingConstructs[0].constructPath])).toEqual([['audit-logging-disabled', 'warning', 'Later/Logs/Domain']]);
    expect({ evaluations, templates }).toEqual({ evaluations: 2, templates: 2 });
  });

  test('stacks in two environments are reported by two plugin calls from one evaluation, each finding once', () => {
    const { app } = guardedApp();
    stackWithWarning(app, 'Ireland', { account: '123456789012', region: 'eu-west-1' });
    stackWithWarning(app, 'Virginia', { account: '123456789012', region: 'us-east-1' });

    const { value: report, evaluations } = counted(() => guardReport(app));

    expect(report.violations.map(v => v.violatingConstructs[0].constructPath).sort()).toEqual(['Ireland/Domain', 'Virginia/Domain']);
    expect(evaluations).toBe(1);
  });

  test('a Stage that exists when the guard is enforced is evaluated once, by its own aspect', () => {
    const app = new App();
    stackWithWarning(new Stage(app, 'Prod'), 'Logs');
    SearchGuardrails.enforce(app);

    const { value: report, evaluations, templates } = counted(() => guardReport(app));

    expect(report.violations.map(v => [v.ruleName, v.violatingConstructs[0].constructPath])).toEqual([['audit-logging-disabled', 'Prod/Logs/Domain']]);
    expect({ evaluations, templates }).toEqual({ evaluations: 1, templates: 1 });
  });

  test('a value that changes after the aspect evaluated it is written as evaluated: the guard renders each template once', () => {
    const { app, stack } = guardedApp();
    const { group } = compliantDomain(stack);
    let opened = false;
    group!.securityGroupIngress = [openRule(443, Lazy.uncachedString({ produce: () => opened ? '0.0.0.0/0' : '10.0.0.0/8' }))];
    // Runs after the guard's validations of the stack (validateTree visits the stack before its children).
    new Construct(stack, 'OpensAfterValidation').node.addValidation({ validate: () => { opened = true; return []; } });

    const { value: error, evaluations } = counted(() => synthError(app));

    expect(error).toBeUndefined();
    const written = JSON.parse(fs.readFileSync(path.join(app.outdir, stack.templateFile), 'utf-8'));
    expect(JSON.stringify(written.Resources.Sg)).toContain('10.0.0.0/8');
    expect(evaluations).toBe(1);
  });

  test('a resource added after the aspect evaluated the stack is rendered anew, evaluated again from the written file and fails synthesis', () => {
    const { app, stack } = guardedApp();
    const { group } = compliantDomain(stack);
    // Runs after the guard's validations of the stack (validateTree visits the stack before its children).
    new Construct(stack, 'OpensAfterValidation').node.addValidation({
      validate: () => {
        new ec2.CfnSecurityGroupIngress(stack, 'LateOpen', { groupId: group!.attrGroupId, ipProtocol: 'tcp', fromPort: 443, toPort: 443, cidrIp: '0.0.0.0/0' });
        return [];
      },
    });

    const { value: error, evaluations } = counted(() => synthError(app));

    expect(error).toContain('public-ingress');
    expect(error).toContain('LateOpen');
    expect(evaluations).toBe(2);
  });

  test('a second synthesis after a change evaluates the changed templates again and fails on the construct', () => {
    const { app, stack } = guardedApp();
    const { group } = compliantDomain(stack);
    app.synth();
    group!.securityGroupIngress = [openRule()];

    const { value: error, evaluations } = counted(() => thrown(() => app.synth({ force: true })));

    expect(error).toContain('[Search/Sg] public-ingress:');
    expect(evaluations).toBe(1);
  });

  test('with validations skipped after a passing synthesis and a change, the plugin evaluates the written templates itself and fails', () => {
    const { app, stack } = guardedApp();
    const { group } = compliantDomain(stack);
    app.synth();
    group!.securityGroupIngress = [openRule()];

    const { value: error, evaluations } = counted(() => thrown(() => app.synth({ force: true, skipValidation: true })));

    expect(error).toContain('FATAL public-ingress: security group Sg');
    expect(evaluations).toBe(1);
  });

  test.each([
    ['Template.fromStack', (stage: Stage, stack: Stack) => Template.fromStack(stack)],
    ['stage.synth() (as CDK Pipelines addStage does)', (stage: Stage) => stage.synth({ validateOnSynthesis: true })],
  ])('a guarded Stage synthesized by %s before the App keeps its evaluation: the App synthesis (its synth() answers from cache) reuses it, and a secure nested stack passes', (_how, synthesizeEarly) => {
    const app = new App();
    const prod = new Stage(app, 'Prod');
    const stack = new Stack(prod, 'Search');
    compliantDomain(new NestedStack(stack, 'Nested'));
    SearchGuardrails.enforce(app);
    synthesizeEarly(prod, stack);

    // Read back from cdk.out, the nested template is not among the plugin's templates (unverifiable-network).
    const { value: error, evaluations } = counted(() => thrown(() => app.synth()));

    expect(error).toBeUndefined();
    expect(evaluations).toBe(0);
  });

  test('with validations skipped, the plugin reads the nested stacks\' templates beside their parent\'s: a secure one passes, an open one fails on its group', () => {
    const build = (open: boolean) => {
      const { app, stack } = guardedApp();
      const { group } = compliantDomain(new NestedStack(new Stack(new Stage(app, 'Prod'), 'Search'), 'Nested'));
      compliantDomain(new NestedStack(stack, 'Other'));
      if (open) group!.securityGroupIngress = [openRule()];
      return app;
    };

    expect(thrown(() => build(false).synth({ skipValidation: true }))).toBeUndefined();
    const error = thrown(() => build(true).synth({ skipValidation: true }));
    expect(error).toContain('FATAL public-ingress: security group Sg');
    expect(error).toContain('Prod/Search/Nested/Sg');
    expect(error).not.toContain('unverifiable-network');
  });

  test('Template.fromStack of a guarded stack goes through the guard once', () => {
    const { stack } = guardedApp();
    compliantDomain(stack).group!.securityGroupIngress = [openRule()];

    const { value: error, evaluations } = counted(() => thrown(() => Template.fromStack(stack)));

    expect(error).toContain('[Search/Sg] public-ingress:');
    expect(evaluations).toBe(1);
  });
});
