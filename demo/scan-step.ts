/**
 * Step 3: the same engine in a pipeline. The refused apps left nothing to scan, so the changed
 * outputs come from apps that do not use the guard; the secure outputs come from steps 1 and 2.
 */
import { Checklist } from './checklist';
import { countMermaidBlocks, readSarif } from './reports';
import { runScan, ScanRun } from './scan';
import { showPassed } from './show-synthesis';
import { SynthesisOutcome } from './synthesis';
import { Terminal } from './terminal';

/** What step 3 needs from the rest of the demo. */
export interface ScanStepInput {
  readonly repo: string;
  /** How a path is shown (and passed to the binary, which runs in `repo`). */
  readonly shown: (path: string) => string;
  /** The outputs of the secure apps that synthesized. */
  readonly secureOutputs: string[];
  /** Synthesizes the same change in apps without the guard. */
  readonly unguarded: { readonly aws: () => SynthesisOutcome; readonly azure: () => SynthesisOutcome };
  readonly sarif: string;
  readonly markdown: string;
}

/** Runs the scans, shows them and checks exit codes and reports; returns where the reports are. */
export function runScanStep(term: Terminal, checks: Checklist, input: ScanStepInput): { sarif: string; markdown: string } {
  term.wrap('The guard refused both changed apps, so they left nothing to deploy, and nothing to scan. A pipeline still '
    + 'meets infrastructure that never went through the guard: another team\'s repository, an older app, hand-written '
    + 'Terraform. To show one, the same change is made in apps of a team that does not use search-guardrails: a plain '
    + 'aws-cdk-lib opensearch.Domain (VPC, fine-grained access control, encryption, TLS 1.2, logs) and a hand-written '
    + 'azurerm network security group. Nothing stops their synthesis:', 2);
  const awsUnguarded = input.unguarded.aws();
  showPassed(term, awsUnguarded, input.shown(awsUnguarded.outdir), 'AWS, without the guard: ');
  const azureUnguarded = input.unguarded.azure();
  showPassed(term, azureUnguarded, input.shown(azureUnguarded.outdir), 'Azure, without the guard: ');
  checks.expect('Without the guard, the same changes synthesize (AWS and Azure)', awsUnguarded.passed && azureUnguarded.passed,
    [awsUnguarded.error, azureUnguarded.error].filter(e => e !== undefined).join('\n'));

  term.line();
  term.wrap('The binary (node lib/cli/main.js) over the secure outputs of steps 1 and 2:', 2);
  const securePaths = input.secureOutputs.map(input.shown);
  const secure = showScan(term, runScan(input.repo, securePaths, term.color));
  checks.expect('The scan of the secure outputs is clean (exit 0)', secure.status === 0 && securePaths.length === 2,
    securePaths.length < 2 ? 'a secure app did not synthesize' : `exit ${secure.status}: ${secure.stderr || secure.stdout}`);

  term.line();
  term.wrap('And over the outputs without the guard: first as text, then the reports a pipeline keeps.', 2);
  const changedPaths = [awsUnguarded, azureUnguarded].filter(o => o.passed).map(o => input.shown(o.outdir));
  const text = showScan(term, runScan(input.repo, changedPaths, term.color));
  const sarif = showScan(term, runScan(input.repo, [...changedPaths, '--format', 'sarif', '--output', input.shown(input.sarif)], term.color));
  const markdown = showScan(term, runScan(input.repo, [...changedPaths, '--format', 'markdown', '--output', input.shown(input.markdown)], term.color));
  const exits = [text, sarif, markdown].map(run => run.status);
  checks.expect('The scans of the outputs without the guard fail (exit 1) and name public-ingress',
    exits.every(code => code === 1) && text.stdout.includes('public-ingress') && changedPaths.length === 2,
    `exit codes ${exits.join(', ')}${text.stdout.includes('public-ingress') ? '' : '; the text report does not name public-ingress'}`);

  const log = readSarif(input.sarif);
  const awsHit = log.publicIngressUris.some(uri => uri.includes(`${input.shown(awsUnguarded.outdir)}/`));
  const azureHit = log.publicIngressUris.some(uri => uri.includes(`${input.shown(azureUnguarded.outdir)}/`));
  checks.expect(`${input.shown(input.sarif)} is SARIF 2.1.0 with a public-ingress result for each cloud`,
    log.problem === undefined && awsHit && azureHit,
    log.problem ?? `public-ingress results at: ${log.publicIngressUris.join(', ') || 'none'}`);
  const diagrams = countMermaidBlocks(input.markdown);
  checks.expect(`${input.shown(input.markdown)} is written with a Mermaid diagram`, (diagrams ?? 0) > 0,
    diagrams === undefined ? 'it was not written' : 'it has no mermaid block');
  return { sarif: input.sarif, markdown: input.markdown };
}

/** Prints the command line, the binary's output (wrapped, indented) and its exit code. */
function showScan(term: Terminal, run: ScanRun): ScanRun {
  term.command(run.commandLine);
  for (const line of `${run.stdout}${run.stderr}`.split('\n').filter(l => l.trim() !== '')) {
    const lead = line.length - line.trimStart().length;
    term.wrap(line.trimStart(), 6 + lead + 2, ' '.repeat(6 + lead));
  }
  const code = run.status === null ? 'killed' : `exit ${run.status}`;
  term.line(`      ${term.style(`→ ${code}`, run.status === 0 ? 'green' : 'red', 'bold')}`);
  return run;
}
