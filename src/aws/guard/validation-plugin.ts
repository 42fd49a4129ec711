/**
 * The guard's `IPolicyValidationPlugin` (name `search-guardrails`): reports the findings of the
 * templates as written to the cloud assembly, with the acknowledgements of the construct tree applied
 * per construct subtree. A Stage whose written templates the guard's validations already evaluated in this
 * synthesis (same bytes) is not evaluated again (stage-evaluation.ts); the other templates (Stages
 * created after `enforce`, `skipValidation`, a template changed after validation) are read back and
 * evaluated together, so cross-stack references resolve.
 *
 * CDK matches acknowledgements to plugin violations by rule id across the whole app, not per
 * construct, and never suppresses `fatal` ones. The engine has already applied each
 * acknowledgement to its own subtree, so: unacknowledged errors are `fatal` (nothing may hide
 * them), warnings are `warning`, and acknowledged findings are `info` so that CDK lists them as
 * acknowledged in the validation report.
 */
import * as fs from 'fs';
import * as path from 'path';
import { IPolicyValidationContext, IPolicyValidationPlugin, PolicyValidationPluginReport, PolicyViolation, Stack, Stage } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { acknowledgementsInTree, constructPathLookup } from './construct-tree';
import { evaluateTemplates, findingPlace, synthesisMessage } from './guard-evaluation';
import { deferredWhileLookupsPending, reusableStageResult } from './stage-evaluation';
import { EvaluationResult, unmatchedInEvery } from '../../core/engine';
import { Acknowledgement, Finding, Severity } from '../../core/findings/finding';
import { RULE_CATALOGUE, ruleMetadata } from '../../core/rules/catalogue';
import { CloudFormationTemplateInput } from '../../formats/cloudformation/template-set';

export const PLUGIN_NAME = 'search-guardrails';

export class SearchGuardrailsValidationPlugin implements IPolicyValidationPlugin {
  public readonly name = PLUGIN_NAME;
  public readonly ruleIds = RULE_CATALOGUE.map(r => r.id as string);

  public validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    const app = context.appConstruct as IConstruct;
    const templates: GivenTemplate[] = context.stackTemplates.map(({ stackConstructPath, templatePath }) =>
      ({ file: path.basename(templatePath), path: templatePath, stack: stackAtPath(app, stackConstructPath) }));
    const templatePaths = new Map(templates.map(t => [t.file, t.path]));
    const acknowledgements = acknowledgementsInTree(context.appConstruct as IConstruct);
    const evaluations = evaluationsOf(templates, acknowledgements, templatePaths);
    const violations = evaluations.flatMap(({ result, files }) => {
      const given = (f: Finding) => files === undefined || (f.file !== undefined && files.has(f.file));
      return [
        ...result.findings.filter(given).map(f => violation(f, result, f.severity === Severity.ERROR ? 'fatal' : 'warning', templatePaths)),
        ...result.acknowledged.filter(given).map(f => violation(f, result, 'info', templatePaths)),
      ];
    });
    lastBlocking.set(context.appConstruct as IConstruct, evaluations.flatMap(({ result, files }) => result.findings
      .filter(f => f.severity === Severity.ERROR && (files === undefined || (f.file !== undefined && files.has(f.file))))
      .map(f => `[${findingPlace(f)}] ${synthesisMessage(f, result)}`)));
    // Valid and ignored acknowledgements depend on the acknowledgements alone: the same in every result.
    const { result } = evaluations[0];
    return {
      success: !violations.some(v => v.severity === 'fatal'),
      violations,
      metadata: {
        acknowledgements: JSON.stringify(result.acknowledgements.map(a => ({
          ruleId: a.ruleId, reason: a.reason, constructPath: a.scope.constructPath,
        }))),
        unmatchedAcknowledgements: JSON.stringify(unmatchedInEvery(evaluations.map(e => e.result)).map(a => ({
          ruleId: a.ruleId, reason: a.reason, constructPath: a.scope.constructPath,
        }))),
        ignoredAcknowledgements: JSON.stringify(result.rejectedAcknowledgements.map(r => ({
          ruleId: r.acknowledgement.ruleId, constructPath: r.acknowledgement.scope.constructPath, problem: r.problem,
        }))),
      },
    };
  }
}

