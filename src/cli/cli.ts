/**
 * The `search-guardrails` command: parse arguments, scan, render the report, choose the exit code.
 * Imports only framework-free modules (src/core, src/aws/cloudformation, src/azure/terraform, src/cli):
 * it runs where aws-cdk-lib and cdktf are not installed.
 */
import { promises as fs, readFileSync } from 'fs';
import { dirname, join, resolve } from 'path';
import { pathToFileURL } from 'url';
import { Command, parseCommand, ReportFormat, USAGE } from './args';
import { outputNotWritable } from './errors';
import { ProgressLine } from './progress';
import { describeNodeError, errorMessage, isNodeError, maxFileBytes } from './readers/read-text';
import { relativeToRoot, repositoryRoot } from './repository-root';
import type * as Scan from './scan';
import { GuardrailsInputError } from '../core/errors';
import type * as JsonReport from '../core/report/json-report';
import type * as JunitReport from '../core/report/junit-report';
import type * as MarkdownReport from '../core/report/markdown-report';
import { findingsFailScan, ReportInput, summarizeReport, summaryLine } from '../core/report/report-input';
import type * as SarifReport from '../core/report/sarif-report';
import type * as TextReport from '../core/report/text-report';

/*
 * Loaded when used: `--help` and `--version` load no scanner, and a scan loads only the report format
 * it writes.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
const scanModule = (): typeof Scan => require('./scan');
const textReport = (): typeof TextReport => require('../core/report/text-report');
const jsonReport = (): typeof JsonReport => require('../core/report/json-report');
const sarifReport = (): typeof SarifReport => require('../core/report/sarif-report');
const junitReport = (): typeof JunitReport => require('../core/report/junit-report');
const markdownReport = (): typeof MarkdownReport => require('../core/report/markdown-report');
/* eslint-enable @typescript-eslint/no-require-imports */

/** Exit codes (documented in --help and docs/cli.md). */
export const EXIT_CLEAN = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_INPUT_ERROR = 2;

/** Where the command writes and what it sees; tests pass their own. */
export interface CliIo {
  readonly stdout: { readonly isTTY?: boolean; write(text: string): unknown };
  readonly stderr: { readonly isTTY?: boolean; write(text: string): unknown };
  /** What `scan -` reads. @default process.stdin */
  readonly stdin?: NodeJS.ReadableStream;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  /** How long a scan runs before the progress line shows (tests pass 0). @default PROGRESS_AFTER_MS */
  readonly progressAfterMs?: number;
}

/** Runs the command and resolves to its exit code; never rejects, never prints a stack trace. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const command = parseCommand(argv);
    return await runCommand(command, io);
  } catch (e) {
    if (GuardrailsInputError.isGuardrailsInputError(e)) {
      io.stderr.write(`search-guardrails: ${e.message}\n`);
    } else {
      io.stderr.write(`search-guardrails: internal error: ${errorMessage(e)}. Please report it; set SEARCH_GUARDRAILS_DEBUG=1 for details.\n`);
      if (io.env.SEARCH_GUARDRAILS_DEBUG) {
        io.stderr.write(`${(e as Error)?.stack ?? ''}\n`);
      }
    }
    return EXIT_INPUT_ERROR;
  }
}

async function runCommand(command: Command, io: CliIo): Promise<number> {
  if (command.kind === 'help') {
    io.stdout.write(USAGE);
    return EXIT_CLEAN;
  }
  if (command.kind === 'version') {
    io.stdout.write(`${packageVersion()}\n`);
    return EXIT_CLEAN;
  }

  const limit = maxFileBytes(io.env);
  const progress = ProgressLine.enabled(io.stderr, command.quiet) ? new ProgressLine(io.stderr, io.progressAfterMs) : undefined;
  let scanned;
  try {
    scanned = await scanModule().scan({
      paths: command.paths,
      cwd: io.cwd,
      extraPorts: command.ports,
      acknowledgementsFile: command.acknowledgements !== undefined ? resolve(io.cwd, command.acknowledgements) : undefined,
      maxFileBytes: limit,
      stdin: () => io.stdin ?? process.stdin,
      onProgress: progress ? p => progress.update(p) : undefined,
      lines: linesPrintedBy(command.format),
    });
  } finally {
    progress?.done();
  }

  const input: ReportInput = {
    ...scanned,
    failOn: command.failOn,
    toolVersion: packageVersion(),
  };
  const color = command.format === 'text' && command.output === undefined && wantsColor(io);
  const report = render(command.format, input, color, io);

  if (command.output !== undefined) {
    const target = resolve(io.cwd, command.output);
    try {
      await fs.mkdir(dirname(target), { recursive: true });
      await fs.writeFile(target, report, 'utf8');
    } catch (e) {
      throw outputNotWritable(command.output, isNodeError(e) ? describeNodeError(e) : String(e));
    }
    io.stdout.write(`Wrote the ${command.format} report to ${command.output}. ${summaryLine(summarizeReport(input))}\n`);
  } else {
    io.stdout.write(report);
  }

  for (const problem of input.inputProblems ?? []) {
    io.stderr.write(`search-guardrails: ${problem.file}: ${problem.message}\n`);
  }
  if ((input.inputProblems ?? []).length > 0) {
    return EXIT_INPUT_ERROR;
  }
  return findingsFailScan(input.result.findings, command.failOn) ? EXIT_FINDINGS : EXIT_CLEAN;
}

/**
 * The lines a report format prints, so that files are read again only for those: JSON prints no line,
 * text, SARIF and Markdown those of findings, JUnit those of every resource checked (its test cases).
 */
export function linesPrintedBy(format: ReportFormat): Scan.ScanLines {
  switch (format) {
    case 'json': return 'none';
    case 'junit': return 'findings-and-resources';
    case 'text': case 'sarif': case 'markdown': return 'findings';
  }
}

function render(format: ReportFormat, input: ReportInput, color: boolean, io: CliIo): string {
  switch (format) {
    case 'text': return textReport().renderTextReport(input, { color });
    case 'json': return jsonReport().renderJsonReport(input);
    case 'sarif': {
      const root = repositoryRoot(io.cwd, io.env);
      return sarifReport().renderSarifReport(relativeToRoot(input, io.cwd, root), { sourceRootUri: pathToFileURL(root + '/').href });
    }
    case 'junit': return junitReport().renderJunitReport(input);
    case 'markdown': return markdownReport().renderMarkdownReport(input);
  }
}

/** Colour on a terminal unless NO_COLOR is set (https://no-color.org); FORCE_COLOR forces it. */
function wantsColor(io: CliIo): boolean {
  const force = io.env.FORCE_COLOR;
  if (force !== undefined && force !== '') {
    return force !== '0' && force.toLowerCase() !== 'false';
  }
  const noColor = io.env.NO_COLOR;
  if (noColor !== undefined && noColor !== '') {
    return false;
  }
  return io.stdout.isTTY === true;
}

let version: string | undefined;

/** The package version (lib/cli and src/cli both sit two levels below package.json). */
export function packageVersion(): string {
  if (version === undefined) {
    try {
      version = String(JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')).version ?? '0.0.0');
    } catch {
      version = '0.0.0';
    }
  }
  return version;
}
