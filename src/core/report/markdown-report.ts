/**
 * `--format markdown`: for pull-request comments. A summary, a table of findings, one Mermaid
 * `flowchart LR` per network finding (internet -> rule -> cluster port) and the acknowledgements.
 * Sizes are capped: GitHub refuses comments over 65,536 characters.
 */
import { hasExposureDiagram, mermaidFindingDiagram } from './mermaid';
import { ReportInput, sortFindings, summarizeReport, summaryLine, TOOL_NAME } from './report-input';
import { Finding, Severity } from '../findings/finding';

/** Rows of the findings table before the rest is summarized in one line. */
export const MARKDOWN_MAX_ROWS = 200;
/** Diagrams drawn before the rest is summarized in one line. */
export const MARKDOWN_MAX_DIAGRAMS = 20;

/** The Markdown report (ends with a newline). */
export function renderMarkdownReport(input: ReportInput): string {
  const summary = summarizeReport(input);
  const failed = summary.failed ?? (summary.errors > 0 || summary.inputProblems > 0);
  const findings = sortFindings(input.result.findings);
  const out: string[] = [];

  out.push(`### ${failed ? ':x:' : ':white_check_mark:'} ${TOOL_NAME}`, '', markdownText(summaryLine(summary)), '');

  if (findings.length > 0) {
    out.push('| Severity | Rule | Resource | Location | Message |', '| --- | --- | --- | --- | --- |');
    for (const f of findings.slice(0, MARKDOWN_MAX_ROWS)) {
      out.push(`| ${severityCell(f.severity)} | \`${f.ruleId}\` | ${cell(f.resource)} | ${cell(location(f))} | ${cell(f.message)} |`);
    }
    if (findings.length > MARKDOWN_MAX_ROWS) {
      out.push('', `_${findings.length - MARKDOWN_MAX_ROWS} more findings are not shown; run the scan with \`--format text\` to see them all._`);
    }
    out.push('');
  }

  const withPaths = findings.filter(hasExposureDiagram);
  if (withPaths.length > 0) {
    out.push('#### Exposure paths', '');
    for (const f of withPaths.slice(0, MARKDOWN_MAX_DIAGRAMS)) {
      out.push(`**\`${f.ruleId}\`** on ${cell(f.resource)}`, '', '```mermaid', mermaidFindingDiagram(f), '```', '');
    }
    if (withPaths.length > MARKDOWN_MAX_DIAGRAMS) {
      out.push(`_${withPaths.length - MARKDOWN_MAX_DIAGRAMS} more exposure diagrams are not shown._`, '');
    }
  }

  const acknowledged = sortFindings(input.result.acknowledged);
  if (acknowledged.length > 0) {
    out.push('#### Acknowledged', '', '| Rule | Resource | Location | Reason |', '| --- | --- | --- | --- |');
    for (const f of acknowledged.slice(0, MARKDOWN_MAX_ROWS)) {
      out.push(`| \`${f.ruleId}\` | ${cell(f.resource)} | ${cell(location(f))} | ${cell(f.acknowledgementReason ?? '')} |`);
    }
    out.push('');
  }

  const unused = input.result.unmatchedAcknowledgements ?? input.result.acknowledgements.filter(a =>
    !acknowledged.some(f => f.ruleId === a.ruleId && f.acknowledgementReason === a.reason));
  if (unused.length > 0) {
    out.push('#### Acknowledgements that matched no finding', '');
    for (const a of unused) {
      const scope = a.scope.resource ?? a.scope.constructPath ?? a.scope.stack ?? a.scope.file ?? 'everything';
      out.push(`- \`${markdownText(a.ruleId)}\` on ${markdownText(scope)}: ${markdownText(a.reason)}`);
    }
    out.push('');
  }

  const rejected = input.result.rejectedAcknowledgements ?? [];
  if (rejected.length > 0) {
    out.push('#### Acknowledgements not applied', '');
    for (const r of rejected) {
      out.push(`- \`${markdownText(r.acknowledgement.ruleId)}\`${r.acknowledgement.origin !== undefined ? ` (${markdownText(r.acknowledgement.origin)})` : ''}: ${markdownText(r.problem)}`);
    }
    out.push('');
  }

  const problems = input.inputProblems ?? [];
  if (problems.length > 0) {
    out.push('#### Inputs that could not be read', '');
    for (const p of problems) {
      out.push(`- ${markdownText(p.file)}: ${markdownText(p.message)}`);
    }
    out.push('');
  }
  return out.join('\n');
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
