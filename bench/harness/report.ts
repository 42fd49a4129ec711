/**
 * Turns the runs into tables (printed, and written to results.md) and target verdicts.
 */
import { CliMeasurement } from './cli-runs';
import { MachineDescription } from './machine';
import { BenchOptions } from './options';
import { max, median } from './stats';
import { VariantRun } from './synthesis-runs';
import { VariantName } from './variants';

/** The synthesized apps: the CfnDomain AWS app, the L2 Domain AWS app, the azurerm and the Terraform-for-AWS cdktf apps. */
export type SynthApp = 'aws' | 'aws-l2' | 'cdktf' | 'cdktf-aws';
export const SYNTH_APPS: readonly SynthApp[] = ['aws', 'aws-l2', 'cdktf', 'cdktf-aws'];

export interface SynthSection {
  readonly app: SynthApp;
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

const APP_LABEL: Record<SynthApp, string> = {
  'aws': 'AWS CDK (CfnDomain app)',
  'aws-l2': 'AWS CDK (L2 Domain app)',
  'cdktf': 'CDK for Terraform (azurerm app)',
  'cdktf-aws': 'CDK for Terraform (Terraform-for-AWS app)',
};
const variantLabel = (variant: VariantName): string => {
  if (variant.endsWith('-bare')) return 'bare';
  if (variant.endsWith('-guard')) return 'SearchGuardrails.enforce';
  if (variant.endsWith('-nag')) return 'cdk-nag AwsSolutionsChecks';
  if (variant.endsWith('-noop')) return variant.startsWith('aws') ? 'no-op validations and plugin (mechanism floor)' : 'a no-op stack validation (mechanism floor)';
  return variant;
};

function stat(runs: readonly VariantRun[] | undefined, pick: (r: VariantRun) => number | undefined): number {
  return median((runs ?? []).map(pick).filter((v): v is number => v !== undefined));
}

function peakRss(runs: readonly VariantRun[]): number {
  return max(runs.map(r => r.child.maxRssKb ?? r.result.maxRssKb));
}

function section(results: BenchResults, app: SynthApp, scale: number): SynthSection | undefined {
  return results.synth.find(s => s.app === app && s.scale === scale);
}

function shapeText(run: VariantRun | undefined): string {
  if (!run) return '';
  const s = run.result.shape as Record<string, number>;
  return 'stacks' in s
    ? `${s.stacks} stacks x (${s.securityGroupsPerStack} SGs x 2 rules + ${s.domainsPerStack} ${run.result.variant.startsWith('aws-l2') ? 'L2 Domains, logging on' : 'CfnDomains'})`
    : 'securityGroups' in s
      ? `${s.securityGroups} security groups x ${s.rulesPerGroup} standalone rules + ${Math.ceil(s.securityGroups / s.groupsPerDomain)} domains`
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
  for (const app of SYNTH_APPS) {
    const s = section(results, app, baseScale);
    if (!s) continue;
    const bare = `${app}-bare` as VariantName;
    const guard = `${app}-guard` as VariantName;
    const cpu = (r: VariantRun) => r.result.synthCpuMs;
    const bareCpu = stat(s.runs.get(bare), cpu);
    const guardCpu = delta(s, guard, bare, cpu);
    const bareWall = stat(s.runs.get(bare), comparableSynthMs);
    const guardWall = delta(s, guard, bare, comparableSynthMs);
    const attributed = stat(s.runs.get(guard), r => r.result.guardMs);
    const mainCpu = (r: VariantRun) => r.result.synthMainThreadCpuMs ?? NaN;
    const guardMain = delta(s, guard, bare, mainCpu);
    const noop = `${app}-noop` as VariantName;
    out.push({
      target: `${APP_LABEL[app]}: the guard adds at most 5% to bare synthesis CPU (${baseScale}x)`,
      measured: `CPU ${signed(guardCpu / bareCpu, pct)} (${signed(guardCpu, ms)} ms of ${ms(bareCpu)} ms; main thread ${signed(guardMain, ms)} of ${ms(stat(s.runs.get(bare), mainCpu))} ms${s.runs.has(noop) ? `; ${app.startsWith('aws') ? 'do-nothing validations and validation plugin' : 'a do-nothing stack validation'} alone add ${signed(delta(s, noop, bare, cpu), ms)} ms` : ''}); wall ${signed(guardWall / bareWall, pct)} (${signed(guardWall, ms)} of ${ms(bareWall)} ms); in-guard time ${ms(attributed)} ms = ${pct(attributed / bareWall)} of bare wall`,
      met: guardCpu / bareCpu <= 0.05,
    });
    const nag = `${app}-nag` as VariantName;
    if (s.runs.has(nag)) {
      const nagCpu = delta(s, nag, bare, cpu);
      const nagWall = delta(s, nag, bare, comparableSynthMs);
      out.push({
        target: `${APP_LABEL[app]}: the guard adds at most a third of what cdk-nag 3 AwsSolutions adds`,
        measured: `CPU: guard ${signed(guardCpu, ms)} ms vs cdk-nag ${signed(nagCpu, ms)} ms = ${pct(guardCpu / nagCpu)}; wall: ${signed(guardWall, ms)} vs ${signed(nagWall, ms)} ms = ${pct(guardWall / nagWall)}`,
        met: guardCpu <= nagCpu / 3,
      });
    }
    const big = section(results, app, bigScale);
    if (big) {
      const bigCpu = delta(big, guard, bare, cpu);
      const bigAttributed = stat(big.runs.get(guard), r => r.result.guardMs);
      const growth = bigCpu / guardCpu;
      const attributedGrowth = bigAttributed / attributed;
      const factor = bigScale / baseScale;
      out.push({
        target: `${APP_LABEL[app]}: ${factor}x input, at most ${factor}x the guard's cost`,
        measured: `added CPU: ${ms(guardCpu)} -> ${ms(bigCpu)} ms (${x(growth)}); in-guard time: ${ms(attributed)} -> ${ms(bigAttributed)} ms (${x(attributedGrowth)})`,
        // The in-guard time decides alone when the subtraction is lost in noise (a negative delta).
        met: guardCpu > 0 && bigCpu > 0 ? growth <= factor && attributedGrowth <= factor : attributedGrowth <= factor,
      });
    }
  }
  for (const m of results.cli ?? []) {
    const ratio = median(m.scan.map(r => r.child.wallMs)) / median(m.floor.map(r => r.child.wallMs));
    out.push({
      target: `CLI: scan of ${m.input.name} within 2x of its parse floor`,
      measured: `${x(ratio)} (${ms(median(m.scan.map(r => r.child.wallMs)))} vs ${ms(median(m.floor.map(r => r.child.wallMs)))} ms)`,
      met: ratio <= 2,
    });
    const rss = max(m.scan.map(r => r.child.maxRssKb ?? NaN)) / max(m.floor.map(r => r.child.maxRssKb ?? NaN));
    out.push({
      target: `CLI: peak memory of the scan of ${m.input.name} at most 2x its floor's`,
      measured: `${x(rss)} (${mb(max(m.scan.map(r => r.child.maxRssKb ?? NaN)))} vs ${mb(max(m.floor.map(r => r.child.maxRssKb ?? NaN)))} MiB)`,
      met: Number.isFinite(rss) ? rss <= 2 : undefined,
    });
  }
  const heavy = (results.cli ?? []).filter(m => m.input.name.startsWith('path-heavy'));
  if (heavy.length === 2) {
    const [small, large] = [...heavy].sort((a, b) => a.input.resources - b.input.resources);
    const beyondFloor = (m: CliMeasurement) => median(m.scan.map(r => r.child.wallMs)) - median(m.floor.map(r => r.child.wallMs));
    const factor = large.input.resources / small.input.resources;
    const growth = beyondFloor(large) / beyondFloor(small);
    const whole = median(large.scan.map(r => r.child.wallMs)) / median(small.scan.map(r => r.child.wallMs));
    out.push({
      target: `CLI: path-heavy input, ${factor.toFixed(1)}x the input in at most ${factor.toFixed(1)}x the time`,
      measured: `time beyond the parse floor ${ms(beyondFloor(small))} -> ${ms(beyondFloor(large))} ms (${x(growth)}); whole scan ${x(whole)}`,
      met: growth <= factor,
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
    '"of it main thread" is the part of synth CPU the main thread used (/proc, 10 ms ticks); the rest is V8\'s worker threads (concurrent compilation, concurrent GC marking), which grows with what the main thread allocates and runs hot;',
    '"construct+synth" adds building the app; "load" is `require()` of the framework plus the guard or cdk-nag.',
    '"in guard" is the wall time spent inside the guard\'s own calls (enforce, its aspects, construct validations and validation plugin, framework work they trigger included), measured in a second run of the same variant in the same round (the timer wraps thousands of calls and costs CPU of its own, so the synth times and CPU of a guard variant come from a run without it).',
    '"built-in CFN validation" (AWS) is the time left in aws-cdk-lib\'s own CloudFormation template validation (a WebAssembly Rego engine it runs on every synthesis since 2.262): every AWS child replaces it with a no-op, since it does the same seconds of work in every variant, so this column stays near 0 and shows the replacement held.',
    'Peak RSS is the largest maximum resident set size of the runs (`/usr/bin/time -v`, else `process.resourceUsage().maxRSS`).', '');

  push('## Targets', '', '| target | measured | met |', '|---|---|---|');
  for (const v of verdicts(results)) push(`| ${v.target} | ${v.measured} | ${v.met === undefined ? 'n/a' : v.met ? 'yes' : '**no**'} |`);
  push('');

  for (const app of SYNTH_APPS) {
    const sections = results.synth.filter(s => s.app === app);
    if (!sections.length) continue;
    push(`## Synthesis: ${APP_LABEL[app]}`, '');
    const cfn = app.startsWith('aws');
    push(`| scale | app | variant | runs | resources | synth | synth CPU | of it main thread | construct+synth | load | in guard |${cfn ? ' built-in CFN validation | synth without it |' : ''} vs bare (synth) | vs bare (construct+synth) |${cfn ? ' vs bare (synth without it) |' : ''} peak RSS MiB |`,
      `|---|---|---|---|---|---|---|---|---|---|---|${cfn ? '---|---|' : ''}---|---|${cfn ? '---|' : ''}---|`);
    for (const s of sections) {
      const bare = `${app}-bare` as VariantName;
      for (const [variant, runs] of s.runs) {
        const synth = stat(runs, r => r.result.synthMs);
        const both = stat(runs, r => r.result.constructAndSynthMs);
        const bareSynth = stat(s.runs.get(bare), r => r.result.synthMs);
        const bareBoth = stat(s.runs.get(bare), r => r.result.constructAndSynthMs);
        const vs = (a: number, b: number) => (variant === bare ? '' : `${a - b >= 0 ? '+' : ''}${ms(a - b)} (${a - b >= 0 ? '+' : ''}${pct((a - b) / b)})`);
        push(`| ${s.scale}x | ${shapeText(runs[0])} | ${variantLabel(variant)} | ${runs.length} | ${runs[0]?.result.resources ?? ''} | ${ms(synth)} (${ms(Math.min(...runs.map(r => r.result.synthMs)))}-${ms(Math.max(...runs.map(r => r.result.synthMs)))}) | ${ms(stat(runs, r => r.result.synthCpuMs))} | ${ms(stat(runs, r => r.result.synthMainThreadCpuMs ?? NaN))} | ${ms(both)} | ${ms(stat(runs, r => r.result.loadMs))} | ${variant.endsWith('guard') ? ms(stat(runs, r => r.result.guardMs)) : ''} |${cfn ? ` ${ms(stat(runs, r => r.result.cfnValidateMs))} | ${ms(stat(runs, comparableSynthMs))} |` : ''} ${vs(synth, bareSynth)} | ${vs(both, bareBoth)} |${cfn ? ` ${vs(stat(runs, comparableSynthMs), stat(s.runs.get(bare), comparableSynthMs))} |` : ''} ${mb(peakRss(runs))} |`);
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
