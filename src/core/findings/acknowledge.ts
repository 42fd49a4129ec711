/**
 * Acknowledgements: one acknowledgeable rule, a reason of at least 10 characters, one construct or
 * resource subtree (spec: "Rule catalogue").
 */
import { GuardrailsInputError } from '../errors';
import { Acknowledgement, AcknowledgementScope, Finding } from './finding';
import { isRuleId, ruleMetadata } from '../rules/catalogue';

/** Shortest reason accepted (spec). */
export const MIN_REASON_LENGTH = 10;

/**
 * Why an acknowledgement cannot be used, as a clause that reads on its own ("public-ingress cannot
 * be acknowledged: ..."), or undefined when it can.
 */
export function acknowledgementProblem(ack: Acknowledgement): string | undefined {
  if (!isRuleId(ack.ruleId)) {
    return `${JSON.stringify(ack.ruleId)} is no rule of the catalogue`;
  }
  if (!ruleMetadata(ack.ruleId).acknowledgeable) {
    return `${ack.ruleId} cannot be acknowledged: a cluster open to the internet, with a public endpoint or without authentication fails whatever the reason`;
  }
  if ((ack.reason ?? '').trim().length < MIN_REASON_LENGTH) {
    return `the reason must have at least ${MIN_REASON_LENGTH} characters (got ${JSON.stringify(ack.reason ?? '')})`;
  }
  return scopeProblem(ack.scope ?? {});
}

/**
 * The scope is one construct path or one resource address: a construct subtree, a resource, or a
 * Terraform module subtree (spec: "a resource type, a file or a stack alone is not a scope").
 */
function scopeProblem(scope: AcknowledgementScope): string | undefined {
  const { constructPath, resource, stack, file } = scope;
  if (!constructPath && !resource) {
    const only = [stack ? `stack ${JSON.stringify(stack)}` : undefined, file ? `file ${JSON.stringify(file)}` : undefined].filter(x => x);
    return only.length > 0
      ? `its scope is ${only.join(' and ')} alone, which would cover every resource there: name one construct path or one resource address`
      : 'its scope names no construct path or resource address';
  }
  if (resource && isResourceType(resource)) {
    return `its scope ${JSON.stringify(resource)} is a resource type, which would cover every resource of that type: name one resource (a logical id, or a Terraform address such as azurerm_network_security_group.search or module.search)`;
  }
  return undefined;
}

/**
 * `AWS::EC2::SecurityGroup`, or a Terraform address that stops at the type
 * (`azurerm_network_security_group`, `module.net.azurerm_network_security_group`). CloudFormation
 * logical ids are alphanumeric ("Resources" in the CloudFormation User Guide: "The logical ID must be
 * alphanumeric (A-Za-z0-9)"), so an underscore alone marks a Terraform type.
 */
function isResourceType(resource: string): boolean {
  if (resource.includes('::')) return true;
  const parts = resource.replace(/\.$/, '').split('.');
  while (parts.length >= 2 && parts[0] === 'module') parts.splice(0, 2);
  if (parts[0] === 'data') parts.shift();
  return parts.length === 1 && parts[0].includes('_');
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
    `Invalid acknowledgement of ${JSON.stringify(ack.ruleId)}${where}: ${problem}. Acknowledge only unverifiable-network, transport-unencrypted, unencrypted-at-rest, public-allowlist or audit-logging-disabled, with a reason of ${MIN_REASON_LENGTH}+ characters, for one construct path or resource address.`);
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
