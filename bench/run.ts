/**
 * `npm run bench`: synthesis overhead of the guards (against bare synthesis and cdk-nag), how the
 * guard's cost scales from 1x to 10x, and CLI throughput against a JSON.parse floor.
 * Writes bench/results.md (bench/out/results-quick.md with --quick). See bench/README.md.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { BUILD_ROOT, buildForBenchmark, OUT_ROOT, REPO_ROOT } from './harness/build';
import { runChild } from './harness/child-process';
import { prepareAwsHcl, prepareAwsPlan, prepareAzureHcl, prepareAzureTerraformJson, prepareCdkOut, preparePathHeavy, preparePlan } from './harness/cli-inputs';
import { CliMeasurement, measureCli } from './harness/cli-runs';
import { describeMachine, loadAverage } from './harness/machine';
import { parseOptions } from './harness/options';
import { guardBreakdown, inclusiveBreakdown } from './harness/profile-summary';
import { BenchResults, ProfileSummary, renderResults, SYNTH_APPS, SynthSection, verdicts } from './harness/report';
import { runAlternating, runVariant } from './harness/synthesis-runs';
import { VariantName } from './harness/variants';

function main(): void {
  // `npm run bench` goes through projen, which does not pass arguments on: BENCH_OPTIONS does.
  const argv = [...process.argv.slice(2), ...(process.env.BENCH_OPTIONS ?? '').split(/\s+/).filter(Boolean)];
  const options = parseOptions(argv);
  const startedAt = new Date();
  const t0 = performance.now();
  const log = (line: string) => {
    const s = Math.round((performance.now() - t0) / 1000);
    console.log(`[${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}] ${line}`);
  };
  const notes: string[] = [];
  const loadAtStart = loadAverage();
  log(`load average ${loadAtStart} on ${os.cpus().length} cores`);
  if (os.loadavg()[0] > os.cpus().length) {
    const warning = `The machine was busy when the run started (1-minute load ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores): absolute times are inflated; the alternating order keeps the ratios comparable.`;
    log(`warning: ${warning}`);
    notes.push(warning);
  }

  for (const dir of ['logs', 'tmp']) fs.rmSync(path.join(OUT_ROOT, dir), { recursive: true, force: true });
  log(`transpiled ${buildForBenchmark()} files of src/ and bench/ to ${path.relative(REPO_ROOT, BUILD_ROOT)}`);

  const synth: SynthSection[] = [];
  const { baseScale, bigScale } = options;
  // Section `aws` runs both AWS apps (CfnDomain and L2 Domain).
  const apps = SYNTH_APPS.filter(a => options.sections.has(a.startsWith('aws') ? 'aws' : 'cdktf'));
  for (const app of apps) {
    // Proof that the guard is live in this harness: the same app with one public rule must fail.
    const canary = runVariant(`${app}-guard-canary` as VariantName, 0.2);
    log(`${app} canary: synthesis failed with public-ingress as it must (${canary.result.guardSource})`);
  }
  for (const app of apps) {
    const variants = [`${app}-bare`, `${app}-guard`, `${app}-noop`, ...(app.startsWith('aws') ? [`${app}-nag`] : [])] as VariantName[];
    synth.push({ app, scale: baseScale, runs: runAlternating(variants, baseScale, options.rounds, log) });
  }
  for (const app of apps) {
    const variants: VariantName[] = [`${app}-bare` as VariantName, `${app}-guard` as VariantName];
    synth.push({ app, scale: bigScale, runs: runAlternating(variants, bigScale, options.rounds10x, log) });
  }

  const profiles: ProfileSummary[] = [];
  if (options.profile) {
    for (const app of apps) {
      const variant = `${app}-guard` as VariantName;
      const dir = path.join(OUT_ROOT, 'profiles', `${variant}-${Date.now()}`);
      runVariant(variant, baseScale, ['--cpu-prof', '--cpu-prof-dir', dir]);
      const file = path.join(dir, fs.readdirSync(dir).find(f => f.endsWith('.cpuprofile'))!);
      profiles.push({ title: `${variant} at ${baseScale}x`, file: path.relative(REPO_ROOT, file), ...guardBreakdown(file, 14) });
      log(`profiled ${variant}: ${path.relative(REPO_ROOT, file)}`);
    }
  }

  let cli: CliMeasurement[] | undefined;
  let cliEntry: string | undefined;
  if (options.sections.has('cli')) {
    cliEntry = chooseCliEntry(options.cli, notes);
    if (cliEntry) {
      const inputs = [
        prepareCdkOut(options.cliResources, log),
        preparePlan(options.cliResources),
        prepareAzureTerraformJson(options.cliResources),
        prepareAzureHcl(options.cliResources),
        prepareAwsHcl(options.cliResources),
        prepareAwsPlan(options.cliResources),
        preparePathHeavy(options.quick ? 0.2 : 1),
        preparePathHeavy(options.quick ? 2 : 10),
      ];
      for (const input of inputs) log(`CLI input ${input.name}: ${input.resources} resources, ${(input.bytes / 2 ** 20).toFixed(1)} MiB`);
      cli = measureCli(cliEntry, inputs, options.cliRounds, log);
      if (options.profile) {
        for (const input of inputs) {
          const dir = path.join(OUT_ROOT, 'profiles', `scan-${Date.now()}`);
          runChild(process.execPath, ['--cpu-prof', '--cpu-prof-dir', dir, cliEntry, 'scan', input.scanPath, '--format', 'json'], { logPrefix: path.join(OUT_ROOT, 'logs', `profile-scan-${path.basename(dir)}`) });
          const file = path.join(dir, fs.readdirSync(dir).find(f => f.endsWith('.cpuprofile'))!);
          const project = new RegExp(`^(file://)?(${escape(path.join(REPO_ROOT, 'lib'))}|${escape(path.join(BUILD_ROOT, 'src'))})/`);
          profiles.push({ title: `scan of ${input.name}`, file: path.relative(REPO_ROOT, file), ...inclusiveBreakdown(file, project, 16) });
          log(`profiled the scan of ${input.name}: ${path.relative(REPO_ROOT, file)}`);
        }
      }
    }
  }

  const results: BenchResults = {
    options,
    argv,
    machine: describeMachine(),
    startedAt,
    finishedAt: new Date(),
    loadAtStart,
    loadAtEnd: loadAverage(),
    synth,
    cli,
    cliEntry: cliEntry && path.relative(REPO_ROOT, cliEntry),
    profiles,
    notes,
    source: describeSource(),
  };
  const markdown = renderResults(results);
  const target = options.quick || argv.includes('--only') ? path.join(OUT_ROOT, 'results-partial.md') : path.join(REPO_ROOT, 'bench', 'results.md');
  fs.writeFileSync(target, markdown);
  fs.writeFileSync(path.join(OUT_ROOT, 'results.json'), JSON.stringify({ ...results, synth: synth.map(s => ({ ...s, runs: Object.fromEntries(s.runs) })) }, undefined, 2));
  console.log(`\n${markdown}`);
  log(`wrote ${path.relative(REPO_ROOT, target)}`);
  const missed = verdicts(results).filter(v => v.met === false);
  if (missed.length) log(`targets missed: ${missed.map(v => v.target).join('; ')}`);
}

/** lib/cli/main.js (the shipped bin) when it is newer than every source file; else the bench build of the same sources. */
function chooseCliEntry(given: string | undefined, notes: string[]): string | undefined {
  if (given) return path.resolve(given);
  if (!fs.existsSync(path.join(REPO_ROOT, 'src', 'cli', 'main.ts'))) {
    notes.push('CLI throughput not measured: src/cli/main.ts does not exist yet.');
    return undefined;
  }
  const lib = path.join(REPO_ROOT, 'lib', 'cli', 'main.js');
  const newestSource = newestMtime(path.join(REPO_ROOT, 'src'));
  if (fs.existsSync(lib) && newestMtime(path.join(REPO_ROOT, 'lib')) >= newestSource) return lib;
  notes.push('lib/ was older than src/ when the benchmark ran, so the CLI ran from the benchmark\'s own transpiled copy of the same sources (bench/out/build/src/cli/main.js).');
  return path.join(BUILD_ROOT, 'src', 'cli', 'main.js');
}

/** `commit abc1234 (2 files under src/ changed since)`; undefined outside a git checkout. */
function describeSource(): string | undefined {
  const git = (...args: string[]) => spawnSync('git', args, { cwd: REPO_ROOT, encoding: 'utf-8' });
  const head = git('rev-parse', '--short', 'HEAD');
  if (head.status !== 0) return undefined;
  const changed = git('status', '--porcelain', '--', 'src').stdout.split('\n').filter(Boolean).length;
  return `commit ${head.stdout.trim()}${changed ? ` (${changed} file${changed === 1 ? '' : 's'} under src/ changed since)` : ''}`;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

try {
  main();
} catch (e) {
  console.error(`bench: ${(e as Error).message}`);
  process.exitCode = 1;
}
