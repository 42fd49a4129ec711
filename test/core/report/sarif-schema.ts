/**
 * The official SARIF 2.1.0 JSON schema (the rtm.5 schema as published on SchemaStore, which is the
 * OASIS 2.1.0 schema; draft-04), shipped by the @microsoft/jest-sarif package, compiled with Ajv.
 */
import { readFileSync } from 'fs';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';

const SCHEMA_PATH = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');

let validator: ((data: unknown) => boolean) & { errors?: unknown } | undefined;

/** Validation errors of `log` against the SARIF 2.1.0 schema (empty when valid). */
export function sarifSchemaErrors(log: unknown): string[] {
  if (!validator) {
    // unicodeRegExp off: the schema's `language` pattern (`...[a-zA-Z]{2}]?$`) has a stray `]` that
    // only a `u`-flag RegExp rejects; JSON Schema draft-04 patterns are ECMA 262 without that flag.
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats(ajv);
    validator = ajv.compile(JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')));
  }
  if (validator(log)) {
    return [];
  }
  return ((validator.errors ?? []) as { instancePath: string; message?: string }[])
    .map(e => `${e.instancePath || '/'} ${e.message ?? ''}`);
}
