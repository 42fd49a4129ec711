/**
 * Line numbers of resources in the text of an input, for reports. JSON text is read in one pass that
 * follows the nesting of objects, so a key counts only at its own depth (a logical id that also
 * appears in a `Ref`, or as a property name of another resource, is never taken for the resource).
 * A miss just leaves the line out of the report.
 */

/**
 * 1-based line of offsets asked for in increasing order, counting newlines only up to the offset asked
 * for (`indexOf` jumps between them): no array of line starts, and a one-line file (Terraform writes
 * plans on one line) costs one `indexOf`.
 */
export class LineCounter {
  private line = 1;
  private nextNewline: number;

  constructor(private readonly text: string) {
    this.nextNewline = text.indexOf('\n');
  }

  /** 1-based line of a 0-based offset, at or after every offset asked for before. */
  public lineAt(offset: number): number {
    while (this.nextNewline !== -1 && this.nextNewline < offset) {
      this.line++;
      this.nextNewline = this.text.indexOf('\n', this.nextNewline + 1);
    }
    return this.line;
  }
}

/** Lines of CloudFormation logical ids (`Resources.<id>`) in a JSON template. */
export function cloudFormationJsonLines(text: string, logicalIds: readonly string[]): Record<string, number> {
  const found = jsonKeyLines(text, 'Resources', 1);
  const lines: Record<string, number> = {};
  for (const id of logicalIds) {
    const line = found.get(id);
    if (line !== undefined) {
      lines[id] = line;
    }
  }
  return lines;
}

/** Lines of Terraform resources (`resource.<type>.<name>`) in Terraform JSON, keyed by `type.name`. */
export function terraformJsonLines(text: string): Map<string, number> {
  return jsonKeyLines(text, 'resource', 2);
}

/**
 * The line of a Terraform resource (`type.name`, as written) in an index of `terraformJsonLines` or
 * `terraformHclLines`; an instance (`x[0]`, `x["a"]`) takes the line of its block.
 */
export function lookupTerraformLine(lines: ReadonlyMap<string, number>, local: string): number | undefined {
  return lines.get(local) ?? (local.endsWith(']') ? lines.get(local.replace(/\[[^\]]*\]$/, '')) : undefined);
}

/** Lines of `resource "type" "name"` blocks in HCL text, keyed by `type.name`. */
export function terraformHclLines(text: string): Map<string, number> {
  const counter = new LineCounter(text);
  const lines = new Map<string, number>();
  // Matches come in text order, as the counter needs.
  for (const match of text.matchAll(/^[ \t]*resource[ \t]+"([^"]+)"[ \t]+"([^"]+)"/gm)) {
    const address = `${match[1]}.${match[2]}`;
    if (!lines.has(address)) {
      lines.set(address, counter.lineAt(match.index ?? 0));
    }
  }
  return lines;
}

const QUOTE = 34;
const COMMA = 44;
const OPEN_ARRAY = 91;
const BACKSLASH = 92;
const CLOSE_ARRAY = 93;
const OPEN_OBJECT = 123;
const CLOSE_OBJECT = 125;

/**
 * One pass over JSON text: the 1-based line of every key `depth` object levels below the top-level key
 * `section`, keyed by the keys on the way joined with `.` (`depth` 1: `Sg`; 2: `type.name`). Arrays
 * are transparent, as Terraform JSON allows an array of objects wherever it allows an object. The
 * first occurrence of a path wins. Expects text that `JSON.parse` accepted (no raw newline in a string).
 *
 * A value that can hold no wanted key (deeper than `depth`, or under another top-level key) is skipped
 * by matching its brackets alone, and newlines are counted only up to the keys reported.
 */
