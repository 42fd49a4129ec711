/**
 * Turns the runs into tables (printed, and written to results.md) and target verdicts.
 */
import { CliMeasurement } from './cli-runs';
import { MachineDescription } from './machine';
import { BenchOptions } from './options';
import { max, median } from './stats';
import { VariantRun } from './synthesis-runs';
import { VariantName } from './variants';

export interface SynthSection {
  readonly app: 'aws' | 'cdktf';
  readonly scale: number;
  readonly runs: Map<VariantName, VariantRun[]>;
}

export interface ProfileSummary {
  /** What was profiled. */
  readonly title: string;
  readonly file: string;
  /** Time in or below guard code (guarded synthesis only). */
  readonly guardMs?: number;
  readonly totalMs: number;
  readonly lines: string[];
}

export interface BenchResults {
  readonly options: BenchOptions;
  readonly argv: readonly string[];
  readonly machine: MachineDescription;
  readonly startedAt: Date;
  readonly finishedAt: Date;
  readonly loadAtStart: string;
  readonly loadAtEnd: string;
  readonly synth: readonly SynthSection[];
  readonly cli?: readonly CliMeasurement[];
  readonly cliEntry?: string;
  readonly profiles: readonly ProfileSummary[];
  readonly notes: readonly string[];
  /** The commit the sources were at, and how many files under src/ differed from it. */
  readonly source?: string;
}

export interface Verdict {
  readonly target: string;
  readonly measured: string;
  readonly met: boolean | undefined;
}

const ms = (v: number) => (Number.isFinite(v) ? `${Math.round(v).toLocaleString('en-US')}` : 'n/a');
const pct = (v: number) => (Number.isFinite(v) ? `${(100 * v).toFixed(1)}%` : 'n/a');
const x = (v: number) => (Number.isFinite(v) ? `${v.toFixed(2)}x` : 'n/a');
const mb = (kb: number | undefined) => (kb === undefined || !Number.isFinite(kb) ? 'n/a' : `${Math.round(kb / 1024)}`);

const APP_LABEL = { aws: 'AWS CDK', cdktf: 'CDK for Terraform' } as const;
const VARIANT_LABEL: Partial<Record<VariantName, string>> = {
  'aws-bare': 'bare',
  'aws-guard': 'SearchGuardrails.enforce',
  'aws-nag': 'cdk-nag AwsSolutionsChecks',
  'cdktf-bare': 'bare',
  'cdktf-guard': 'SearchGuardrails.enforce',
};

function stat(runs: readonly VariantRun[] | undefined, pick: (r: VariantRun) => number | undefined): number {
  return median((runs ?? []).map(pick).filter((v): v is number => v !== undefined));
}

function peakRss(runs: readonly VariantRun[]): number {
  return max(runs.map(r => r.child.maxRssKb ?? r.result.maxRssKb));
}

function section(results: BenchResults, app: 'aws' | 'cdktf', scale: number): SynthSection | undefined {
  return results.synth.find(s => s.app === app && s.scale === scale);
}

function shapeText(run: VariantRun | undefined): string {
  if (!run) return '';
  const s = run.result.shape as Record<string, number>;
  return 'stacks' in s
    ? `${s.stacks} stacks x (${s.securityGroupsPerStack} SGs x 2 rules + ${s.domainsPerStack} domains)`
    : `${s.networkSecurityGroups} NSGs x ${s.rulesPerGroup} rules`;
}

/** The delta (guarded or cdk-nag minus bare) of one measure, from medians. */
function delta(s: SynthSection, variant: VariantName, bare: VariantName, pick: (r: VariantRun) => number): number {
  return stat(s.runs.get(variant), pick) - stat(s.runs.get(bare), pick);
}

/**
 * The synthesis time variants are compared on: `app.synth()` minus aws-cdk-lib's built-in template
 * validation, which does the same work in every variant (none of them changes a template) and is
 * by far the noisiest part of an AWS synthesis. For cdktf, `app.synth()` itself.
 */
