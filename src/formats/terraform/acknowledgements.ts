/**
 * Acknowledgements recorded in synthesized Terraform JSON, so that the scan CLI honours the same
 * decisions as `cdktf synth`. `SearchGuardrails.acknowledge` writes them under the top-level
 * `//` key: `{ "//": { "search-guardrails": { "acknowledgements": [ ... ] } } }`.
 */
import { isPlainObject, mergeBlocks } from './terraform-document';
import { Acknowledgement } from '../../core/findings/finding';

/** The key under the top-level `//` of a synthesized stack. */
export const GUARDRAILS_METADATA_KEY = 'search-guardrails';

/** One recorded acknowledgement, as written to the JSON. */
export interface RecordedAcknowledgement {
  readonly ruleId: string;
  readonly reason: string;
  /** The construct path of the acknowledged scope (its subtree is covered). */
  readonly constructPath: string;
}

/** Builds the `//` fragment that records acknowledgements. */
export function acknowledgementMetadata(acknowledgements: readonly RecordedAcknowledgement[]): Record<string, any> {
  return { [GUARDRAILS_METADATA_KEY]: { acknowledgements: acknowledgements.map(a => ({ ...a })) } };
}

/**
 * Reads the acknowledgements a synthesized stack records. Each covers the construct path's subtree
 * in that stack (`scope.constructPath` and `scope.stack`), and names its origin for reports.
 */
export function acknowledgementsFromTerraformJson(json: any, options: { file?: string; stack?: string } = {}): Acknowledgement[] {
  const root = mergeBlocks(json);
  const top = mergeBlocks(root['//']);
  const stack = options.stack ?? (typeof mergeBlocks(top.metadata).stackName === 'string' ? mergeBlocks(top.metadata).stackName : undefined);
  const recorded = mergeBlocks(top[GUARDRAILS_METADATA_KEY]).acknowledgements;
  if (!Array.isArray(recorded)) {
    return [];
  }
  return recorded.filter(isPlainObject).map(entry => ({
    ruleId: String(entry.ruleId ?? entry.rule_id ?? ''),
    reason: String(entry.reason ?? ''),
    scope: {
      constructPath: typeof entry.constructPath === 'string' ? entry.constructPath : undefined,
      stack,
    },
    origin: `SearchGuardrails.acknowledge at ${String(entry.constructPath)}${options.file ? ` (${options.file})` : ''}`,
  }));
}
