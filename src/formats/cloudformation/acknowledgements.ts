/**
 * Acknowledgements recorded in a cloud assembly. `Validations.of(x).acknowledge({ id, reason })` and
 * `SearchGuardrails.acknowledge(x, ruleId, reason)` both add construct metadata of type
 * `aws:cdk:acknowledged-rules` with data `{ 'search-guardrails::<rule-id>': '<reason>' }`; CDK copies it
 * into the stack's entry of `manifest.json` (`artifacts.<stack>.metadata`, keyed by `/<construct path>`).
 */
import { Acknowledgement } from '../../core/findings/finding';

/** The construct metadata type aws-cdk-lib's `Validations.acknowledge` writes. */
export const ACKNOWLEDGED_RULES_METADATA_TYPE = 'aws:cdk:acknowledged-rules';
/** The prefix of this package's rule ids in CDK's validation framework (`search-guardrails::public-allowlist`). */
export const RULE_ID_PREFIX = 'search-guardrails::';

/**
 * Acknowledgements of this package's rules found in construct metadata (a stack artifact's
 * `metadata` from `manifest.json`, or entries the CDK guard collects from the construct tree).
 * Each covers the construct that recorded it and everything below. Ids of other tools are skipped;
 * invalid ones (unknown or non-acknowledgeable rule, short reason) are returned too: pass
 * `invalidAcknowledgements: 'report'` to `evaluate` so that they change nothing instead of throwing.
 */
export function acknowledgementsFromAssemblyMetadata(
  metadata: Record<string, ReadonlyArray<{ readonly type: string; readonly data?: any }>>,
  stackName?: string,
): Acknowledgement[] {
  const acknowledgements: Acknowledgement[] = [];
  for (const [path, entries] of Object.entries(metadata ?? {})) {
    // Built for the few paths that acknowledge something (a cloud assembly has one entry per construct).
    let constructPath: string | undefined;
    for (const entry of entryList(entries)) {
      if (entry.type !== ACKNOWLEDGED_RULES_METADATA_TYPE || typeof entry.data !== 'object' || entry.data === null) continue;
      for (const [id, reason] of Object.entries<any>(entry.data)) {
        if (!id.startsWith(RULE_ID_PREFIX)) continue;
        constructPath ??= path.replace(/^\/+/, '');
        acknowledgements.push(acknowledgementOf(id, reason, constructPath, stackName));
      }
    }
  }
  return acknowledgements;
}

/**
 * The entries of one path that are objects: a value that is no list counts as no entries, and an
 * entry that is no object (`null`, a number) as none (it can name no logical id and acknowledge nothing).
 */
function entryList(entries: unknown): ReadonlyArray<{ readonly type: string; readonly data?: any }> {
  return Array.isArray(entries) ? entries.filter(e => typeof e === 'object' && e !== null) : [];
}

function acknowledgementOf(id: string, reason: any, constructPath: string, stackName: string | undefined): Acknowledgement {
  return {
    ruleId: id.slice(RULE_ID_PREFIX.length),
    reason: String(reason ?? ''),
    scope: { constructPath },
    origin: `Validations.of(${constructPath || '<app>'}).acknowledge${stackName !== undefined ? ` in stack ${stackName}` : ''}`,
  };
}

/**
 * Construct paths by logical id, from the `aws:cdk:logicalId` entries of the same metadata, for
 * templates synthesized without `aws:cdk:path` resource metadata.
 */
export function constructPathsFromAssemblyMetadata(
  metadata: Record<string, ReadonlyArray<{ readonly type: string; readonly data?: any }>>,
): Record<string, string> {
  const paths: Record<string, string> = {};
  for (const [path, entries] of Object.entries(metadata ?? {})) {
    for (const entry of entryList(entries)) {
      if (entry.type === 'aws:cdk:logicalId' && typeof entry.data === 'string') paths[entry.data] = path.replace(/^\/+/, '');
    }
  }
  return paths;
}

/**
 * `constructPathsFromAssemblyMetadata` and `acknowledgementsFromAssemblyMetadata` of the same metadata
 * in one pass (a cloud assembly has an entry list per construct: one look at each instead of two).
 * Undefined when a list is no array of objects, or a reason is no primitive value: then call the two,
 * which read such metadata in their own ways (an entry that is no object counts as none).
 */
export function assemblyMetadataFacts(
  metadata: Record<string, ReadonlyArray<{ readonly type: string; readonly data?: any }>>,
  stackName?: string,
): { constructPaths: Record<string, string>; acknowledgements: Acknowledgement[] } | undefined {
  const constructPaths: Record<string, string> = {};
  const acknowledgements: Acknowledgement[] = [];
  const paths = Object.keys(metadata);
  for (let p = 0; p < paths.length; p++) {
    const path = paths[p];
    const entries = metadata[path];
    if (!Array.isArray(entries)) return undefined;
    let constructPath: string | undefined;
    for (let e = 0; e < entries.length; e++) {
      const entry = entries[e];
      if (typeof entry !== 'object' || entry === null) return undefined;
      if (entry.type === 'aws:cdk:logicalId' && typeof entry.data === 'string') {
        constructPaths[entry.data] = constructPath ??= path.replace(/^\/+/, '');
      }
      if (entry.type !== ACKNOWLEDGED_RULES_METADATA_TYPE || typeof entry.data !== 'object' || entry.data === null) continue;
      for (const [id, reason] of Object.entries<any>(entry.data)) {
        if (!id.startsWith(RULE_ID_PREFIX)) continue;
        if (typeof reason === 'object' && reason !== null) return undefined;
        constructPath ??= path.replace(/^\/+/, '');
        acknowledgements.push(acknowledgementOf(id, reason, constructPath, stackName));
      }
    }
  }
  return { constructPaths, acknowledgements };
}
