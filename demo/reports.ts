/** Reads back the reports the scan wrote, to check them rather than trust the exit code alone. */
import { existsSync, readFileSync } from 'fs';

/** What a SARIF file holds, or why it could not be read. */
export interface SarifSummary {
  readonly problem?: string;
  /** `ruleId` of every result. */
  readonly ruleIds: string[];
  /** Artifact URIs of the `public-ingress` results. */
  readonly publicIngressUris: string[];
}

/** Parses a SARIF 2.1.0 log and lists its results. */
export function readSarif(file: string): SarifSummary {
  if (!existsSync(file)) {
    return { problem: `${file} was not written`, ruleIds: [], publicIngressUris: [] };
  }
  let log: any;
  try {
    log = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    return { problem: `${file} is not JSON (${(e as Error).message})`, ruleIds: [], publicIngressUris: [] };
  }
  if (log?.version !== '2.1.0' || !Array.isArray(log?.runs)) {
    return { problem: `${file} is not a SARIF 2.1.0 log`, ruleIds: [], publicIngressUris: [] };
  }
  const results: any[] = log.runs.flatMap((run: any) => (Array.isArray(run.results) ? run.results : []));
  return {
    ruleIds: results.map(r => String(r.ruleId)),
    publicIngressUris: results
      .filter(r => r.ruleId === 'public-ingress')
      .map(r => String(r.locations?.[0]?.physicalLocation?.artifactLocation?.uri ?? '')),
  };
}

/** The number of Mermaid diagrams in a Markdown file (undefined when it does not exist). */
export function countMermaidBlocks(file: string): number | undefined {
  if (!existsSync(file)) {
    return undefined;
  }
  return (readFileSync(file, 'utf8').match(/^```mermaid\s*$/gm) ?? []).length;
}
