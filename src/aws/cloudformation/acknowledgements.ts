/**
 * Acknowledgements recorded in a cloud assembly. `Validations.of(x).acknowledge({ id, reason })` and
 * `SearchGuardrails.acknowledge(x, ruleId, reason)` both add construct metadata of type
 * `aws:cdk:acknowledged-rules` with data `{ 'search-guardrails::<rule-id>': '<reason>' }`; CDK copies it
 * into the stack's entry of `manifest.json` (`artifacts.<stack>.metadata`, keyed by `/<construct path>`).
 */
import { Acknowledgement } from '../../core/findings/finding';
import { ruleMetadata, isRuleId } from '../../core/rules/catalogue';

/** The construct metadata type aws-cdk-lib's `Validations.acknowledge` writes. */
export const ACKNOWLEDGED_RULES_METADATA_TYPE = 'aws:cdk:acknowledged-rules';
/** The prefix of this package's rule ids in CDK's validation framework (`search-guardrails::public-allowlist`). */
export const RULE_ID_PREFIX = 'search-guardrails::';

/**
 * Acknowledgements of this package's rules found in construct metadata (a stack artifact's
 * `metadata` from `manifest.json`, or entries the CDK guard collects from the construct tree).
 * Each covers the construct that recorded it and everything below. Ids of other tools are skipped;
 * invalid ones (unknown or non-acknowledgeable rule, short reason) are returned too: see
 * `partitionAcknowledgements`.
 */
export function acknowledgementsFromAssemblyMetadata(
  metadata: Record<string, ReadonlyArray<{ readonly type: string; readonly data?: any }>>,
  stackName?: string,
): Acknowledgement[] {
  const acknowledgements: Acknowledgement[] = [];
  for (const [path, entries] of Object.entries(metadata ?? {})) {
    const constructPath = path.replace(/^\/+/, '');
    for (const entry of entries ?? []) {
      if (entry.type !== ACKNOWLEDGED_RULES_METADATA_TYPE || typeof entry.data !== 'object' || entry.data === null) continue;
      for (const [id, reason] of Object.entries<any>(entry.data)) {
        if (!id.startsWith(RULE_ID_PREFIX)) continue;
        acknowledgements.push({
          ruleId: id.slice(RULE_ID_PREFIX.length),
          reason: String(reason ?? ''),
          scope: { constructPath },
          origin: `Validations.of(${constructPath || '<app>'}).acknowledge${stackName !== undefined ? ` in stack ${stackName}` : ''}`,
        });
      }
    }
  }
  return acknowledgements;
}

/** An acknowledgement that is not applied, and why. */
export interface IgnoredAcknowledgement {
  readonly acknowledgement: Acknowledgement;
  readonly why: string;
}

/** Minimum reason length (spec: "a reason of at least 10 characters"). */
export const MIN_REASON_LENGTH = 10;

/**
 * Splits acknowledgements into those the engine applies and those it must not: unknown rule ids,
 * rules that cannot be acknowledged (`public-ingress`, `public-endpoint`, `anonymous-access`),
 * reasons shorter than 10 characters. Ignored ones change nothing: their findings still fail.
 */
export function partitionAcknowledgements(acknowledgements: readonly Acknowledgement[]): {
  valid: Acknowledgement[];
  ignored: IgnoredAcknowledgement[];
} {
  const valid: Acknowledgement[] = [];
  const ignored: IgnoredAcknowledgement[] = [];
  for (const acknowledgement of acknowledgements) {
    const why = acknowledgementProblem(acknowledgement.ruleId, acknowledgement.reason);
    if (why === undefined) valid.push(acknowledgement); else ignored.push({ acknowledgement, why });
  }
  return { valid, ignored };
}

/** Why an acknowledgement of `ruleId` with `reason` cannot apply, or undefined when it can. */
export function acknowledgementProblem(ruleId: string, reason: string): string | undefined {
  if (!isRuleId(ruleId)) return `${ruleId} is not a rule of search-guardrails`;
  if (!ruleMetadata(ruleId).acknowledgeable) return `${ruleId} cannot be acknowledged: fix the exposure instead`;
  if ((reason ?? '').trim().length < MIN_REASON_LENGTH) return `the reason must have at least ${MIN_REASON_LENGTH} characters`;
  return undefined;
}
