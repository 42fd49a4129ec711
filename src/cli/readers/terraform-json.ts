/**
 * Terraform JSON (`*.tf.json`, cdktf's `cdk.tf.json`) and HCL (`*.tf`, through `@cdktf/hcl2json`,
 * no terraform binary) -> Terraform documents with the line of each resource.
 */
import { basename } from 'path';
import { TerraformDocumentInput, terraformJsonToDocument } from '../../formats/terraform';
import { invalidHcl } from '../errors';
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
  // Loaded lazily: the WebAssembly module costs time that scans without .tf files should not pay.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { parse } = require('@cdktf/hcl2json') as { parse: (filename: string, contents: string) => Promise<Record<string, unknown>> };
  let json: Record<string, unknown>;
  try {
    json = await parse(basename(file), text);
  } catch (e) {
    const message = errorMessage(e).replace(/^parse config: /, '').replace(/^\[|\]$/g, '');
    throw invalidHcl(file, message.split('\n')[0]);
  }
  return withLines(terraformJsonToDocument(json, { file }), terraformHclLines(text));
}

function withLines(document: TerraformDocumentInput, lines: Record<string, number>): TerraformDocumentInput {
  return {
    ...document,
    resources: document.resources.map(r => (lines[r.address] !== undefined ? { ...r, line: lines[r.address] } : r)),
  };
}