export function comparableSynthMs(run: VariantRun): number {
  return run.result.synthMs - (run.result.cfnValidateMs ?? 0);
}

const signed = (v: number, f: (v: number) => string) => `${v >= 0 ? '+' : ''}${f(v)}`;

export function verdicts(results: BenchResults): Verdict[] {
  const out: Verdict[] = [];
  const { baseScale, bigScale } = results.options;
  for (const app of ['aws', 'cdktf'] as const) {
    const s = section(results, app, baseScale);
    if (!s) continue;
    const bare = `${app}-bare` as VariantName;
    const guard = `${app}-guard` as VariantName;
    const bareSynth = stat(s.runs.get(bare), r => r.result.synthMs);
    const guardDelta = delta(s, guard, bare, comparableSynthMs);
    const rawDelta = delta(s, guard, bare, r => r.result.synthMs);
    const attributed = stat(s.runs.get(guard), r => r.result.guardMs);
    const cfnValidate = stat(s.runs.get(bare), r => r.result.cfnValidateMs);
    const aws = Number.isFinite(cfnValidate);
    out.push({
      target: `${APP_LABEL[app]}: the guard adds at most 5% to bare synthesis (${baseScale}x)`,
      measured: aws
        ? `${signed(guardDelta / bareSynth, pct)}: guarded minus bare ${ms(guardDelta)} ms (median synth without the built-in template validation) of bare synth ${ms(bareSynth)} ms; `
          + `raw synth medians ${signed(rawDelta / bareSynth, pct)}; in-guard time ${ms(attributed)} ms = ${pct(attributed / bareSynth)}. `
          + `aws-cdk-lib's own template validation is ${ms(cfnValidate)} ms of bare synth: against the other ${ms(bareSynth - cfnValidate)} ms the guard adds ${pct(guardDelta / (bareSynth - cfnValidate))}`
        : `${signed(guardDelta / bareSynth, pct)}: guarded minus bare ${ms(guardDelta)} ms of bare synth ${ms(bareSynth)} ms (medians); in-guard time ${ms(attributed)} ms = ${pct(attributed / bareSynth)}`,
      met: guardDelta / bareSynth <= 0.05,
    });
    if (app === 'aws' && s.runs.has('aws-nag')) {
      const nagDelta = delta(s, 'aws-nag', bare, comparableSynthMs);
      const nagRaw = delta(s, 'aws-nag', bare, r => r.result.synthMs);
      out.push({
        target: 'AWS CDK: the guard adds less than a third of what cdk-nag adds',
        measured: `guard ${signed(guardDelta, ms)} ms vs cdk-nag ${signed(nagDelta, ms)} ms (minus bare, synth without the built-in validation): ${pct(guardDelta / nagDelta)} of cdk-nag's; `
          + `raw synth: ${signed(rawDelta, ms)} vs ${signed(nagRaw, ms)} ms; in-guard time ${pct(attributed / nagDelta)} of cdk-nag's`,
        met: guardDelta < nagDelta / 3,
      });
    }
    const big = section(results, app, bigScale);
    if (big) {
      const bigDelta = delta(big, guard, bare, comparableSynthMs);
      const bigAttributed = stat(big.runs.get(guard), r => r.result.guardMs);
      const growth = bigDelta / guardDelta;
      const attributedGrowth = bigAttributed / attributed;
      out.push({
        target: `${APP_LABEL[app]}: 10x input, at most 11x guard time`,
        measured: `guarded minus bare${aws ? ' (synth without the built-in validation)' : ''}: ${ms(guardDelta)} -> ${ms(bigDelta)} ms (${x(growth)}); in-guard time: ${ms(attributed)} -> ${ms(bigAttributed)} ms (${x(attributedGrowth)})`,
        // The in-guard time decides alone when the subtraction is lost in noise (a negative delta).
        met: guardDelta > 0 && bigDelta > 0 ? growth <= 11 && attributedGrowth <= 11 : attributedGrowth <= 11,
      });
    }
  }
  for (const m of results.cli ?? []) {
    const ratio = median(m.scan.map(r => r.child.wallMs)) / median(m.floor.map(r => r.child.wallMs));
    out.push({
      target: `CLI: scan of ${m.input.name} within 3x of the JSON.parse floor`,
      measured: `${x(ratio)} (${ms(median(m.scan.map(r => r.child.wallMs)))} vs ${ms(median(m.floor.map(r => r.child.wallMs)))} ms)`,
      met: ratio <= 3,
    });
  }
  return out;
}

