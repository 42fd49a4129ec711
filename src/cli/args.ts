/**
 * Command-line arguments, parsed with `node:util` `parseArgs` (no dependency).
 */
import { parseArgs } from 'util';
import { invalidPortsOption, usageError } from './errors';
import type { FailOn } from '../core/report';
import { errorMessage } from './readers/read-text';

export const FORMATS = ['text', 'json', 'sarif', 'junit', 'markdown'] as const;
export type ReportFormat = typeof FORMATS[number];
const FAIL_ON: readonly FailOn[] = ['error', 'warning', 'never'];

export type Command =
  | { readonly kind: 'help' }
  | { readonly kind: 'version' }
  | {
    readonly kind: 'scan';
    readonly paths: readonly string[];
    readonly format: ReportFormat;
    readonly output?: string;
    readonly failOn: FailOn;
    readonly ports: readonly number[];
    readonly acknowledgements?: string;
    /** No progress line on standard error. */
    readonly quiet: boolean;
  };

export const USAGE = `Usage: search-guardrails scan [paths...] [options]

Scans cdk.out cloud assemblies, CloudFormation templates (JSON/YAML), cdktf.out, Terraform JSON
(*.tf.json), Terraform plan JSON (terraform show -json) and HCL (*.tf) for search clusters
(Elasticsearch / OpenSearch / Kibana) exposed to the internet. Paths default to the current
directory; directories are searched recursively (node_modules, .git and .terraform are skipped).
\`-\` (or /dev/stdin) reads standard input: terraform show -json plan.out | search-guardrails scan -

Options:
  -f, --format <text|json|sarif|junit|markdown>  report format (default: text)
  -o, --output <file>                    write the report to a file instead of stdout
      --fail-on <error|warning|never>    exit 1 when findings at or above this severity remain (default: error)
      --ports <port,port,...>            more TCP ports that count as cluster ports on every firewall
      --acknowledgements <file>          YAML/JSON list of { ruleId, resource, reason } to accept findings
  -q, --quiet                            no progress line on standard error (shown only on a terminal,
                                         for scans longer than 2 seconds)
  -h, --help                             show this help
  -V, --version                          show the version

Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage or input error.
Environment: NO_COLOR / FORCE_COLOR (text colours), SEARCH_GUARDRAILS_MAX_FILE_BYTES (a positive
number of bytes; default 256 MiB).
`;

/** @throws GuardrailsInputError (code `usage`) for anything the command does not accept. */
export function parseCommand(argv: readonly string[]): Command {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        'format': { type: 'string', short: 'f' },
        'output': { type: 'string', short: 'o' },
        'fail-on': { type: 'string' },
        'ports': { type: 'string', multiple: true },
        'acknowledgements': { type: 'string' },
        'quiet': { type: 'boolean', short: 'q' },
        'help': { type: 'boolean', short: 'h' },
        'version': { type: 'boolean', short: 'V' },
      },
    });
  } catch (e) {
    throw usageError(errorMessage(e).replace(/\.$/, ''));
  }
  const { values, positionals } = parsed;
  if (values.help || positionals[0] === 'help') {
    return { kind: 'help' };
  }
  if (values.version) {
    return { kind: 'version' };
  }
  const [command, ...paths] = positionals;
  if (command === undefined) {
    throw usageError('No command given');
  }
  if (command !== 'scan') {
    throw usageError(`Unknown command ${JSON.stringify(command)}; the command is \`scan\``);
  }
  const format = values.format ?? 'text';
  if (!(FORMATS as readonly string[]).includes(format)) {
    throw usageError(`--format ${JSON.stringify(format)} is not one of ${FORMATS.join(', ')}`);
  }
  const failOn = values['fail-on'] ?? 'error';
  if (!(FAIL_ON as readonly string[]).includes(failOn)) {
    throw usageError(`--fail-on ${JSON.stringify(failOn)} is not one of ${FAIL_ON.join(', ')}`);
  }
  if (values.output === '') {
    throw usageError('--output needs a file name');
  }
  return {
    kind: 'scan',
    paths: paths.length > 0 ? paths : ['.'],
    format: format as ReportFormat,
    output: values.output,
    failOn: failOn as FailOn,
    ports: parsePorts(values.ports ?? []),
    acknowledgements: values.acknowledgements,
    quiet: values.quiet === true,
  };
}

/** `9201,9301` (the option may repeat) -> sorted distinct ports. */
export function parsePorts(values: readonly string[]): number[] {
  const ports = new Set<number>();
  for (const value of values) {
    for (const part of value.split(',')) {
      const text = part.trim();
      if (!/^\d{1,5}$/.test(text)) {
        throw invalidPortsOption(value, `${JSON.stringify(text)} is not a port number`);
      }
      const port = Number(text);
      if (port < 1 || port > 65535) {
        throw invalidPortsOption(value, `${port} is outside 1-65535`);
      }
      ports.add(port);
    }
  }
  return [...ports].sort((a, b) => a - b);
}
