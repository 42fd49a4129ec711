/**
 * `--format sarif`: SARIF 2.1.0 (OASIS), as GitHub code scanning and other viewers read it.
 * Rules come from the catalogue; acknowledged findings are results with an accepted suppression;
 * inputs that could not be read are tool execution notifications and mark the run unsuccessful.
 * https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html
 */
import { ReportInput, sortFindings, TOOL_INFORMATION_URI, TOOL_NAME } from './report-input';
import { Finding, RuleId, Severity } from '../findings/finding';
import { RULE_CATALOGUE, RuleMetadata } from '../rules/catalogue';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
/** Base id for relative file URIs; a viewer resolves it against the checkout (GitHub does). */
export const SARIF_SOURCE_ROOT = '%SRCROOT%';

/** How to render SARIF. */
export interface SarifReportOptions {
  /** `file:///.../` URI of the directory relative paths are relative to. @default - not recorded */
  readonly sourceRootUri?: string;
}

/**
 * GitHub code scanning sorts security alerts by `security-severity` (9.0+ critical, 7.0-8.9 high,
 * 4.0-6.9 medium). https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning
 */
const SECURITY_SEVERITY: Record<RuleId, string> = {
  [RuleId.PUBLIC_INGRESS]: '9.8',
  [RuleId.PUBLIC_ENDPOINT]: '9.8',
  [RuleId.ANONYMOUS_ACCESS]: '9.8',
  [RuleId.UNVERIFIABLE_NETWORK]: '7.5',
  [RuleId.TRANSPORT_UNENCRYPTED]: '7.4',
  [RuleId.UNENCRYPTED_AT_REST]: '6.5',
  [RuleId.PUBLIC_ALLOWLIST]: '5.3',
  [RuleId.AUDIT_LOGGING_DISABLED]: '4.0',
};

/** The SARIF log as an object. */
export function toSarifReport(input: ReportInput, options: SarifReportOptions = {}): Record<string, unknown> {
  const problems = input.inputProblems ?? [];
  const results = [
    ...sortFindings(input.result.findings),
    ...sortFindings(input.result.acknowledged),
  ].map(sarifResult);

  const run: Record<string, unknown> = {
    tool: {
      driver: {
        name: TOOL_NAME,
        ...(input.toolVersion !== undefined ? { version: input.toolVersion, semanticVersion: input.toolVersion } : {}),
        informationUri: TOOL_INFORMATION_URI,
        rules: RULE_CATALOGUE.map(sarifRule),
      },
    },
    ...(options.sourceRootUri !== undefined
      ? { originalUriBaseIds: { [SARIF_SOURCE_ROOT]: { uri: withTrailingSlash(options.sourceRootUri) } } }
      : {}),
    invocations: [{
      executionSuccessful: problems.length === 0,
      toolExecutionNotifications: [
        ...problems.map(p => ({
          level: 'error',
          message: { text: p.message },
          locations: [{ physicalLocation: { artifactLocation: artifactLocation(p.file) } }],
        })),
        ...(input.result.rejectedAcknowledgements ?? []).map(r => ({
          level: 'warning',
          message: { text: `Acknowledgement of ${r.acknowledgement.ruleId} not applied${r.acknowledgement.origin !== undefined ? ` (${r.acknowledgement.origin})` : ''}: ${r.problem}` },
        })),
        ...(input.result.unmatchedAcknowledgements ?? []).map(a => ({
          level: 'warning',
          message: { text: `Acknowledgement of ${a.ruleId} for ${a.scope.constructPath ?? a.scope.resource} matched no finding${a.origin !== undefined ? ` (${a.origin})` : ''}: remove it or correct its scope` },
        })),
      ],
    }],
    results,
  };
  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [run],
  };
}

/** The SARIF log as text (two-space indent, trailing newline). */
export function renderSarifReport(input: ReportInput, options: SarifReportOptions = {}): string {
  return JSON.stringify(toSarifReport(input, options), undefined, 2) + '\n';
}

