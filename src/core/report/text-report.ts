/**
 * `--format text`: unread inputs first, findings grouped by file and resource, then acknowledgements and one
 * summary line. Colour is the caller's decision (the CLI asks `isTTY` and `NO_COLOR`).
 */
import { compareText, ReportInput, sortFindings, summarizeReport, summaryLine, unmodelledLine } from './report-input';
import { Acknowledgement, Finding, Severity } from '../findings/finding';

/** How to render text. */
export interface TextReportOptions {
  /** ANSI colours. @default false */
  readonly color?: boolean;
}

type Paint = (code: string, text: string) => string;

const ANSI = { red: '31', yellow: '33', green: '32', dim: '2', bold: '1', cyan: '36' };

/** The text report (ends with a newline). */
export function renderTextReport(input: ReportInput, options: TextReportOptions = {}): string {
  const paint: Paint = options.color ? (code, text) => `\u001b[${code}m${text}\u001b[0m` : (_code, text) => text;
  const lines: string[] = [];
  const all = sortFindings([...input.result.findings, ...input.result.acknowledged]);

  // Unread inputs come first: a report that could not read everything never opens as if it were clean.
  const problems = input.inputProblems ?? [];
  if (problems.length > 0) {
    lines.push(paint(ANSI.bold, 'Inputs that could not be read'));
    for (const problem of problems) {
      lines.push(`  ${paint(ANSI.red, 'input error')}  ${problem.file}: ${problem.message}`);
    }
    lines.push('');
  }

  for (const [file, inFile] of groupBy(all, f => f.file ?? '(no file)')) {
    lines.push(paint(ANSI.bold, file));
    for (const [, inResource] of groupBy(inFile, f => `${f.stack ?? ''}\u0000${f.resource}`)) {
      lines.push(`  ${resourceHeading(inResource[0], paint)}`);
      for (const finding of inResource) {
        lines.push(`    ${findingLine(finding, paint)}`);
      }
    }
    lines.push('');
  }
  if (all.length === 0 && problems.length === 0) {
    lines.push(paint(ANSI.green, 'No findings.'), '');
  } else if (all.length === 0) {
    const unread = problems.length === 1 ? '1 input' : `${problems.length} inputs`;
    lines.push(paint(ANSI.red, `No findings in what could be read, but ${unread} could not be read: the scan is not clean.`), '');
  }

  if (input.result.acknowledgements.length > 0) {
    lines.push(paint(ANSI.bold, 'Acknowledgements'));
    for (const ack of input.result.acknowledgements) {
      lines.push(`  ${acknowledgementLine(ack)}`);
    }
    lines.push('');
  }

  const rejected = input.result.rejectedAcknowledgements ?? [];
  if (rejected.length > 0) {
    lines.push(paint(ANSI.bold, 'Acknowledgements not applied'));
    for (const r of rejected) {
      lines.push(`  ${paint(ANSI.yellow, 'not applied')}  ${acknowledgementLine(r.acknowledgement)}: ${r.problem}`);
    }
    lines.push('');
  }

  const unmatched = input.result.unmatchedAcknowledgements ?? [];
  if (unmatched.length > 0) {
    lines.push(paint(ANSI.bold, 'Acknowledgements that matched nothing'));
    for (const a of unmatched) {
      lines.push(`  ${paint(ANSI.yellow, 'warning')}  ${acknowledgementLine(a)}: no finding in its scope; remove it or correct its scope`);
    }
    lines.push('');
  }

  const summary = summarizeReport(input);
  const line = summaryLine(summary);
  const failed = summary.failed ?? (summary.errors > 0 || summary.inputProblems > 0);
  lines.push(paint(failed ? ANSI.red : ANSI.green, line));
  const unmodelled = unmodelledLine(input);
  if (unmodelled !== undefined) {
    lines.push(paint(ANSI.yellow, unmodelled));
  }
  return lines.join('\n') + '\n';
}

function resourceHeading(f: Finding, paint: Paint): string {
  const where = [
    f.line !== undefined ? `line ${f.line}` : undefined,
    f.stack !== undefined ? `stack ${f.stack}` : undefined,
    f.constructPath,
  ].filter((x): x is string => x !== undefined);
  const suffix = where.length > 0 ? paint(ANSI.dim, `  ${where.join(', ')}`) : '';
  return `${paint(ANSI.cyan, f.resource)} (${f.resourceType})${suffix}`;
}

function findingLine(f: Finding, paint: Paint): string {
  if (f.acknowledged) {
    const reason = f.acknowledgementReason !== undefined ? ` (acknowledged: ${f.acknowledgementReason})` : ' (acknowledged)';
    return `${paint(ANSI.dim, 'acknowledged')}  ${f.message}${paint(ANSI.dim, reason)}`;
  }
  return f.severity === Severity.ERROR
    ? `${paint(ANSI.red, 'error  ')}  ${f.message}`
    : `${paint(ANSI.yellow, 'warning')}  ${f.message}`;
}

function acknowledgementLine(a: Acknowledgement): string {
  const scope = [
    a.scope.resource !== undefined ? `resource ${a.scope.resource}` : undefined,
    a.scope.constructPath !== undefined ? `construct ${a.scope.constructPath}` : undefined,
    a.scope.stack !== undefined ? `stack ${a.scope.stack}` : undefined,
    a.scope.file !== undefined ? `file ${a.scope.file}` : undefined,
  ].filter((x): x is string => x !== undefined);
  const origin = a.origin !== undefined ? ` [${a.origin}]` : '';
  return `${a.ruleId} on ${scope.length > 0 ? scope.join(', ') : 'everything'}: ${a.reason}${origin}`;
}

/** Groups in first-seen order; the input is already sorted, so groups come out sorted. */
function groupBy<T>(items: readonly T[], key: (item: T) => string): [string, T[]][] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) {
      group.push(item);
    } else {
      groups.set(k, [item]);
    }
  }
  return [...groups.entries()].sort((a, b) => compareText(a[0], b[0]));
}
