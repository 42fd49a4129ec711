/**
 * Resource lines of JSON files, found only for what a report prints. Finding the line of every resource
 * costs a pass over every template; reports print lines only for findings (JUnit: for every resource
 * checked). So a reader that can read its file again records the file instead (path, which index, and
 * its identity as read) and gives each resource a *line reference*: a negative number (no line is) that
 * stands for "the line of this key in that file". Translators and the engine carry it as they carry a
 * line; after evaluation the scan resolves the references of what the report prints, reading each file
 * that holds one once, and drops the rest.
 *
 * A file that changed since it was read (size, modification or change time, inode) or cannot be read
 * again gets no lines: a miss leaves the line out of the report (`line-index.ts`). Not seen: a rewrite
 * to the same size, in place, within the file system's timestamp resolution (docs/cli.md says so); only
 * a hash of the text read would see it, and hashing every input costs what deferring the lines saves.
 * Standard input and pipes cannot be read again: their readers find lines at once, as before.
 */
import { readFileSync, statSync } from 'fs';
import { jsonKeyLines, lookupTerraformLine, terraformJsonLines } from './line-index';
import { fileIdentity, FileIdentity } from './read-text';
import type { Finding } from '../../core/findings/finding';
import type { ResourceLocation } from '../../core/model/model';

function sameIdentity(a: FileIdentity, b: FileIdentity): boolean {
  return a.size === b.size && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs && a.ino === b.ino && a.dev === b.dev;
}

/** Which line index a file's references are keys of. */
export type LineIndexKind =
  /** A CloudFormation JSON template: keys are logical ids (`Resources.<id>`). */
  | 'cloudformation-json'
  /** Terraform JSON: keys are `type.name` of `resource.<type>.<name>` (`lookupTerraformLine`). */
  | 'terraform-json';

/** The text of a file read again, or undefined when it is no longer the file that was read. */
export type RereadText = (path: string, identity: FileIdentity) => string | undefined;

/**
 * Reads the file again when it is still the one read: the same identity before and after the read
 * (a write during the read changes the times). BOM dropped, as `readTextFile` does.
 */
export const rereadUnchangedText: RereadText = (path, identity) => {
  try {
    if (!sameIdentity(fileIdentity(statSync(path)), identity)) return undefined;
    const text = readFileSync(path, 'utf8');
    if (!sameIdentity(fileIdentity(statSync(path)), identity)) return undefined;
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch {
    return undefined;
  }
};

/** One file whose lines are found later. */
export interface DeferredLineSource {
  readonly lines: DeferredLines;
  /** Its place in `lines`. */
  readonly id: number;
}

interface SourceEntry {
  readonly path: string;
  readonly kind: LineIndexKind;
  readonly identity: FileIdentity;
  /** Found on first use; null when the file could not be read again. */
  index?: ReadonlyMap<string, number> | null;
}

/** Whether a `line` is a reference of `DeferredLines` rather than a line. */
export function isLineReference(line: number | undefined): line is number {
  return line !== undefined && line < 0;
}

/** The deferred lines of one scan: its files and the line references handed out for them. */
export class DeferredLines {
  private readonly sources: SourceEntry[] = [];
  /** Reference `-(i + 1)` stands for key `keys[i]` of source `sourceOf[i]`. */
  private readonly sourceOf: number[] = [];
  private readonly keys: string[] = [];
  private rereads = 0;

  /** `reread`: how a file is read again (tests count reads through it). */
  constructor(private readonly reread: RereadText = rereadUnchangedText) {}

  /** Files read again so far. */
  public get filesReread(): number {
    return this.rereads;
  }

  /** Records a file whose lines are found later; `identity`: its stat before it was read. */
  public source(path: string, kind: LineIndexKind, identity: FileIdentity): DeferredLineSource {
    this.sources.push({ path, kind, identity });
    return { lines: this, id: this.sources.length - 1 };
  }

  /** A line reference for `key` of `source`. */
  public reference(source: DeferredLineSource, key: string): number {
    if (source.lines !== this) throw new Error('a line source of another scan');
    this.sourceOf.push(source.id);
    this.keys.push(key);
    return -this.keys.length;
  }

  /**
   * References of a CloudFormation template's logical ids, shaped as `cloudFormationJsonLines` makes
   * its lines (a plain record, assigned id by id), so the translator reads them alike.
   */
  public cloudFormationReferences(source: DeferredLineSource, logicalIds: readonly string[]): Record<string, number> {
    const references: Record<string, number> = {};
    for (const id of logicalIds) {
      references[id] = this.reference(source, id);
    }
    return references;
  }

  /** The line a reference stands for (undefined when not found); any other value as it is. */
  public resolve(line: number | undefined): number | undefined {
    if (!isLineReference(line)) return line;
    const at = -line - 1;
    const sourceId = this.sourceOf[at];
    const key = this.keys[at];
    if (sourceId === undefined || key === undefined) return undefined;
    const index = this.indexOf(this.sources[sourceId]);
    if (index === null) return undefined;
    return this.sources[sourceId].kind === 'terraform-json' ? lookupTerraformLine(index, key) : index.get(key);
  }

  /** Findings with their references resolved (`resolve`) or dropped: copies of those that hold one. */
  public resolveFindings(findings: readonly Finding[], resolve: boolean): Finding[] {
    return findings.map(f => (isLineReference(f.line) ? { ...f, line: resolve ? this.resolve(f.line) : undefined } : f));
  }

  /**
   * Resolves (`resolve`) or drops the references of locations, in place: they are the scan's own, built
   * by its translators for this evaluation, and 10,000 copies would cost more than the lines.
   * A location whose line is not found has `line` undefined, as one whose line was never known.
   */
  public resolveLocations(locations: readonly ResourceLocation[], resolve: boolean): void {
    for (const location of locations) {
      if (isLineReference(location.line)) {
        (location as { line?: number }).line = resolve ? this.resolve(location.line) : undefined;
      }
    }
  }

  private indexOf(source: SourceEntry): ReadonlyMap<string, number> | null {
    if (source.index === undefined) {
      source.index = null;
      this.rereads++;
      const text = this.reread(source.path, source.identity);
      if (text !== undefined) {
        try {
          // The indexes `cloudFormationJsonLines` and `terraformJsonLines` read at once.
          source.index = source.kind === 'terraform-json' ? terraformJsonLines(text) : jsonKeyLines(text, 'Resources', 1);
        } catch {
          source.index = null; // text that is no longer the JSON read: no lines
        }
      }
    }
    return source.index;
  }
}