export function renderResults(results: BenchResults): string {
  const { options } = results;
  const lines: string[] = [];
  const push = (...l: string[]) => lines.push(...l);
  push(`# search-guardrails benchmark results${options.quick ? ' (--quick smoke run: small sizes, one round; not the reference numbers)' : ''}`, '');
  push(`Date: ${results.startedAt.toISOString()} (took ${((results.finishedAt.getTime() - results.startedAt.getTime()) / 60000).toFixed(1)} min). Command: \`npm run bench${results.argv.length ? ` -- ${results.argv.join(' ')}` : ''}\`.`, '');
  push('Machine:', '');
  push(`- CPUs: ${results.machine.cpus}`, `- Memory: ${results.machine.totalMemory}`, `- Node.js: ${results.machine.node}`, `- OS: ${results.machine.os}`,
    `- Load average (1/5/15 min) at start: ${results.loadAtStart}; at end: ${results.loadAtEnd}`, '');
  if (results.source) push(`Sources: ${results.source}.`, '');
  push('All ratios come from one side-by-side run: every variant ran in a fresh Node process, in an order that rotates every round,',
    `so machine noise falls on all variants alike. Rounds: ${options.rounds} at ${options.baseScale}x, ${options.rounds10x} at ${options.bigScale}x, ${options.cliRounds} for the CLI. Times are medians in milliseconds.`,
    '"synth" is the wall time of `app.synth()` alone, after construction; "synth CPU" its CPU time (user + system), less sensitive to other load;',
    '"construct+synth" adds building the app; "load" is `require()` of the framework plus the guard or cdk-nag.',
    '"in guard" is the wall time spent inside the guard\'s own calls (enforce, its aspects, construct validations and validation plugin, framework work they trigger included), measured in the same process.',
    '"built-in CFN validation" (AWS) is the time aws-cdk-lib 2.262 spends in its own CloudFormation template validation (a WebAssembly Rego engine it runs on every synthesis, with no switch to turn it off); it is part of every variant\'s synth and does the same work in each (no variant changes a template), so the AWS comparisons subtract it per run ("synth without it") to take its noise out; the raw synth is shown too.',
    'Peak RSS is the largest maximum resident set size of the runs (`/usr/bin/time -v`, else `process.resourceUsage().maxRSS`).', '');

  push('## Targets', '', '| target | measured | met |', '|---|---|---|');
  for (const v of verdicts(results)) push(`| ${v.target} | ${v.measured} | ${v.met === undefined ? 'n/a' : v.met ? 'yes' : '**no**'} |`);
  push('');

  for (const app of ['aws', 'cdktf'] as const) {
    const sections = results.synth.filter(s => s.app === app);
    if (!sections.length) continue;
    push(`## Synthesis: ${APP_LABEL[app]}`, '');
    const cfn = app === 'aws';
    push(`| scale | app | variant | runs | resources | synth | synth CPU | construct+synth | load | in guard |${cfn ? ' built-in CFN validation | synth without it |' : ''} vs bare (synth) | vs bare (construct+synth) |${cfn ? ' vs bare (synth without it) |' : ''} peak RSS MiB |`,
      `|---|---|---|---|---|---|---|---|---|---|${cfn ? '---|---|' : ''}---|---|${cfn ? '---|' : ''}---|`);
    for (const s of sections) {
      const bare = `${app}-bare` as VariantName;
      for (const [variant, runs] of s.runs) {
        const synth = stat(runs, r => r.result.synthMs);
        const both = stat(runs, r => r.result.constructAndSynthMs);
        const bareSynth = stat(s.runs.get(bare), r => r.result.synthMs);
        const bareBoth = stat(s.runs.get(bare), r => r.result.constructAndSynthMs);
        const vs = (a: number, b: number) => (variant === bare ? '' : `${a - b >= 0 ? '+' : ''}${ms(a - b)} (${a - b >= 0 ? '+' : ''}${pct((a - b) / b)})`);
        push(`| ${s.scale}x | ${shapeText(runs[0])} | ${VARIANT_LABEL[variant] ?? variant} | ${runs.length} | ${runs[0]?.result.resources ?? ''} | ${ms(synth)} (${ms(Math.min(...runs.map(r => r.result.synthMs)))}-${ms(Math.max(...runs.map(r => r.result.synthMs)))}) | ${ms(stat(runs, r => r.result.synthCpuMs))} | ${ms(both)} | ${ms(stat(runs, r => r.result.loadMs))} | ${variant.endsWith('guard') ? ms(stat(runs, r => r.result.guardMs)) : ''} |${cfn ? ` ${ms(stat(runs, r => r.result.cfnValidateMs))} | ${ms(stat(runs, comparableSynthMs))} |` : ''} ${vs(synth, bareSynth)} | ${vs(both, bareBoth)} |${cfn ? ` ${vs(stat(runs, comparableSynthMs), stat(s.runs.get(bare), comparableSynthMs))} |` : ''} ${mb(peakRss(runs))} |`);
      }
    }
    push('');
  }

  if (results.cli?.length) {
    push('## CLI throughput', '', `Entry point: \`${results.cliEntry}\`. The floor is \`node -e\` reading and JSON.parse-ing the files the scan reads (same process start-up).`, '');
    push('| input | resources | bytes read | scan (median, min-max) | floor | ratio | findings | scan peak RSS MiB | floor peak RSS MiB |', '|---|---|---|---|---|---|---|---|---|');
    for (const m of results.cli) {
      const scanMs = m.scan.map(r => r.child.wallMs);
      const floorMs = m.floor.map(r => r.child.wallMs);
      push(`| ${m.input.name} | ${m.input.resources.toLocaleString('en-US')} | ${(m.input.bytes / 2 ** 20).toFixed(1)} MiB in ${m.input.floorFiles.length} files | ${ms(median(scanMs))} (${ms(Math.min(...scanMs))}-${ms(Math.max(...scanMs))}) | ${ms(median(floorMs))} | ${x(median(scanMs) / median(floorMs))} | ${m.scan[0]?.findings ?? 'n/a'} | ${mb(max(m.scan.map(r => r.child.maxRssKb ?? NaN)))} | ${mb(max(m.floor.map(r => r.child.maxRssKb ?? NaN)))} |`);
    }
    push('');
  }

  if (results.profiles.length) {
    push('## Where the time goes (one extra `node --cpu-prof` run each, not part of the timings above)', '');
    for (const p of results.profiles) {
      push(p.guardMs !== undefined
        ? `${p.title}: ${ms(p.guardMs)} ms of ${ms(p.totalMs)} ms sampled were in or below guard code (its outermost frame and everything it called). Top frames by inclusive time:`
        : `${p.title}: ${ms(p.totalMs)} ms sampled. The project's functions (and the garbage collector) by inclusive time:`, '', '```', ...p.lines, '```', '');
    }
  }
  if (results.notes.length) push('## Notes', '', ...results.notes.map(n => `- ${n}`), '');
  return `${lines.join('\n')}\n`;
}
