/**
 * Terraform JSON (`*.tf.json`, cdktf's `cdk.tf.json`) and HCL (`*.tf`, through `@cdktf/hcl2json`,
 * no terraform binary) -> Terraform documents with the line of each resource.
 */
import { basename } from 'path';
import { TerraformDocumentInput, TerraformDocumentOptions, terraformJsonToDocument } from '../../formats/terraform';
import { hclParserMissing, invalidHcl } from '../errors';
import { lookupTerraformLine, terraformHclLines, terraformJsonLines } from './line-index';
import { errorMessage } from './read-text';

/**
 * How the line of a resource is found from its address in its file (`type.name`, as written): a line,
 * a line reference (`deferred-lines.ts`), or undefined.
 */
export type TerraformLineOf = (local: string) => number | undefined;

/** The lines of Terraform JSON text, found now. */
export function terraformJsonLineOf(text: string): TerraformLineOf {
  const lines = terraformJsonLines(text);
  return local => lookupTerraformLine(lines, local);
}

/** A Terraform JSON document with resource lines found in its text (or by `lineOf`). */
export function terraformJsonDocument(
  json: unknown, text: string | TerraformLineOf, options: { file: string; stack?: string },
): TerraformDocumentInput {
  return withLines(terraformJsonToDocument(json, options), typeof text === 'string' ? terraformJsonLineOf(text) : text);
}

/** One file of a Terraform module, read once, translated when its module's locals and inputs are known. */
export interface TerraformModuleFile {
  readonly file: string;
  /** Its `locals` entries (a module's locals are shared by all its files). */
  readonly locals: Record<string, any>;
  readonly build: (options: Omit<TerraformDocumentOptions, 'file'>) => TerraformDocumentInput;
}

/** A `.tf.json` / `.tofu.json` file of a module, with lines found in its text (or by `lineOf`). */
export function terraformJsonModuleFile(json: unknown, text: string | TerraformLineOf, file: string): TerraformModuleFile {
  // Found once, whatever the module is built with (once per call and instance): the text is not kept.
  const lines = typeof text === 'string' ? terraformJsonLineOf(text) : text;
  return {
    file,
    locals: localsOf(json),
    build: options => withLines(terraformJsonToDocument(json, { ...options, file }), lines, options.addressPrefix),
  };
}

/** A `.tf` / `.tofu` file of a module (HCL, parsed once). @throws InputFileError for a syntax error. */
export async function terraformHclModuleFile(text: string, file: string): Promise<TerraformModuleFile> {
  const json = await parseHcl(text, file);
  const lines = terraformHclLineOf(text);
  return {
    file,
    locals: localsOf(json),
    build: options => withLines(terraformJsonToDocument(json, { ...options, file }), lines, options.addressPrefix),
  };
}

const isObject = (value: unknown): value is Record<string, any> => typeof value === 'object' && value !== null;

function localsOf(json: unknown): Record<string, any> {
  const locals = (json as any)?.locals;
  // Own members as JSON.parse makes them (later blocks win): a local named `__proto__` is a local like any other.
  return Array.isArray(locals) ? Object.fromEntries(locals.filter(isObject).flatMap(l => Object.entries(l))) : isObject(locals) ? locals : {};
}

async function parseHcl(text: string, file: string): Promise<Record<string, unknown>> {
  const { parse } = loadHclParser(file);
  try {
    // hcl2json picks the JSON syntax for names ending in .json: a .tofu file is read as .tf.
    return await parse(basename(file).replace(/\.tofu$/i, '.tf'), text);
  } catch (e) {
    const message = errorMessage(e).replace(/^parse config: /, '').replace(/^\[|\]$/g, '');
    throw invalidHcl(file, message.split('\n')[0]);
  }
}

type HclParser = { parse: (filename: string, contents: string) => Promise<Record<string, unknown>> };

/**
 * Loaded lazily: the WebAssembly module (1.7 MB, about a second to instantiate) costs time that scans
 * without .tf files should not pay. A package installed without it names it instead of failing.
 */
function loadHclParser(file: string): HclParser {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('@cdktf/hcl2json') as HclParser;
  } catch (e) {
    if (typeof e === 'object' && e !== null && (e as { code?: unknown }).code === 'MODULE_NOT_FOUND') {
      throw hclParserMissing(file);
    }
    throw e;
  }
}

/**
 * Parses HCL with `@cdktf/hcl2json` (Go's HCL parser compiled to WebAssembly, loaded only when a `.tf`
 * file is scanned). @throws InputFileError for a syntax error.
 */
export async function terraformHclDocument(text: string, file: string): Promise<TerraformDocumentInput> {
  return withLines(terraformJsonToDocument(await parseHcl(text, file), { file }), terraformHclLineOf(text));
}

function terraformHclLineOf(text: string): TerraformLineOf {
  const lines = terraformHclLines(text);
  return local => lookupTerraformLine(lines, local);
}

/**
 * Lines by address; an instance (`x[0]`, `x["a"]`) or a module's resource takes the line of its block.
 * `document` was just built for this call, so its resources get their lines in place: copies of
 * 10,000 resources cost 6% of a Terraform JSON scan's instructions and 12 MB of its peak RSS (measured).
 */
function withLines(document: TerraformDocumentInput, lineOf: TerraformLineOf, prefix = ''): TerraformDocumentInput {
  for (const resource of document.resources) {
    const line = lineOf(resource.address.startsWith(prefix) ? resource.address.slice(prefix.length) : resource.address);
    if (line !== undefined) {
      (resource as { line?: number }).line = line;
    }
  }
  return document;
}
