/**
 * Acknowledgements: one acknowledgeable rule, a reason of at least 10 characters, one construct or
 * resource subtree (spec: "Rule catalogue").
 */
import { GuardrailsInputError } from '../errors';
import { Acknowledgement, AcknowledgementScope, Finding } from './finding';
import { isRuleId, ruleMetadata } from '../rules/catalogue';

/** Shortest reason accepted (spec). */
export const MIN_REASON_LENGTH = 10;

/** Why an acknowledgement cannot be used, or undefined when it can. */
export function acknowledgementProblem(ack: Acknowledgement): string | undefined {
  if (!isRuleId(ack.ruleId)) {
    return `names no rule of the catalogue (${JSON.stringify(ack.ruleId)})`;
  }
  if (!ruleMetadata(ack.ruleId).acknowledgeable) {
    return `${ack.ruleId} cannot be acknowledged: a cluster open to the internet, with a public endpoint or without authentication fails whatever the reason`;
  }
  if ((ack.reason ?? '').trim().length < MIN_REASON_LENGTH) {
    return `needs a reason of at least ${MIN_REASON_LENGTH} characters (got ${JSON.stringify(ack.reason ?? '')})`;
  }
  const { constructPath, resource, stack, file } = ack.scope ?? {};
  if (!constructPath && !resource && !stack && !file) {
    return 'names no construct, resource, stack or file to apply to';
  }
  return undefined;
}

/** @throws GuardrailsInputError when the acknowledgement cannot be used. */
export function validateAcknowledgement(ack: Acknowledgement): void {
  const problem = acknowledgementProblem(ack);
  if (problem) throw invalidAcknowledgement(ack, problem);
}

/** The error for an acknowledgement that cannot be used. */
export function invalidAcknowledgement(ack: Acknowledgement, problem: string): GuardrailsInputError {
  const where = ack.origin ? ` (${ack.origin})` : '';
  return new GuardrailsInputError('invalid-acknowledgement',
    `Invalid acknowledgement of ${JSON.stringify(ack.ruleId)}${where}: it ${problem}. Acknowledge only unverifiable-network, transport-unencrypted, unencrypted-at-rest, public-allowlist or audit-logging-disabled, with a reason of ${MIN_REASON_LENGTH}+ characters, for one construct or resource.`);
}

/** Whether an acknowledgement covers a finding: same rule, and every scope field that is set matches. */
export function acknowledgementCovers(ack: Acknowledgement, finding: Finding): boolean {
  return ack.ruleId === finding.ruleId && scopeCovers(ack.scope, finding);
}

function scopeCovers(scope: AcknowledgementScope, finding: Finding): boolean {
  if (scope.constructPath !== undefined && !isUnder(finding.constructPath, scope.constructPath, '/')) return false;
  if (scope.resource !== undefined && !isUnder(finding.resource, scope.resource, '.')) return false;
  if (scope.stack !== undefined && finding.stack !== scope.stack) return false;
  if (scope.file !== undefined && finding.file !== scope.file) return false;
  return true;
}

/** `a/b` is under `a`; `module.x.y` is under `module.x`; `ab` is not under `a`. */
function isUnder(value: string | undefined, prefix: string, separator: string): boolean {
  if (value === undefined) return false;
  const trimmed = prefix.endsWith(separator) ? prefix.slice(0, -1) : prefix;
  return value === trimmed || value.startsWith(trimmed + separator);
}