export function jsonKeyLines(text: string, section: string, depth: number): Map<string, number> {
  const lines = new Map<string, number>();
  const counter = new LineCounter(text);
  const containers: boolean[] = []; // true: object, false: array
  const objectKeys: string[] = []; // the current key of each enclosing object, outermost first
  const keyDepth = depth + 1;
  let objectDepth = 0;
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    switch (text.charCodeAt(i)) {
      case OPEN_OBJECT:
      case OPEN_ARRAY:
        // Keys inside would be deeper than wanted, or outside the section.
        if (objectDepth >= keyDepth || (objectDepth >= 1 && objectKeys[0] !== section)) {
          i = closingBracket(text, i);
          expectKey = false;
        } else if (text.charCodeAt(i) === OPEN_OBJECT) {
          containers.push(true);
          objectDepth++;
          expectKey = true;
        } else {
          containers.push(false);
          expectKey = false;
        }
        break;
      case CLOSE_OBJECT:
      case CLOSE_ARRAY:
        if (containers.pop()) {
          objectDepth--;
        }
        expectKey = false;
        break;
      case COMMA:
        expectKey = containers[containers.length - 1] === true;
        break;
      case QUOTE: {
        const end = stringEnd(text, i);
        if (expectKey) {
          const key = jsonString(text, i, end);
          objectKeys[objectDepth - 1] = key;
          if (objectDepth === keyDepth && objectKeys[0] === section) {
            const path = depth === 1 ? key : objectKeys.slice(1, keyDepth).join('.');
            if (!lines.has(path)) {
              lines.set(path, counter.lineAt(i));
            }
          }
        }
        expectKey = false;
        i = end;
        break;
      }
      default:
        break;
    }
  }
  return lines;
}

/**
 * Up to 64 tokens that are no bracket: a run of other characters, or a whole string with at most 64
 * escapes. One `test` consumes them natively instead of a loop over every character (most of a
 * pretty-printed template is indentation and strings); the bounds keep the regular expression's
 * backtracking stack small on any input (an unbounded repetition overflows it on a long array, or on
 * a string of a few million escapes such as a large JSON document embedded as a string value).
 */
const NO_BRACKET = /(?:[^"{}[\]]+|"[^"\\]*(?:\\[\s\S][^"\\]*){0,64}"){0,64}/y;

/** Offset of the bracket that closes the object or array opening at `start` (strings skipped). */
function closingBracket(text: string, start: number): number {
  let open = 0;
  let i = start;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      open++;
      i++;
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      if (--open === 0) {
        return i;
      }
      i++;
    } else {
      NO_BRACKET.lastIndex = i;
      NO_BRACKET.test(text);
      if (NO_BRACKET.lastIndex > i) {
        i = NO_BRACKET.lastIndex;
      } else {
        // A string with more escapes than the expression takes (or one that does not end).
        i = stringEnd(text, i) + 1;
      }
    }
  }
  return text.length;
}

/** Offset of the quote that closes the string opening at `start` (escaped quotes skipped). */
function stringEnd(text: string, start: number): number {
  let at = text.indexOf('"', start + 1);
  while (at > 0) {
    let backslashes = 0;
    while (text.charCodeAt(at - 1 - backslashes) === BACKSLASH) {
      backslashes++;
    }
    if (backslashes % 2 === 0) {
      return at;
    }
    at = text.indexOf('"', at + 1);
  }
  return text.length;
}

/** The value of the JSON string from the quote at `start` to the quote at `end`. */
function jsonString(text: string, start: number, end: number): string {
  const raw = text.slice(start + 1, end);
  return raw.includes('\\') ? JSON.parse(text.slice(start, end + 1)) as string : raw;
}

/**
 * Lines of resources in `terraform show -json` output, by address: where `"address": "<address>"` first
 * appears (planned_values comes before resource_changes in the output, so that is the resource's own
 * object). Terraform writes the plan on one line, so every resource is on line 1 there; a
 * pretty-printed plan (`jq .`) gets each resource's own line. With `wanted` (addresses read from
 * this text), the text is read only until each of them is found (the rest of the plan repeats them),
 * and not at all when it is one line.
 */
export function terraformPlanLines(text: string, wanted?: ReadonlySet<string>): Map<string, number> {
  if (wanted !== undefined && !text.trimEnd().includes('\n')) {
    return new Map([...wanted].map(address => [address, 1]));
  }
  const counter = new LineCounter(text);
  const lines = new Map<string, number>();
  let missing = wanted?.size ?? Infinity;
  const pattern = /"address"\s*:\s*"/g;
  for (let match = pattern.exec(text); match !== null && missing > 0; match = pattern.exec(text)) {
    const open = pattern.lastIndex - 1;
    const end = stringEnd(text, open);
    pattern.lastIndex = end + 1;
    let address: string;
    try {
      address = jsonString(text, open, end);
    } catch {
      continue;
    }
    if (!lines.has(address)) {
      lines.set(address, counter.lineAt(match.index));
      if (wanted?.has(address)) {
        missing--;
      }
    }
  }
  return lines;
}
