/**
 * What every report renders: the engine's result plus what was scanned. Reports are pure functions of
 * this input (no clock, no file system, no environment), so the same scan renders the same bytes.
 *
 * Internal: not part of the jsii API.
 */
import type { EvaluationResult } from '../engine';
import { Finding, Severity } from '../findings/finding';
import type { InfrastructureModel, ResourceLocation } from '../model/model';
import { canOpenPath } from '../model/path-types';

/** An input that could not be read (unreadable path, invalid JSON/YAML, unknown format, too large). */
export interface InputProblem {
  /** The file or path as the user gave or the search found it. */
  readonly file: string;
  /** One line: what is wrong and how to fix it. */
  readonly message: string;
}

/** The severity at or above which a scan fails; `never` reports without failing. */
export type FailOn = 'error' | 'warning' | 'never';

/** Everything a report renders. */
export interface ReportInput {
  readonly result: EvaluationResult;
  /** Files read (templates, manifests, Terraform files, plans), in the order they were read. */
  readonly filesScanned: readonly string[];
  /** Every resource the rules looked at: one JUnit test case each, counted in every summary. */
  readonly resourcesChecked: readonly ResourceLocation[];
  /** Inputs that could not be read: a scan with any of these is never clean. */
  readonly inputProblems?: readonly InputProblem[];
  /**
   * Resource types the inputs hold that no translator models ("no silent pass"): shown when nothing
   * could be judged, and whenever one of them can open a path to a cluster (`canOpenPath`).
   */
  readonly unmodelledResourceTypes?: readonly string[];
  /** The threshold the scan fails at, when the caller wants it shown. */
  readonly failOn?: FailOn;
  /** Version of the tool, for SARIF `tool.driver.version`. */
  readonly toolVersion?: string;
}

/** Counts shown by every report. */
export interface ReportSummary {
  readonly filesScanned: number;
  readonly resourcesChecked: number;
  readonly errors: number;
  readonly warnings: number;
  readonly acknowledged: number;
  readonly inputProblems: number;
  /** Present when `failOn` was given: whether the scan fails (input problems always fail it). */
  readonly failed?: boolean;
}

export const TOOL_NAME = 'search-guardrails';
export const TOOL_INFORMATION_URI = 'https://github.com/search-guardrails/search-guardrails';

/** Counts findings by severity and decides, when `failOn` is given, whether the scan fails. */
export function summarizeReport(input: ReportInput): ReportSummary {
  const errors = input.result.findings.filter(f => f.severity === Severity.ERROR).length;
  const warnings = input.result.findings.filter(f => f.severity === Severity.WARNING).length;
  const inputProblems = input.inputProblems?.length ?? 0;
  const summary = {
    filesScanned: input.filesScanned.length,
    resourcesChecked: input.resourcesChecked.length,
    errors,
    warnings,
    acknowledged: input.result.acknowledged.length,
    inputProblems,
  };
  if (input.failOn === undefined) {
    return summary;
  }
  return { ...summary, failed: inputProblems > 0 || findingsFailScan(input.result.findings, input.failOn) };
}

/** Whether any unacknowledged finding is at or above the threshold. */
export function findingsFailScan(findings: readonly Finding[], failOn: FailOn): boolean {
  switch (failOn) {
    case 'never': return false;
    case 'warning': return findings.length > 0;
    case 'error': return findings.some(f => f.severity === Severity.ERROR);
  }
}

/** One line: `3 files scanned, 12 resources checked: 2 errors, 1 warning, 1 acknowledged.` */
export function summaryLine(summary: ReportSummary): string {
  const parts = [
    plural(summary.errors, 'error'),
    plural(summary.warnings, 'warning'),
    `${summary.acknowledged} acknowledged`,
  ];
  if (summary.inputProblems > 0) {
    parts.push(`${plural(summary.inputProblems, 'input')} not read`);
  }
  return `${plural(summary.filesScanned, 'file')} scanned, ${plural(summary.resourcesChecked, 'resource')} checked: ${parts.join(', ')}.`;
}

/**
 * Why a scan judged less than it read: `Resource types seen and not modelled: aws_lb (can open a path to
 * a cluster), aws_s3_bucket.` Undefined when there is nothing to say.
 */
export function unmodelledLine(input: ReportInput): string | undefined {
  const types = input.unmodelledResourceTypes ?? [];
  const pathTypes = types.filter(canOpenPath);
  if (types.length === 0 || (input.resourcesChecked.length > 0 && pathTypes.length === 0)) {
    return undefined;
  }
  const shown = types.map(t => (canOpenPath(t) ? `${t} (can open a path to a cluster)` : t));
  return `Resource types seen and not modelled: ${shown.join(', ')}.`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * Every resource the rules look at in a model: clusters, firewalls, standalone rules and the resources
 * that give a cluster a public address. Deduplicated by stack, file and resource, in model order.
 */
export function resourcesCheckedInModel(model: InfrastructureModel): ResourceLocation[] {
  // The identity `locationKey` gives, as maps of file, then stack, then resource: no key text is built
  // for each of 10,000 resources.
  const seen = new Map<string, Map<string, Set<string>>>();
  const checked: ResourceLocation[] = [];
  // Rules usually share their group's location object: one look at it is enough.
  const looked = new Set<ResourceLocation>();
  const add = (location: ResourceLocation) => {
    if (looked.has(location)) return;
    looked.add(location);
    const file = location.file ?? '';
    let stacks = seen.get(file);
    if (stacks === undefined) {
      stacks = new Map();
      seen.set(file, stacks);
    }
    const stack = location.stack ?? '';
    let resources = stacks.get(stack);
    if (resources === undefined) {
      resources = new Set();
      stacks.set(stack, resources);
    }
    if (!resources.has(location.resource)) {
      resources.add(location.resource);
      checked.push(location);
    }
  };
  for (const cluster of model.clusters) {
    add(cluster.location);
    for (const endpoint of cluster.facts.publicEndpoints ?? []) {
      add(endpoint.origin);
    }
  }
  for (const opaque of model.opaque ?? []) {
    add(opaque.location);
  }
  for (const firewall of model.firewalls) {
    add(firewall.location);
    for (const rule of firewall.rules) {
      add(rule.origin);
    }
  }
  return checked;
}

/** The identity of a resource across reports: stack, file and resource. */
export function locationKey(location: { readonly resource: string; readonly file?: string; readonly stack?: string }): string {
  return JSON.stringify([location.file ?? '', location.stack ?? '', location.resource]);
}

const SEVERITY_ORDER: Record<string, number> = { [Severity.ERROR]: 0, [Severity.WARNING]: 1 };

/** A stable order for findings: by file, resource, severity (errors first), rule id, message. */
export function compareFindings(a: Finding, b: Finding): number {
  return compareText(a.file ?? '', b.file ?? '')
    || compareText(a.stack ?? '', b.stack ?? '')
    || compareText(a.resource, b.resource)
    || (SEVERITY_ORDER[a.severity] ?? 9) - (SEVERITY_ORDER[b.severity] ?? 9)
    || compareText(a.ruleId, b.ruleId)
    || compareText(a.message, b.message);
}

/** Findings sorted by `compareFindings` (a copy). */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(compareFindings);
}

/** Code-unit order: the same in every locale, unlike `localeCompare`. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
