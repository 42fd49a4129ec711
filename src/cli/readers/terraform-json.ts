/**
 * Terraform JSON (`*.tf.json`, cdktf's `cdk.tf.json`) and HCL (`*.tf`, through `@cdktf/hcl2json`,
 * no terraform binary) -> Terraform documents with the line of each resource.
 */
import { basename } from 'path';
import { TerraformDocumentInput, terraformJsonToDocument } from '../../formats/terraform';
import { hclParserMissing, invalidHcl } from '../errors';
import { terraformHclLines, terraformJsonLines } from './line-index';
import { errorMessage } from './read-text';

/** A Terraform JSON document with resource lines found in its text. */
export function terraformJsonDocument(json: unknown, text: string, options: { file: string; stack?: string }): TerraformDocumentInput {
  const document = terraformJsonToDocument(json, options);
  return withLines(document, terraformJsonLines(text, document.resources));
}

/**
 * Parses HCL with `@cdktf/hcl2json` (Go's HCL parser compiled to WebAssembly, loaded only when a `.tf`
 * file is scanned). @throws InputFileError for a syntax error.
 */
export async function terraformHclDocument(text: string, file: string): Promise<TerraformDocumentInput> {
  const { parse } = loadHclParser(file);
  let json: Record<string, unknown>;
  try {
    json = await parse(basename(file), text);
  } catch (e) {
    const message = errorMessage(e).replace(/^parse config: /, '').replace(/^\[|\]$/g, '');
    throw invalidHcl(file, message.split('\n')[0]);
  }
  return withLines(terraformJsonToDocument(json, { file }), terraformHclLines(text));
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

function withLines(document: TerraformDocumentInput, lines: Record<string, number>): TerraformDocumentInput {
  return {
    ...document,
    resources: document.resources.map(r => (lines[r.address] !== undefined ? { ...r, line: lines[r.address] } : r)),
  };
}
