/**
 * Errors of the `search-guardrails` command, built by named factories. Each message is one line that
 * names the file (or option), says what is wrong and ends with how to fix it. The CLI prints the
 * message and exits with code 2; it never prints a stack trace for these.
 */
import { GuardrailsInputError } from '../core/errors';

/** An input that could not be read; `file` and `detail` let reports show them apart. */
export class InputFileError extends GuardrailsInputError {
  /** The file or path, as the user gave it or the search found it. */
  public readonly file: string;
  /** What is wrong and how to fix it, without the file name. */
  public readonly detail: string;

  constructor(code: string, file: string, detail: string) {
    super(code, `${file}: ${detail}`);
    this.name = 'InputFileError';
    this.file = file;
    this.detail = detail;
  }
}

/** Branded check (no `instanceof` across copies): an error about one input file. */
export function isInputFileError(x: unknown): x is InputFileError {
  return GuardrailsInputError.isGuardrailsInputError(x) && typeof (x as any).file === 'string' && typeof (x as any).detail === 'string';
}

export function usageError(detail: string): GuardrailsInputError {
  return new GuardrailsInputError('usage', `${detail}. Run \`search-guardrails --help\` for usage.`);
}

export function invalidPortsOption(value: string, why: string): GuardrailsInputError {
  return new GuardrailsInputError('usage',
    `--ports ${JSON.stringify(value)}: ${why}. Give TCP ports from 1 to 65535 separated by commas, e.g. --ports 9201,9301.`);
}

export function unreadablePath(file: string, why: string): InputFileError {
  return new InputFileError('unreadable-path', file, `cannot be read (${why}). Check that the path exists and is readable.`);
}

export function invalidMaxFileBytes(value: string): GuardrailsInputError {
  return new GuardrailsInputError('usage',
    `SEARCH_GUARDRAILS_MAX_FILE_BYTES=${JSON.stringify(value)} is not a positive whole number of bytes. Set it to e.g. 536870912 (512 MiB), or unset it for the default of 256 MiB.`);
}

export function emptyInput(file: string): InputFileError {
  return new InputFileError('empty-input', file,
    'is empty. Pipe a template or plan into it (`terraform show -json plan.out | search-guardrails scan -`), or name the files to scan.');
}

export function manifestOnStdin(file: string): InputFileError {
  return new InputFileError('manifest-on-stdin', file,
    'holds a cdk.out or cdktf.out manifest, whose templates are files beside it. Scan the directory instead (search-guardrails scan cdk.out).');
}

export function fileTooLarge(file: string, bytes: number, limit: number): InputFileError {
  return new InputFileError('file-too-large', file,
    `is ${mebibytes(bytes)}, larger than the limit of ${mebibytes(limit)}. Scan a smaller file, or raise the limit with SEARCH_GUARDRAILS_MAX_FILE_BYTES.`);
}

export function invalidJson(file: string, why: string): InputFileError {
  return new InputFileError('invalid-json', file, `is not valid JSON (${why}). Fix the syntax, or synthesize the file again.`);
}

export function invalidYaml(file: string, why: string): InputFileError {
  return new InputFileError('invalid-yaml', file, `is not valid YAML (${why}). Fix the syntax.`);
}

export function invalidHcl(file: string, why: string): InputFileError {
  return new InputFileError('invalid-hcl', file, `is not valid Terraform HCL (${why}). Fix the syntax (\`terraform validate\` shows where).`);
}

export function hclParserMissing(file: string): InputFileError {
  return new InputFileError('hcl-parser-missing', file,
    'cannot be read: the HCL parser @cdktf/hcl2json is not installed. Install it (npm install @cdktf/hcl2json), or scan the Terraform JSON or plan JSON (terraform show -json) instead.');
}

export function unknownFormat(file: string): InputFileError {
  return new InputFileError('unknown-format', file,
    'is no known infrastructure format (a CloudFormation template, cdk.out, cdktf.out, Terraform JSON, Terraform plan JSON or a .tf file). Pass only such files, or the directories that hold them.');
}

export function noInfrastructureFound(path: string): InputFileError {
  return new InputFileError('nothing-found', path,
    'holds no cdk.out, cdktf.out, CloudFormation template, Terraform file or plan. Synthesize first (`cdk synth`, `cdktf synth`) or pass the right directory.');
}

export function brokenManifest(file: string, why: string): InputFileError {
  return new InputFileError('broken-manifest', file, `${why}. Synthesize the app again (\`cdk synth\` / \`cdktf synth\`).`);
}

export function invalidAcknowledgementsFile(file: string, why: string): InputFileError {
  return new InputFileError('invalid-acknowledgements', file,
    `${why}. Write a YAML or JSON list of { ruleId, resource, reason } entries (optionally constructPath, stack, file).`);
}

export function acknowledgementRefused(file: string, index: number, ruleId: string, problem: string): InputFileError {
  return new InputFileError('acknowledgement-refused', file,
    `entry ${index + 1} acknowledges ${JSON.stringify(ruleId)}, which is refused: ${problem}. Fix the exposure, or acknowledge only unverifiable-network, transport-unencrypted, unencrypted-at-rest, public-allowlist or audit-logging-disabled with a reason of 10+ characters.`);
}

export function outputNotWritable(file: string, why: string): InputFileError {
  return new InputFileError('output-not-writable', file, `cannot be written (${why}). Choose a writable --output path.`);
}

export function translationFailed(file: string, why: string): InputFileError {
  return new InputFileError('translation-failed', file, `${why}`);
}

function mebibytes(bytes: number): string {
  return bytes < 1024 * 1024 ? `${bytes} bytes` : `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}
