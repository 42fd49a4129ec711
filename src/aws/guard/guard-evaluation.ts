/**
 * One evaluation of a set of templates for the CDK guard: translate, evaluate with the
 * acknowledgements of the construct tree, and word findings for a synthesis error.
 */
import { EvaluationResult, evaluate } from '../../core/engine';
import { Acknowledgement, Finding, Severity } from '../../core/findings/finding';
import { ruleMetadata } from '../../core/rules/catalogue';
import { RULE_ID_PREFIX } from '../../formats/cloudformation/acknowledgements';
import { CloudFormationTemplateInput } from '../../formats/cloudformation/template-set';
import { cloudFormationToModel } from '../../formats/cloudformation/to-model';

/**
 * How often the guard evaluated, and how many templates, since the counts were last reset. Tests read
 * it to prove that the validation plugin reuses the validations' evaluation (internal: not exported from
 * the package).
 */
export const guardEvaluationStatistics = { evaluations: 0, templates: 0 };

/** Evaluates `inputs`; invalid acknowledgements change nothing (they are reported, not thrown). */
export function evaluateTemplates(
  inputs: readonly CloudFormationTemplateInput[],
  acknowledgements: readonly Acknowledgement[],
  extraPorts: readonly number[] = [],
): EvaluationResult {
  guardEvaluationStatistics.evaluations += 1;
  guardEvaluationStatistics.templates += inputs.length;
  return evaluate(cloudFormationToModel(inputs, { extraPorts }), { acknowledgements, invalidAcknowledgements: 'report' });
}

/**
 * The finding's message, plus how to acknowledge it (acknowledgeable rules) and which
 * acknowledgements in its scope were ignored and why (spec: a non-acknowledgeable finding fails
 * synthesis whatever is acknowledged).
 */
export function synthesisMessage(finding: Finding, result: EvaluationResult): string {
  const parts = [finding.message];
  const ignored = result.rejectedAcknowledgements.filter(r => r.acknowledgement.ruleId === finding.ruleId
    && covers(r.acknowledgement.scope.constructPath, finding.constructPath));
  for (const r of ignored) {
    const at = r.acknowledgement.scope.constructPath || '<app>';
    parts.push(`(The acknowledgement of ${finding.ruleId} at ${at} is ignored: ${r.problem}.)`);
  }
  if (ruleMetadata(finding.ruleId).acknowledgeable && ignored.length === 0) {
    const where = finding.constructPath ?? finding.resource;
    parts.push(`If this is intended, acknowledge it on ${where} or a parent: Validations.of(construct).acknowledge({ id: '${RULE_ID_PREFIX}${finding.ruleId}', reason: '<why, 10+ characters>' }).`);
  }
  return parts.join(' ');
}

/** Where a finding is, for a synthesis error: its construct path, or its stack (or file) and logical id. */
export function findingPlace(finding: Finding): string {
  return finding.constructPath ?? `${finding.stack ?? finding.file ?? ''}/${finding.resource}`;
}

/** Every error finding of `result` as `[<construct path>] <rule-id>: ...`, as `validateTree` words them. */
export function guardEvaluationMessages(result: EvaluationResult): string[] {
  return result.findings
    .filter(f => f.severity === Severity.ERROR)
    .map(f => `[${findingPlace(f)}] ${synthesisMessage(f, result)}`);
}

function covers(scopePath: string | undefined, findingPath: string | undefined): boolean {
  if (scopePath === undefined) return false;
  if (scopePath === '') return true;
  return findingPath !== undefined && (findingPath === scopePath || findingPath.startsWith(`${scopePath}/`));
}
