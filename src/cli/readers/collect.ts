/**
 * From the paths on the command line to the inputs of one scan. Directories are searched recursively
 * (skipping node_modules, .git and .terraform, and not following symbolic links to directories); a
 * directory whose `manifest.json` is a cloud assembly or a cdktf manifest is read as such and not
 * searched further. Formats are decided by content.
 *
 * A file named on the command line must be infrastructure: anything else is an input error. A file
 * found by searching a directory is skipped silently when it is not (package.json, a workflow), unless
 * it carries an infrastructure name (`*.tf`, `*.tf.json`, `*.template.*`) or its text looks like
 * infrastructure: then a parse error is reported rather than hidden.
 *
 * `-` and `/dev/stdin` read standard input (`terraform show -json plan | search-guardrails scan -`);
 * other pipes and devices (`<(terraform show -json plan)`) are read as streams too.
 */
import { createReadStream, promises as fs, Dirent } from 'fs';
import { dirname, join, resolve } from 'path';
import type * as CdktfOutReader from './cdktf-out';
import { classifyDocument, isRecord, looksLikeInfrastructure } from './classify';
import type * as CloudAssemblyReader from './cloud-assembly';
import type * as CloudFormationYamlReader from './cloudformation-yaml';
import type { RereadText } from './deferred-lines';
import { STDIN_DISPLAY } from './display-path';
import { describeNodeError, FileIdentity, isNodeError, jsonTextCanHoldFnTransform, parseJson, readStream, readTextFileWithIdentity } from './read-text';
import { ScanInputs } from './scan-inputs';
import type * as TerraformJsonReader from './terraform-json';
import type * as TerraformPlanReader from './terraform-plan';
import { emptyInput, manifestOnStdin, noInfrastructureFound, unknownFormat, unreadablePath } from '../errors';

/*
 * Each reader is loaded when an input needs it, with the translator and parsers it brings: a cdk.out
 * scan does not load the Terraform translator, a plan scan not the CloudFormation one.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
const cdktfOut = (): typeof CdktfOutReader => require('./cdktf-out');
const cloudAssembly = (): typeof CloudAssemblyReader => require('./cloud-assembly');
const cloudFormationYaml = (): typeof CloudFormationYamlReader => require('./cloudformation-yaml');
const terraformJson = (): typeof TerraformJsonReader => require('./terraform-json');
const terraformPlan = (): typeof TerraformPlanReader => require('./terraform-plan');
/* eslint-enable @typescript-eslint/no-require-imports */

const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git', '.terraform']);
/** `.tofu` / `.tofu.json` are OpenTofu's names for Terraform files (OpenTofu docs, "Files and Directories"). */
const CANDIDATE_FILE = /\.(json|ya?ml|template|tf|tofu)$/i;
/** Names that say "infrastructure": their problems are reported even when found by a search. */
const INFRASTRUCTURE_NAME = /(\.tf|\.tofu|\.(tf|tofu)\.json|\.template(\.(json|ya?ml))?)$/i;

/** What one path of the command line leads to. */
type Unit =
  | { readonly kind: 'cloud-assembly' | 'cdktf-out'; readonly directory: string; readonly origin: number }
  | { readonly kind: 'stream'; readonly path?: string; readonly display: string; readonly origin: number }
  | { readonly kind: 'file'; readonly path: string; readonly explicit: boolean; readonly origin: number };

export interface CollectOptions {
  readonly cwd: string;
  /** Largest file read, in bytes. */
  readonly maxFileBytes: number;
  /** What `-` reads, asked for only then. @default process.stdin */
  readonly stdin?: () => NodeJS.ReadableStream;
  /** Told the number of files read so far, after each input. */
  readonly onFileRead?: (filesRead: number) => void;
  /** How a file is read again for the lines of a report. @default rereadUnchangedText */
  readonly rereadText?: RereadText;
}

export { STDIN_DISPLAY };

