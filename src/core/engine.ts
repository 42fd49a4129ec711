/**
 * The one exposure engine: model -> rules -> findings -> acknowledgements.
 */
import { analyzeExposure } from './exposure/analyze';
import { hopsOfSteps } from './exposure/path-hops';
import { acknowledgementCovers, acknowledgementProblem, invalidAcknowledgement } from './findings/acknowledge';
import { Acknowledgement, Finding } from './findings/finding';
import { InfrastructureModel } from './model/model';
import { ruleMetadata } from './rules/catalogue';
import { ALL_RULES } from './rules/index';
import { RuleContext } from './rules/rule';

export interface EvaluationOptions {
  /** Acknowledgements to apply (see `acknowledgementProblem` for what makes one invalid). */
  readonly acknowledgements?: readonly Acknowledgement[];
  /**
   * What to do with an invalid acknowledgement (unknown or non-acknowledgeable rule, short reason,
   * empty scope): `throw` a GuardrailsInputError, or `report` it in `rejectedAcknowledgements`
   * and apply nothing (the findings it meant to accept still fail).
   * @default 'throw'
   */
  readonly invalidAcknowledgements?: 'throw' | 'report';
}

/** An acknowledgement that was not applied, and why. */
export interface RejectedAcknowledgement {
  readonly acknowledgement: Acknowledgement;
  readonly problem: string;
}

export interface EvaluationResult {
  /** Findings no acknowledgement covers (these fail synthesis / the scan at their severity). */
  readonly findings: readonly Finding[];
  /** Findings an acknowledgement covers, with its reason: listed in every report. */
  readonly acknowledged: readonly Finding[];
  /** Valid acknowledgements given (for reports), whether or not they matched a finding. */
  readonly acknowledgements: readonly Acknowledgement[];
  /** Invalid acknowledgements, when `invalidAcknowledgements` is `report`. */
  readonly rejectedAcknowledgements: readonly RejectedAcknowledgement[];
  /**
   * Valid acknowledgements that cover no finding of this evaluation: a warning in every report
   * (spec: "one that matched nothing is a warning"). The engine always sets it.
   */
  readonly unmatchedAcknowledgements?: readonly Acknowledgement[];
}

/** The acknowledgements unmatched in every one of `results` (the same list evaluated over several models). */
export function unmatchedInEvery(results: readonly EvaluationResult[]): Acknowledgement[] {
  if (results.length === 0) return [];
  const key = (a: Acknowledgement) => JSON.stringify([a.ruleId, a.reason, a.scope]);
  const [first, ...rest] = results;
  const unmatchedIn = rest.map(r => new Set((r.unmatchedAcknowledgements ?? []).map(key)));
  return (first.unmatchedAcknowledgements ?? []).filter(a => unmatchedIn.every(u => u.has(key(a))));
}

/** Runs every rule of the catalogue over the model. */
export function evaluate(model: InfrastructureModel, options: EvaluationOptions = {}): EvaluationResult {
  const valid: Acknowledgement[] = [];
  const rejected: RejectedAcknowledgement[] = [];
  for (const ack of options.acknowledgements ?? []) {
    const problem = acknowledgementProblem(ack);
    if (!problem) {
      valid.push(ack);
    } else if ((options.invalidAcknowledgements ?? 'throw') === 'throw') {
      throw invalidAcknowledgement(ack, problem);
    } else {
      rejected.push({ acknowledgement: ack, problem });
    }
  }

  const context: RuleContext = { model, exposure: analyzeExposure(model) };
  const findings: Finding[] = [];
  const acknowledged: Finding[] = [];
  const matched = new Set<Acknowledgement>();
  for (const rule of ALL_RULES) {
    const { severity } = ruleMetadata(rule.id);
    for (const draft of rule.evaluate(context)) {
      const { resource, resourceType, file, line, constructPath, stack } = draft.location;
      const finding: Finding = {
        ruleId: rule.id,
        severity,
        resource,
        resourceType,
        file,
        line,
        constructPath,
        stack,
        message: draft.message,
        acknowledged: false,
        exposurePaths: draft.exposurePaths,
        path: draft.path ?? hopsOfSteps(draft.exposurePaths),
      };
      const covering = valid.filter(a => acknowledgementCovers(a, finding));
      covering.forEach(a => matched.add(a));
      const ack = covering[0];
      if (ack) {
        acknowledged.push({ ...finding, acknowledged: true, acknowledgementReason: ack.reason });
      } else {
        findings.push(finding);
      }
    }
  }
  return {
    findings: sortFindings(findings),
    acknowledged: sortFindings(acknowledged),
    acknowledgements: valid,
    rejectedAcknowledgements: rejected,
    unmatchedAcknowledgements: valid.filter(a => !matched.has(a)),
  };
}

/** Errors first, then by file, resource and rule: stable output for reports and tests. */
function sortFindings(findings: Finding[]): Finding[] {
  const rank = (f: Finding) => (f.severity === 'error' ? 0 : 1);
  return findings.sort((a, b) => rank(a) - rank(b)
    || (a.file ?? '').localeCompare(b.file ?? '')
    || (a.stack ?? '').localeCompare(b.stack ?? '')
    || a.resource.localeCompare(b.resource)
    || a.ruleId.localeCompare(b.ruleId));
}