/**
 * The stack at construct path `constructPath` below `app`, found child by child (a walk of the whole
 * app per synthesis is not free). A construct id never holds `/`: constructs 10 replaces it
 * (`construct.js` `sanitizeId`: "Path separators ... are replaced with --").
 */
function stackAtPath(app: IConstruct, constructPath: string): Stack | undefined {
  let c: IConstruct | undefined = app;
  for (const id of constructPath === '' ? [] : constructPath.split('/')) {
    c = c.node.tryFindChild(id);
    if (c === undefined) return undefined;
  }
  return Stack.isStack(c) ? c : undefined;
}

/** The blocking findings of the plugin's last report, per app, for the error synthesis throws. */
const lastBlocking = new WeakMap<IConstruct, string[]>();

/** `[<place>] <rule-id>: ...` for each error finding of the last report of the plugin on `app`. */
export function lastBlockingMessages(app: IConstruct): string[] {
  return lastBlocking.get(app) ?? [];
}

/** A template the plugin was given, with its stack when the construct tree has it. */
interface GivenTemplate {
  readonly file: string;
  readonly path: string;
  readonly stack?: Stack;
}

/** A result, and the template files whose findings it reports (undefined: all of them). */
interface ScopedResult {
  readonly result: EvaluationResult;
  readonly files?: ReadonlySet<string>;
}

/**
 * The validations' result of each Stage whose written templates it evaluated in this synthesis, and one
 * evaluation of all the other templates (at least one result, so the report has its metadata).
 */
function evaluationsOf(
  templates: readonly GivenTemplate[], acknowledgements: readonly Acknowledgement[], templatePaths: Map<string, string>,
): ScopedResult[] {
  const byStage = new Map<Stage, GivenTemplate[]>();
  const unevaluated: GivenTemplate[] = [];
  for (const t of templates) {
    const stage = t.stack && Stage.of(t.stack);
    if (!stage) {
      unevaluated.push(t);
    } else if (byStage.has(stage)) {
      byStage.get(stage)!.push(t);
    } else {
      byStage.set(stage, [t]);
    }
  }
  const results: ScopedResult[] = [];
  for (const [stage, given] of byStage) {
    const result = reusableStageResult(stage, given, acknowledgements);
    if (result) {
      results.push({ result, files: new Set(given.map(t => t.file)) });
    } else {
      unevaluated.push(...given);
    }
  }
  if (unevaluated.length > 0 || results.length === 0) {
    const nested = unevaluated.flatMap(nestedTemplatesOf);
    for (const t of nested) templatePaths.set(t.file, t.path);
    const inputs: CloudFormationTemplateInput[] = [...unevaluated, ...nested].map(t => ({
      file: t.file,
      stackName: t.stack?.stackName,
      template: JSON.parse(fs.readFileSync(t.path, 'utf-8')),
      constructPathOf: t.stack ? constructPathLookup(t.stack) : undefined,
    }));
    let result = evaluateTemplates(inputs, acknowledgements);
    const stages = new Set(unevaluated.map(t => t.stack && Stage.of(t.stack)).filter((s): s is Stage => s !== undefined));
    for (const stage of stages) result = deferredWhileLookupsPending(stage, result);
    results.push({ result });
  }
  return results;
}

/**
 * The written templates of the nested stacks below a given stack (at any depth). The plugin is given
 * only the templates of stack artifacts; aws-cdk-lib writes a nested stack's template as an asset
 * beside its parent's (`<unique id>.nested.template.json`), and without it the nested stack is
 * opaque (unverifiable-network) even when the validations found it secure.
 */
function nestedTemplatesOf(given: GivenTemplate): GivenTemplate[] {
  if (!given.stack) return [];
  const found: GivenTemplate[] = [];
  const dir = path.dirname(given.path);
  const visit = (scope: IConstruct): void => {
    for (const child of scope.node.children) {
      if (Stage.isStage(child)) continue;
      if (Stack.isStack(child)) {
        // Another top-level stack is given on its own; its nested stacks are its own.
        if (!child.nested) continue;
        const file = path.join(dir, child.templateFile);
        if (fs.existsSync(file)) found.push({ file: child.templateFile, path: file, stack: child });
      }
      visit(child);
    }
  };
  visit(given.stack);
  return found;
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
