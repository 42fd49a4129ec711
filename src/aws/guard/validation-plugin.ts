/**
 * The guard's `IPolicyValidationPlugin` (name `search-guardrails`): evaluates the templates as
 * written to the cloud assembly, all stacks together (cross-stack references resolve), with the
 * acknowledgements of the construct tree applied per construct subtree.
 *
 * CDK matches acknowledgements to plugin violations by rule id across the whole app, not per
 * construct, and never suppresses `fatal` ones. The engine has already applied each
 * acknowledgement to its own subtree, so: unacknowledged errors are `fatal` (nothing may hide
 * them), warnings are `warning`, and acknowledged findings are `info` so that CDK lists them as
 * acknowledged in the validation report.
 */
import * as fs from 'fs';
import * as path from 'path';
import { IPolicyValidationContext, IPolicyValidationPlugin, PolicyValidationPluginReport, PolicyViolation, Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { acknowledgementsInTree, constructPathsOf } from './construct-tree';
import { evaluateTemplates, synthesisMessage } from './guard-evaluation';
import { EvaluationResult } from '../../core/engine';
import { Finding, Severity } from '../../core/findings/finding';
import { RULE_CATALOGUE, ruleMetadata } from '../../core/rules/catalogue';
import { CloudFormationTemplateInput } from '../cloudformation/template-set';

export const PLUGIN_NAME = 'search-guardrails';

export class SearchGuardrailsValidationPlugin implements IPolicyValidationPlugin {
  public readonly name = PLUGIN_NAME;
  public readonly ruleIds = RULE_CATALOGUE.map(r => r.id as string);

  public validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    const stacks = new Map<string, Stack>();
    for (const c of context.appConstruct.node.findAll()) if (Stack.isStack(c)) stacks.set(c.node.path, c);
    const inputs: CloudFormationTemplateInput[] = context.stackTemplates.map(({ stackConstructPath, templatePath }) => {
      const stack = stacks.get(stackConstructPath);
      return {
        file: path.basename(templatePath),
        stackName: stack?.stackName,
        template: JSON.parse(fs.readFileSync(templatePath, 'utf-8')),
        constructPaths: stack ? constructPathsOf(stack) : undefined,
      };
    });
    const templatePaths = new Map(inputs.map((input, i) => [input.file!, context.stackTemplates[i].templatePath]));
    const result = evaluateTemplates(inputs, acknowledgementsInTree(context.appConstruct as IConstruct));
    const violations = [
      ...result.findings.map(f => violation(f, result, f.severity === Severity.ERROR ? 'fatal' : 'warning', templatePaths)),
      ...result.acknowledged.map(f => violation(f, result, 'info', templatePaths)),
    ];
    return {
      success: !violations.some(v => v.severity === 'fatal'),
      violations,
      metadata: {
        acknowledgements: JSON.stringify(result.acknowledgements.map(a => ({
          ruleId: a.ruleId, reason: a.reason, constructPath: a.scope.constructPath,
        }))),
        ignoredAcknowledgements: JSON.stringify(result.rejectedAcknowledgements.map(r => ({
          ruleId: r.acknowledgement.ruleId, constructPath: r.acknowledgement.scope.constructPath, problem: r.problem,
        }))),
      },
    };
  }
}

function violation(finding: Finding, result: EvaluationResult, severity: string, templatePaths: Map<string, string>): PolicyViolation {
  const logicalId = finding.resource;
  const description = finding.acknowledged
    ? `${finding.message} Acknowledged: ${finding.acknowledgementReason}.`
    : synthesisMessage(finding, result);
  return {
    ruleName: finding.ruleId,
    description,
    fix: ruleMetadata(finding.ruleId).fix,
    severity,
    ruleMetadata: { severity: finding.severity, acknowledgeable: String(ruleMetadata(finding.ruleId).acknowledgeable) },
    violatingResources: [{
      resourceLogicalId: logicalId,
      templatePath: (finding.file !== undefined ? templatePaths.get(finding.file) : undefined) ?? finding.file ?? '',
      locations: [`Resources/${logicalId}`],
    }],
  };
}