function sarifRule(rule: RuleMetadata): Record<string, unknown> {
  return {
    id: rule.id,
    name: pascalCase(rule.id),
    shortDescription: { text: rule.title },
    fullDescription: { text: `${rule.title}. ${rule.rationale}.` },
    help: {
      text: `${rule.fix}.${rule.acknowledgeable ? ' This rule may be acknowledged with a reason.' : ' This rule cannot be acknowledged.'}`,
      markdown: `**${rule.title}.** ${rule.rationale}.\n\n**Fix:** ${rule.fix}.`,
    },
    helpUri: `${TOOL_INFORMATION_URI}/blob/main/docs/rules.md#${rule.id}`,
    defaultConfiguration: { level: sarifLevel(rule.severity) },
    properties: {
      'tags': ['security'],
      'precision': 'very-high',
      'security-severity': SECURITY_SEVERITY[rule.id],
      'acknowledgeable': rule.acknowledgeable,
    },
  };
}

function sarifResult(f: Finding): Record<string, unknown> {
  const ruleIndex = RULE_CATALOGUE.findIndex(r => r.id === f.ruleId);
  const logicalLocation = {
    name: f.resource,
    fullyQualifiedName: f.constructPath ?? (f.stack !== undefined ? `${f.stack}/${f.resource}` : f.resource),
    kind: 'resource',
  };
  const location: Record<string, unknown> = { logicalLocations: [logicalLocation] };
  if (f.file !== undefined) {
    location.physicalLocation = {
      artifactLocation: artifactLocation(f.file),
      ...(f.line !== undefined && f.line >= 1 ? { region: { startLine: f.line } } : {}),
    };
  }
  return {
    ruleId: f.ruleId,
    ...(ruleIndex >= 0 ? { ruleIndex } : {}),
    level: sarifLevel(f.severity),
    kind: 'fail',
    message: { text: f.message },
    locations: [location],
    // One alert per file, stack, resource and rule: GitHub merges results with equal fingerprints, so the
    // same template under envs/dev and envs/prod must differ (the file is part of the identity).
    // https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning#providing-data-to-track-code-scanning-alerts-across-runs
    partialFingerprints: {
      'searchGuardrailsFinding/v2': findingFingerprint(f),
    },
    properties: {
      resource: f.resource,
      resourceType: f.resourceType,
      ...(f.stack !== undefined ? { stack: f.stack } : {}),
      ...(f.constructPath !== undefined ? { constructPath: f.constructPath } : {}),
    },
    ...(f.acknowledged
      ? {
        suppressions: [{
          kind: 'external',
          status: 'accepted',
          justification: f.acknowledgementReason ?? 'acknowledged',
        }],
      }
      : {}),
  };
}

/** `<rule>:<file>:<stack>:<resource>`, stable across runs and unique per file, resource and rule. */
export function findingFingerprint(f: Finding): string {
  return [f.ruleId, (f.file ?? '').replace(/\\/g, '/'), f.stack ?? '', f.resource].join(':');
}

function sarifLevel(severity: Severity): string {
  return severity === Severity.ERROR ? 'error' : 'warning';
}

/**
 * Relative paths become URI references against `%SRCROOT%`; absolute paths become `file://` URIs.
 * Each segment is percent-encoded (spaces, `#`, `%` in file names).
 */
export function artifactLocation(file: string): Record<string, string> {
  const posix = file.replace(/\\/g, '/');
  if (/^[A-Za-z]:\//.test(posix)) {
    return { uri: `file:///${encodePath(posix)}` };
  }
  if (posix.startsWith('/')) {
    return { uri: `file://${encodePath(posix)}` };
  }
  return { uri: encodePath(posix.replace(/^\.\//, '')), uriBaseId: SARIF_SOURCE_ROOT };
}

function encodePath(posix: string): string {
  return posix.split('/').map(segment => /^[A-Za-z]:$/.test(segment) ? segment : encodeURIComponent(segment)).join('/');
}

function withTrailingSlash(uri: string): string {
  return uri.endsWith('/') ? uri : `${uri}/`;
}

function pascalCase(id: string): string {
  return id.split('-').map(w => w.charAt(0).toUpperCase() + w.slice(1)).join('');
}
