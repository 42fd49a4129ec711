/**
 * Reports over an evaluation result: text, JSON, SARIF, JUnit, Markdown. Pure functions; the CLI
 * (and any caller) decides where the bytes go. Internal module: not re-exported as jsii API.
 */
export * from './report-input';
export { renderTextReport } from './text-report';
export type { TextReportOptions } from './text-report';
export { renderJsonReport, toJsonReport } from './json-report';
export type { JsonReport, JsonFinding, JsonAcknowledgedFinding, JsonAcknowledgement } from './json-report';
export { renderSarifReport, toSarifReport, SARIF_SCHEMA_URI, SARIF_SOURCE_ROOT } from './sarif-report';
export type { SarifReportOptions } from './sarif-report';
export { renderJunitReport } from './junit-report';
export { renderMarkdownReport } from './markdown-report';
export { mermaidExposureDiagram, mermaidLabel } from './mermaid';
