/**
 * CloudFormation YAML -> the long-form JSON the translator reads. Short forms (`!Ref`, `!GetAtt A.B`,
 * `!Sub`, `!If`, ...) become `{ "Ref": ... }` / `{ "Fn::X": ... }`.
 *
 * Why a walk over the YAML tree rather than `customTags`: a custom tag list only knows the tags it
 * lists, and the `yaml` package turns any other tag into a plain string, which would read
 * `CidrIp: !Bogus 0.0.0.0/0` as a literal. Walking the tagged nodes maps EVERY local tag `!X` to
 * `Fn::X`: known intrinsics get their long form, unknown ones reach the translator as an intrinsic it
 * does not evaluate (an `unverifiable-network` finding, never a silent literal).
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html
 */
import type { Document, LineCounter, Node } from 'yaml';
import { invalidYaml } from '../errors';
import { loadYaml } from './load-yaml';
import { errorMessage } from './read-text';

/** Tags whose long form is not `Fn::<Tag>`. */
const LONG_FORM: Record<string, string> = { Ref: 'Ref', Condition: 'Condition' };

/** A parsed YAML document, in long form, with the line of each `Resources` key when it has them. */
export interface ParsedYaml {
  readonly value: unknown;
  /** 1-based line of each key of the top-level `Resources` map. */
  readonly resourceLines: Record<string, number>;
}

/**
 * Parses YAML (one document) into plain data with CloudFormation short forms in long form.
 * @throws InputFileError for invalid YAML or more than one document.
 */
export function parseCloudFormationYaml(text: string, display: string): ParsedYaml {
  const { LineCounter, parseDocument } = loadYaml();
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: true, merge: false });
  if (doc.errors.length > 0) {
    const error = doc.errors[0];
    const pos = error.linePos?.[0];
    const where = pos ? ` at line ${pos.line}, column ${pos.col}` : '';
    throw invalidYaml(display, `${firstLine(error.message).replace(/ at line \d+, column \d+:?$/, '')}${where}`);
  }
  let value: unknown;
  try {
    value = new LongFormConverter(doc).convert(doc.contents);
  } catch (e) {
    throw invalidYaml(display, errorMessage(e));
  }
  return { value, resourceLines: resourceLines(doc, lineCounter) };
}

class LongFormConverter {
  /** Aliases resolve to their anchor's node; the depth bound stops alias loops. */
  private depth = 0;

  constructor(private readonly doc: Document) {}

  public convert(node: unknown): unknown {
    if (node === null || node === undefined) {
      return null;
    }
    if (loadYaml().isAlias(node)) {
      return this.nested(() => this.convert(node.resolve(this.doc)));
    }
    const plain = this.convertUntagged(node as Node);
    const tag = (node as Node).tag;
    if (typeof tag !== 'string' || !tag.startsWith('!') || tag.startsWith('!!')) {
      return plain;
    }
    return intrinsic(tag.slice(1), plain);
  }

  private convertUntagged(node: Node): unknown {
    const { isMap, isPair, isScalar, isSeq } = loadYaml();
    if (isScalar(node)) {
      return node.value;
    }
    if (isSeq(node)) {
      return this.nested(() => node.items.map(item => this.convert(item)));
    }
    if (isMap(node)) {
      return this.nested(() => {
        const out: Record<string, unknown> = {};
        for (const pair of node.items) {
          if (!isPair(pair)) {
            continue;
          }
          const key = this.convert(pair.key);
          out[typeof key === 'string' ? key : JSON.stringify(key)] = this.convert(pair.value);
        }
        return out;
      });
    }
    return null;
  }

  private nested<T>(f: () => T): T {
    if (++this.depth > 1000) {
      throw new Error('YAML nests deeper than 1000 levels');
    }
    try {
      return f();
    } finally {
      this.depth--;
    }
  }
}

/** `!GetAtt A.B.C` -> `{ "Fn::GetAtt": ["A", "B.C"] }`; `!Ref X` -> `{ "Ref": "X" }`; `!X v` -> `{ "Fn::X": v }`. */
function intrinsic(tag: string, value: unknown): Record<string, unknown> {
  if (tag === 'GetAtt' && typeof value === 'string') {
    const dot = value.indexOf('.');
    return { 'Fn::GetAtt': dot < 0 ? [value] : [value.slice(0, dot), value.slice(dot + 1)] };
  }
  return { [LONG_FORM[tag] ?? `Fn::${tag}`]: value ?? '' };
}

function resourceLines(doc: Document, lineCounter: LineCounter): Record<string, number> {
  const { isMap, isScalar } = loadYaml();
  const lines: Record<string, number> = {};
  const resources = isMap(doc.contents) ? doc.contents.get('Resources', true) : undefined;
  if (!isMap(resources)) {
    return lines;
  }
  for (const pair of resources.items) {
    const key = pair.key as Node | undefined;
    if (isScalar(key) && key.range) {
      lines[String(key.value)] = lineCounter.linePos(key.range[0]).line;
    }
  }
  return lines;
}

function firstLine(message: string): string {
  return message.split('\n')[0].trim();
}