/** Reads every input under `paths`; problems are collected, never thrown. */
export async function collectInputs(paths: readonly string[], options: CollectOptions): Promise<ScanInputs> {
  const inputs = new ScanInputs(options.cwd, options.onFileRead, options.rereadText);
  const units: Unit[] = [];
  for (const [origin, given] of paths.entries()) {
    if (given === '-' || given === '/dev/stdin') {
      units.push({ kind: 'stream', display: STDIN_DISPLAY, origin });
    } else {
      await expandPath(resolve(options.cwd, given), origin, inputs, units);
    }
  }

  const readByOrigin = paths.map(() => 0);
  const before = () => inputs.filesScanned.length + inputs.problems.length;
  // Assemblies and cdktf.out first: they claim their templates, so a template inside cdk.out that
  // is also named on the command line is read once, with its stack name and metadata.
  const ordered = [...units.filter(u => u.kind !== 'file'), ...units.filter(u => u.kind === 'file')];
  for (const unit of ordered) {
    const start = before();
    if (unit.kind === 'cloud-assembly') {
      await cloudAssembly().readCloudAssembly(unit.directory, inputs, options.maxFileBytes);
    } else if (unit.kind === 'cdktf-out') {
      await cdktfOut().readCdktfOut(unit.directory, inputs, options.maxFileBytes);
    } else if (unit.kind === 'stream') {
      await readStreamUnit(unit, inputs, options);
    } else if (unit.kind === 'file' && !inputs.isClaimed(unit.path)) {
      await readFileUnit(unit, inputs, options.maxFileBytes);
    } else {
      readByOrigin[unit.origin]++;
    }
    readByOrigin[unit.origin] += before() - start;
  }
  for (const [origin, given] of paths.entries()) {
    if (readByOrigin[origin] === 0 && given !== '-' && given !== '/dev/stdin'
      && !inputs.problems.some(p => p.file === inputs.display(resolve(options.cwd, given)))) {
      inputs.problem(noInfrastructureFound(inputs.display(resolve(options.cwd, given))), given);
    }
  }
  return inputs;
}

async function expandPath(path: string, origin: number, inputs: ScanInputs, units: Unit[]): Promise<void> {
  let stat;
  try {
    stat = await fs.stat(path);
  } catch (e) {
    inputs.problem(unreadablePath(inputs.display(path), isNodeError(e) ? describeNodeError(e) : String(e)), path);
    return;
  }
  if (stat.isDirectory()) {
    await walk(path, origin, inputs, units, 0);
  } else if (stat.isFIFO() || stat.isCharacterDevice() || stat.isSocket()) {
    units.push({ kind: 'stream', path, display: inputs.display(path), origin });
  } else {
    units.push({ kind: 'file', path, explicit: true, origin });
  }
}

async function walk(directory: string, origin: number, inputs: ScanInputs, units: Unit[], depth: number): Promise<void> {
  let entries: Dirent[];
  try {
    entries = await fs.readdir(directory, { withFileTypes: true });
  } catch (e) {
    inputs.problem(unreadablePath(inputs.display(directory), isNodeError(e) ? describeNodeError(e) : String(e)), directory);
    return;
  }
  if (entries.some(e => e.name === 'manifest.json' && e.isFile())) {
    const kind = await manifestKind(join(directory, 'manifest.json'));
    if (kind) {
      units.push({ kind, directory, origin });
      return;
    }
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRECTORIES.has(entry.name) && depth < 64) {
        await walk(path, origin, inputs, units, depth + 1);
      }
    } else if ((entry.isFile() || entry.isSymbolicLink()) && CANDIDATE_FILE.test(entry.name)) {
      units.push({ kind: 'file', path, explicit: false, origin });
    }
  }
}

/** Whether a `manifest.json` is a cloud assembly's or cdktf's; undefined for anything else. */
async function manifestKind(path: string): Promise<'cloud-assembly' | 'cdktf-out' | undefined> {
  try {
    const format = classifyDocument(JSON.parse(await fs.readFile(path, 'utf8')));
    return format === 'cloud-assembly-manifest' ? 'cloud-assembly' : format === 'cdktf-manifest' ? 'cdktf-out' : undefined;
  } catch {
    return undefined; // not a manifest we know: its directory is searched like any other
  }
}

async function readFileUnit(unit: Extract<Unit, { kind: 'file' }>, inputs: ScanInputs, limit: number): Promise<void> {
  const display = inputs.display(unit.path);
  const mustReport = unit.explicit || INFRASTRUCTURE_NAME.test(unit.path);
  let text: string;
  let identity: FileIdentity;
  try {
    ({ text, identity } = await readTextFileWithIdentity(unit.path, display, limit));
  } catch (e) {
    if (mustReport || !(await tooLargeButNotOurs(e, unit.path))) {
      inputs.problem(e, display);
    }
    return;
  }
  try {
    await readFileText(unit.path, display, text, unit.explicit, inputs, limit, identity);
  } catch (e) {
    if (mustReport || looksLikeInfrastructure(text)) {
      inputs.problem(e, display);
    }
  }
}

