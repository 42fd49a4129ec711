/**
 * `--format markdown`: for pull-request comments. A summary, a table of findings, one Mermaid
 * `flowchart LR` per network finding (internet -> rule -> cluster port) and the acknowledgements.
 * Its length is capped by characters (GitHub refuses comments over 65,536); what is left out is named.
 */
import { hasExposureDiagram, mermaidFindingDiagram } from './mermaid';
import { ReportInput, sortFindings, summarizeReport, summaryLine, TOOL_NAME } from './report-input';
import { Finding, Severity } from '../findings/finding';

/**
 * GitHub refuses issue and pull-request comments longer than 65,536 characters ("Body is too long
 * (maximum is 65536 characters)", REST API: create an issue comment). JavaScript string length counts
 * UTF-16 code units, which is at least the character count, so staying under it by `length` is safe.
 */
export const MARKDOWN_MAX_CHARACTERS = 65_536;
/** Diagrams drawn before the rest is counted in the note (a comment with more is hard to read). */
export const MARKDOWN_MAX_DIAGRAMS = 20;
/** Kept free for the closing note that says what was left out. */
const NOTE_RESERVE = 600;

/** How to render Markdown. */
export interface MarkdownReportOptions {
  /** The longest report, in characters (UTF-16 code units). @default MARKDOWN_MAX_CHARACTERS */
  readonly maxCharacters?: number;
}

/** Appends blocks while they fit the budget; counts, per kind, what did not. */
class BudgetedLines {
  private readonly lines: string[] = [];
  private used = 0;
  public readonly omitted = new Map<string, number>();

  constructor(private readonly budget: number) {}

  /** Adds every line of the block, or none (then the block is counted as omitted under `kind`). */
  public add(block: readonly string[], kind?: string): boolean {
    const size = block.reduce((n, line) => n + line.length + 1, 0);
    if (this.used + size > this.budget) {
      if (kind !== undefined) {
        this.omitted.set(kind, (this.omitted.get(kind) ?? 0) + 1);
      }
      return false;
    }
    this.lines.push(...block);
    this.used += size;
    return true;
  }

  public omit(kind: string, count: number): void {
    if (count > 0) {
      this.omitted.set(kind, (this.omitted.get(kind) ?? 0) + count);
    }
  }

  public text(): string {
    return this.lines.join('\n');
  }
}

/** The Markdown report (ends with a newline), at most `maxCharacters` long. */
export function renderMarkdownReport(input: ReportInput, options: MarkdownReportOptions = {}): string {
  const summary = summarizeReport(input);
  const failed = summary.failed ?? (summary.errors > 0 || summary.inputProblems > 0);
  const findings = sortFindings(input.result.findings);
  const out = new BudgetedLines((options.maxCharacters ?? MARKDOWN_MAX_CHARACTERS) - NOTE_RESERVE);

  out.add([`### ${failed ? ':x:' : ':white_check_mark:'} ${TOOL_NAME}`, '', markdownText(summaryLine(summary)), '']);

  // Unread inputs first: they are what makes a scan without findings not clean.
  const problems = input.inputProblems ?? [];
  if (problems.length > 0) {
    out.add(['#### Inputs that could not be read', '']);
    for (const p of problems) {
      out.add([`- ${markdownText(p.file)}: ${markdownText(p.message)}`], 'unread inputs');
    }
    out.add(['']);
  }

  if (findings.length > 0 && out.add(['| Severity | Rule | Resource | Location | Message |', '| --- | --- | --- | --- | --- |'])) {
    for (const f of findings) {
      out.add([`| ${severityCell(f.severity)} | \`${f.ruleId}\` | ${cell(f.resource)} | ${cell(location(f))} | ${cell(f.message)} |`], 'findings');
    }
    out.add(['']);
  } else {
    out.omit('findings', findings.length);
  }

  const withPaths = findings.filter(hasExposureDiagram);
  if (withPaths.length > 0 && out.add(['#### Exposure paths', ''])) {
    for (const f of withPaths.slice(0, MARKDOWN_MAX_DIAGRAMS)) {
      out.add([`**\`${f.ruleId}\`** on ${cell(f.resource)}${f.file !== undefined ? ` in ${cell(location(f))}` : ''}`, '',
        '```mermaid', mermaidFindingDiagram(f), '```', ''], 'exposure diagrams');
    }
    out.omit('exposure diagrams', withPaths.length - MARKDOWN_MAX_DIAGRAMS);
  } else {
    out.omit('exposure diagrams', withPaths.length);
  }

  const acknowledged = sortFindings(input.result.acknowledged);
  if (acknowledged.length > 0 && out.add(['#### Acknowledged', '', '| Rule | Resource | Location | Reason |', '| --- | --- | --- | --- |'])) {
    for (const f of acknowledged) {
      out.add([`| \`${f.ruleId}\` | ${cell(f.resource)} | ${cell(location(f))} | ${cell(f.acknowledgementReason ?? '')} |`], 'acknowledged findings');
    }
    out.add(['']);
  } else {
    out.omit('acknowledged findings', acknowledged.length);
  }

  const unused = input.result.unmatchedAcknowledgements ?? input.result.acknowledgements.filter(a =>
    !acknowledged.some(f => f.ruleId === a.ruleId && f.acknowledgementReason === a.reason));
  if (unused.length > 0 && out.add(['#### Acknowledgements that matched no finding', ''])) {
    for (const a of unused) {
      const scope = a.scope.resource ?? a.scope.constructPath ?? a.scope.stack ?? a.scope.file ?? 'everything';
      out.add([`- \`${markdownText(a.ruleId)}\` on ${markdownText(scope)}: ${markdownText(a.reason)}`], 'unused acknowledgements');
    }
    out.add(['']);
  } else {
    out.omit('unused acknowledgements', unused.length);
  }

  const rejected = input.result.rejectedAcknowledgements ?? [];
  if (rejected.length > 0 && out.add(['#### Acknowledgements not applied', ''])) {
    for (const r of rejected) {
      out.add([`- \`${markdownText(r.acknowledgement.ruleId)}\`${r.acknowledgement.origin !== undefined ? ` (${markdownText(r.acknowledgement.origin)})` : ''}: ${markdownText(r.problem)}`], 'acknowledgements not applied');
    }
    out.add(['']);
  } else {
    out.omit('acknowledgements not applied', rejected.length);
  }

  let text = out.text();
  if (out.omitted.size > 0) {
    const parts = [...out.omitted.entries()].map(([kind, n]) => `${n} ${kind}`);
    text += `\n_Not shown: ${parts.join(', ')} (this comment stays under GitHub's 65,536-character limit`
      + ` and shows at most ${MARKDOWN_MAX_DIAGRAMS} diagrams). Run the scan with \`--format text\` or \`--format sarif\` to see everything._\n`;
  }
  return text;
}

function severityCell(severity: Severity): string {
  return severity === Severity.ERROR ? ':red_circle: error' : ':warning: warning';
}

function location(f: Finding): string {
  if (f.file === undefined) {
    return f.constructPath ?? f.stack ?? '';
  }
  return f.line !== undefined ? `${f.file}:${f.line}` : f.file;
}

/** Text in a table cell: Markdown and HTML neutralized, pipes escaped, one line. */
export function cell(text: string): string {
  return markdownText(text).replace(/\|/g, '\\|');
}

/** Text in Markdown: HTML and Markdown syntax neutralized, on one line. */
export function markdownText(text: string): string {
  return text
    .replace(/\r?\n/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]#!~])/g, '\\$1');
}
