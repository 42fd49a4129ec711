/**
 * `--acknowledgements FILE`: a YAML or JSON list of `{ ruleId, resource, reason }` (optionally
 * `constructPath`, `stack`, `file` to narrow the scope), or `{ acknowledgements: [...] }`. Checked with
 * the engine's own rules before anything is scanned: a rule that cannot be acknowledged is refused.
 */
import { acknowledgementProblem } from '../../core/findings/acknowledge';
import { Acknowledgement } from '../../core/findings/finding';
import { acknowledgementRefused, invalidAcknowledgementsFile } from '../errors';
import { isRecord } from './classify';
import { loadYaml } from './load-yaml';
import { parseJson, readTextFile } from './read-text';

const KEYS = new Set(['ruleId', 'resource', 'reason', 'constructPath', 'stack', 'file']);
const SCOPE_KEYS = ['resource', 'constructPath', 'stack', 'file'] as const;

/** @throws InputFileError for an unreadable or malformed file, or an acknowledgement the engine refuses. */
export async function readAcknowledgementsFile(path: string, display: string, limit: number): Promise<Acknowledgement[]> {
  const text = await readTextFile(path, display, limit);
  const value = /^\s*[[{]/.test(text) ? parseJson(text, display) : parseYaml(text, display);
  const list = Array.isArray(value) ? value : isRecord(value) && Array.isArray(value.acknowledgements) ? value.acknowledgements : undefined;
  if (list === undefined) {
    throw invalidAcknowledgementsFile(display, 'holds no list of acknowledgements');
  }
  return list.map((entry: unknown, index: number) => toAcknowledgement(entry, index, display));
}

function toAcknowledgement(entry: unknown, index: number, display: string): Acknowledgement {
  const where = `entry ${index + 1}`;
  if (!isRecord(entry)) {
    throw invalidAcknowledgementsFile(display, `${where} is not an object`);
  }
  const unknownKey = Object.keys(entry).find(k => !KEYS.has(k));
  if (unknownKey !== undefined) {
    throw invalidAcknowledgementsFile(display, `${where} has an unknown key ${JSON.stringify(unknownKey)} (known: ${[...KEYS].join(', ')})`);
  }
  for (const key of ['ruleId', 'reason', ...SCOPE_KEYS]) {
    if (entry[key] !== undefined && typeof entry[key] !== 'string') {
      throw invalidAcknowledgementsFile(display, `${where}: ${key} must be a string`);
    }
  }
  if (entry.ruleId === undefined) {
    throw invalidAcknowledgementsFile(display, `${where} has no ruleId`);
  }
  const scope: Record<string, string> = {};
  for (const key of SCOPE_KEYS) {
    if (entry[key] !== undefined) {
      scope[key] = entry[key];
    }
  }
  const acknowledgement: Acknowledgement = {
    ruleId: entry.ruleId,
    reason: entry.reason ?? '',
    scope,
    origin: `${display} ${where}`,
  };
  const problem = acknowledgementProblem(acknowledgement);
  if (problem !== undefined) {
    throw acknowledgementRefused(display, index, entry.ruleId, problem);
  }
  return acknowledgement;
}

function parseYaml(text: string, display: string): unknown {
  const doc = loadYaml().parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0) {
    const pos = doc.errors[0].linePos?.[0];
    const message = doc.errors[0].message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    throw invalidAcknowledgementsFile(display, `is not valid YAML (${message}${pos ? ` at line ${pos.line}` : ''})`);
  }
  return doc.toJS();
}
