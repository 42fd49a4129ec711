/**
 * Cheap line numbers for resources in JSON text: the first `"key":` after the section that holds it.
 * Good enough for templates and Terraform JSON as tools write them (one key per line); a miss just
 * leaves the line out of the report.
 */

/** Offsets of line starts, for offset -> 1-based line. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(private readonly text: string) {
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

  /** Offset of the first `"key"` followed by `:` at or after `from`, or -1. */
  public findKey(key: string, from: number): number {
    const quoted = JSON.stringify(key);
    let at = this.text.indexOf(quoted, from);
    while (at >= 0) {
      const after = this.text.slice(at + quoted.length, at + quoted.length + 64);
      if (/^\s*:/.test(after)) {
        return at;
      }
      at = this.text.indexOf(quoted, at + quoted.length);
    }
    return -1;
  }
}

/** Lines of CloudFormation logical ids (`Resources.<id>`) in a JSON template. */
export function cloudFormationJsonLines(text: string, logicalIds: readonly string[]): Record<string, number> {
  const index = new LineIndex(text);
  const section = index.findKey('Resources', 0);
  const lines: Record<string, number> = {};
  if (section < 0) {
    return lines;
  }
  for (const id of logicalIds) {
    const at = index.findKey(id, section);
    if (at >= 0) {
      lines[id] = index.lineOf(at);
    }
  }
  return lines;
}

/** Lines of Terraform resources (`resource.<type>.<name>`) in Terraform JSON, keyed by `type.name`. */
export function terraformJsonLines(text: string, addresses: readonly { type: string; name: string }[]): Record<string, number> {
  const index = new LineIndex(text);
  const section = index.findKey('resource', 0);
  const lines: Record<string, number> = {};
  if (section < 0) {
    return lines;
  }
  for (const { type, name } of addresses) {
    const typeAt = index.findKey(type, section);
    const at = typeAt < 0 ? -1 : index.findKey(name, typeAt);
    if (at >= 0) {
      lines[`${type}.${name}`] = index.lineOf(at);
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
