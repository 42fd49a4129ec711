/**
 * Line numbers of resources in the text of an input, for reports. JSON text is read in one pass that
 * follows the nesting of objects, so a key counts only at its own depth (a logical id that also
 * appears in a `Ref`, or as a property name of another resource, is never taken for the resource).
 * A miss just leaves the line out of the report.
 */

/** Offsets of line starts, for offset -> 1-based line. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let i = 0; i < text.length; i++) {
      if (text.charCodeAt(i) === 10) {
        this.starts.push(i + 1);
      }
    }
  }

  /** 1-based line of a 0-based offset. */
  public lineOf(offset: number): number {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = Math.floor((low + high + 1) / 2);
      if (this.starts[mid] <= offset) {
        low = mid;
      } else {
        high = mid - 1;
      }
    }
    return low + 1;
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
export function terraformJsonLines(text: string, addresses: readonly { type: string; name: string }[]): Record<string, number> {
  const found = jsonKeyLines(text, 'resource', 2);
  const lines: Record<string, number> = {};
  for (const { type, name } of addresses) {
    const line = found.get(`${type}.${name}`);
    if (line !== undefined) {
      lines[`${type}.${name}`] = line;
    }
  }
  return lines;
}

/** Lines of `resource "type" "name"` blocks in HCL text, keyed by `type.name`. */
export function terraformHclLines(text: string): Record<string, number> {
  const index = new LineIndex(text);
  const lines: Record<string, number> = {};
  for (const match of text.matchAll(/^[ \t]*resource[ \t]+"([^"]+)"[ \t]+"([^"]+)"/gm)) {
    lines[`${match[1]}.${match[2]}`] ??= index.lineOf(match.index ?? 0);
  }
  return lines;
}

const NEWLINE = 10;
const QUOTE = 34;
const COMMA = 44;
const OPEN_ARRAY = 91;
const CLOSE_ARRAY = 93;
const OPEN_OBJECT = 123;
const CLOSE_OBJECT = 125;

/**
 * One pass over JSON text: the 1-based line of every key `depth` object levels below the top-level key
 * `section`, keyed by the keys on the way joined with `.` (`depth` 1: `Sg`; 2: `type.name`). Arrays
 * are transparent, as Terraform JSON allows an array of objects wherever it allows an object. The
 * first occurrence of a path wins. Expects text that `JSON.parse` accepted (no raw newline in a string).
 */
export function jsonKeyLines(text: string, section: string, depth: number): Map<string, number> {
  const lines = new Map<string, number>();
  const containers: boolean[] = []; // true: object, false: array
  const objectKeys: string[] = []; // the current key of each enclosing object, outermost first
  const keyDepth = depth + 1;
  let objectDepth = 0;
  let expectKey = false;
  let line = 1;
  for (let i = 0; i < text.length; i++) {
    switch (text.charCodeAt(i)) {
      case NEWLINE:
        line++;
        break;
      case OPEN_OBJECT:
        containers.push(true);
        objectDepth++;
        expectKey = true;
        break;
      case OPEN_ARRAY:
        containers.push(false);
        expectKey = false;
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
        // Keys deeper than the ones wanted are skipped without being read.
        if (expectKey && objectDepth <= keyDepth) {
          const raw = text.slice(i + 1, end);
          const key = raw.includes('\\') ? JSON.parse(text.slice(i, end + 1)) as string : raw;
          objectKeys[objectDepth - 1] = key;
          if (objectDepth === keyDepth && objectKeys[0] === section) {
            const path = depth === 1 ? key : objectKeys.slice(1, keyDepth).join('.');
            if (!lines.has(path)) {
              lines.set(path, line);
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

/** Offset of the quote that closes the string opening at `start` (escaped quotes skipped). */
function stringEnd(text: string, start: number): number {
  let at = text.indexOf('"', start + 1);
  while (at > 0) {
    let backslashes = 0;
    while (text.charCodeAt(at - 1 - backslashes) === 92) {
      backslashes++;
    }
    if (backslashes % 2 === 0) {
      return at;
    }
    at = text.indexOf('"', at + 1);
  }
  return text.length;
}

/**
 * Lines of resources in `terraform show -json` output: where `"address": "<address>"` first appears
 * (planned_values comes before resource_changes in the output, so that is the resource's own object).
 * Terraform writes the plan on one line, so every resource is on line 1 there; a pretty-printed plan
 * (`jq .`) gets each resource's own line.
 */
export function terraformPlanLines(text: string, addresses: readonly string[]): Record<string, number> {
  const index = new LineIndex(text);
  const lines: Record<string, number> = {};
  const pattern = /"address"\s*:\s*("(?:[^"\\]|\\.)*")/g;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    let address: unknown;
    try {
      address = JSON.parse(match[1]);
    } catch {
      continue;
    }
    if (typeof address === 'string' && lines[address] === undefined) {
      lines[address] = index.lineOf(match.index);
    }
  }
  const wanted: Record<string, number> = {};
  for (const address of addresses) {
    if (lines[address] !== undefined) {
      wanted[address] = lines[address];
    }
  }
  return wanted;
}
