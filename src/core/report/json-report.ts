/**
 * `--format json`: the spec's finding shape (spec: "Finding shape"). Keys of a finding are always present;
 * `file` and `constructPath` are `null` when the input does not say.
 */
import { ReportInput, ReportSummary, sortFindings, summarizeReport } from './report-input';
import { Acknowledgement, Finding } from '../findings/finding';

/** One finding as the JSON report shows it. */
export interface JsonFinding {
  readonly ruleId: string;
  readonly severity: string;
  readonly resource: string;
  readonly file: string | null;
  readonly constructPath: string | null;
  readonly message: string;
  readonly acknowledged: boolean;
  /** The hops from the entry point (or the source) to the cluster port; empty for findings that are not about a path. */
  readonly path: readonly JsonPathHop[];
}

/** One hop of a finding's path (spec: "Finding shape"). */
export interface JsonPathHop {
  readonly kind: string;
  readonly name: string;
  readonly resource: string | null;
  readonly port: number | null;
  readonly detail: string | null;
}

/** An acknowledged finding: the finding shape plus the reason that accepts it. */
export interface JsonAcknowledgedFinding extends JsonFinding {
  readonly reason: string | null;
}

/** An acknowledgement given (from a file or from synthesized metadata), whether it matched or not. */
export interface JsonAcknowledgement {
  readonly ruleId: string;
  readonly reason: string;
  readonly resource: string | null;
  readonly constructPath: string | null;
  readonly stack: string | null;
  readonly file: string | null;
  readonly origin: string | null;
}

/** The whole JSON report. */
export interface JsonReport {
  readonly findings: readonly JsonFinding[];
  readonly acknowledged: readonly JsonAcknowledgedFinding[];
  readonly summary: ReportSummary & {
    readonly acknowledgements: readonly JsonAcknowledgement[];
    /** Acknowledgements that were not applied (recorded in synthesized output but invalid), and why. */
    readonly rejectedAcknowledgements: readonly (JsonAcknowledgement & { readonly problem: string })[];
    /** Valid acknowledgements that matched no finding (a warning: remove them or correct their scope). */
    readonly unmatchedAcknowledgements: readonly JsonAcknowledgement[];
    readonly inputErrors: readonly { readonly file: string; readonly message: string }[];
  };
}

/** The JSON report as an object. */
export function toJsonReport(input: ReportInput): JsonReport {
  return {
    findings: sortFindings(input.result.findings).map(jsonFinding),
    acknowledged: sortFindings(input.result.acknowledged).map(f => ({
      ...jsonFinding(f),
      reason: f.acknowledgementReason ?? null,
    })),
    summary: {
      ...summarizeReport(input),
      acknowledgements: input.result.acknowledgements.map(jsonAcknowledgement),
      rejectedAcknowledgements: (input.result.rejectedAcknowledgements ?? []).map(r => ({
        ...jsonAcknowledgement(r.acknowledgement),
        problem: r.problem,
      })),
      unmatchedAcknowledgements: (input.result.unmatchedAcknowledgements ?? []).map(jsonAcknowledgement),
      inputErrors: (input.inputProblems ?? []).map(p => ({ file: p.file, message: p.message })),
    },
  };
}

/** The JSON report as text (two-space indent, trailing newline). */
export function renderJsonReport(input: ReportInput): string {
  return JSON.stringify(toJsonReport(input), undefined, 2) + '\n';
}

function jsonFinding(f: Finding): JsonFinding {
  return {
    ruleId: f.ruleId,
    severity: f.severity,
    resource: f.resource,
    file: f.file ?? null,
    constructPath: f.constructPath ?? null,
    message: f.message,
    acknowledged: f.acknowledged,
    path: (f.path ?? []).map(h => ({ kind: h.kind, name: h.name, resource: h.resource ?? null, port: h.port ?? null, detail: h.detail ?? null })),
  };
}

function jsonAcknowledgement(a: Acknowledgement): JsonAcknowledgement {
  return {
    ruleId: a.ruleId,
    reason: a.reason,
    resource: a.scope.resource ?? null,
    constructPath: a.scope.constructPath ?? null,
    stack: a.scope.stack ?? null,
    file: a.scope.file ?? null,
    origin: a.origin ?? null,
  };
}