/** Standard input or a pipe: read to the end (within the size limit), then detected by content. */
async function readStreamUnit(unit: Extract<Unit, { kind: 'stream' }>, inputs: ScanInputs, options: CollectOptions): Promise<void> {
  try {
    const stream = unit.path !== undefined ? createReadStream(unit.path) : options.stdin?.() ?? process.stdin;
    const text = await readStream(stream, unit.display, options.maxFileBytes);
    if (text.trim() === '') {
      throw emptyInput(unit.display);
    }
    await readFileText(unit.path ?? unit.display, unit.display, text, true, inputs, options.maxFileBytes);
  } catch (e) {
    inputs.problem(isNodeError(e) ? unreadablePath(unit.display, describeNodeError(e)) : e, unit.display);
  }
}

/** `identity`: the file's as read, when it can be read again for lines (not a stream). */
async function readFileText(
  path: string, display: string, text: string, explicit: boolean, inputs: ScanInputs, limit: number, identity?: FileIdentity,
): Promise<void> {
  if (/\.(tf|tofu)$/i.test(path)) {
    inputs.claim(path);
    inputs.addTerraformModuleFile(inputs.display(dirname(path)), await terraformJson().terraformHclModuleFile(text, display), resolve(dirname(path)));
    inputs.scanned(display);
    return;
  }
  const isJson = /^\s*[[{]/.test(text) && !/\.ya?ml$/i.test(path);
  const parsed = isJson ? { value: parseJson(text, display), resourceLines: undefined } : cloudFormationYaml().parseCloudFormationYaml(text, display);
  const value = parsed.value;
  switch (classifyDocument(value)) {
    case 'cloud-assembly-manifest':
    case 'cdktf-manifest':
      if (path === STDIN_DISPLAY) {
        // A manifest names templates beside it, and standard input has no "beside".
        throw manifestOnStdin(display);
      }
      if (classifyDocument(value) === 'cdktf-manifest') {
        await cdktfOut().readCdktfOut(dirname(path), inputs, limit);
      } else {
        await cloudAssembly().readCloudAssembly(dirname(path), inputs, limit);
      }
      return;
    case 'cloudformation': {
      const template = value as Record<string, any>;
      const logicalIds = isRecord(template.Resources) ? Object.keys(template.Resources) : [];
      inputs.claim(path);
      inputs.cloudFormation.push({
        file: display,
        template,
        // JSON lines are found after evaluation when the file can be read again; YAML's at parse time.
        lines: parsed.resourceLines ?? inputs.cloudFormationJsonLines(path, isJson ? identity : undefined, text, logicalIds),
        // Only JSON: YAML's `!Transform` and its own escapes spell the key in other text.
        ...(isJson && !jsonTextCanHoldFnTransform(text) ? { holdsNoFnTransform: true } : {}),
      });
      inputs.scanned(display);
      return;
    }
    case 'terraform-plan':
      inputs.claim(path);
      inputs.addTerraformDocument(terraformPlan().terraformPlanDocument(value as Record<string, any>, display, isJson ? text : undefined));
      inputs.scanned(display);
      return;
    case 'terraform-json': {
      inputs.claim(path);
      const lines = (isJson ? inputs.terraformJsonLineOf(path, identity) : undefined) ?? (isJson ? text : '');
      if (/\.(tf|tofu)\.json$/i.test(path)) {
        const file = terraformJson().terraformJsonModuleFile(value, lines, display);
        inputs.addTerraformModuleFile(inputs.display(dirname(path)), file, resolve(dirname(path)));
      } else {
        inputs.addTerraformDocument(terraformJson().terraformJsonDocument(value, lines, { file: display }));
      }
      inputs.scanned(display);
      return;
    }
    case 'unknown':
      if (explicit) {
        throw unknownFormat(display);
      }
      return;
  }
}

/** A file found by a search that is too large: reported only when its beginning looks like ours. */
async function tooLargeButNotOurs(error: unknown, path: string): Promise<boolean> {
  if (!(isRecord(error) && error.code === 'file-too-large')) {
    return false;
  }
  try {
    const handle = await fs.open(path, 'r');
    try {
      const buffer = Buffer.alloc(64 * 1024);
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
      return !looksLikeInfrastructure(buffer.subarray(0, bytesRead).toString('utf8'));
    } finally {
      await handle.close();
    }
  } catch {
    return false;
  }
}
