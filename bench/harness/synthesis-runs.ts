/**
 * Runs synthesis variants, each in a fresh Node process (no module cache or JIT state shared
 * between variants), in alternating order, and checks that each behaved as the benchmark assumes.
 */
import * as fs from 'fs';
import * as path from 'path';
import { BUILD_ROOT, OUT_ROOT } from './build';
import { ChildRun, runChild } from './child-process';
import { alternatingOrder } from './stats';
import { VariantName, VariantResult } from './variants';

export interface VariantRun {
  readonly result: VariantResult;
  readonly child: ChildRun;
  readonly round: number;
}

const VARIANT_JS = path.join(BUILD_ROOT, 'bench', 'variant.js');
let sequence = 0;

/** One variant in a fresh process; throws when it did not behave as the benchmark requires. */
export function runVariant(variant: VariantName, scale: number, extraNodeArgs: readonly string[] = [], timeGuard = true):
{ result: VariantResult; child: ChildRun; outdir: string } {
  const id = `${String(++sequence).padStart(3, '0')}-${variant}-${scale}x`;
  const outdir = path.join(OUT_ROOT, 'tmp', id);
  const logPrefix = path.join(OUT_ROOT, 'logs', id);
  const resultFile = `${logPrefix}.result.json`;
  fs.rmSync(outdir, { recursive: true, force: true });
  // cdktf's App creates its outdir without `recursive`.
  fs.mkdirSync(path.dirname(outdir), { recursive: true });
  const env: NodeJS.ProcessEnv = { ...process.env, BENCH_OUTDIR: outdir, BENCH_RESULT: resultFile, BENCH_GUARD_TIMER: timeGuard ? '1' : '0' };
  // NODE_ENV=test would switch aws-cdk-lib's validation reporting to its in-memory (test) mode.
  delete env.NODE_ENV;
  const child = runChild(process.execPath, [...extraNodeArgs, VARIANT_JS, variant, String(scale)], { env, logPrefix });
  if (!fs.existsSync(resultFile)) {
    throw new Error(`${variant} at ${scale}x exited with ${child.exitCode} and no result; see ${path.relative(process.cwd(), child.stderrFile)}`);
  }
  const result: VariantResult = JSON.parse(fs.readFileSync(resultFile, 'utf-8'));
  if (variant !== 'aws-emit-cdk-out') fs.rmSync(outdir, { recursive: true, force: true });
  checkBehaviour(result);
  return { result, child, outdir };
}


/** The apps are clean: bare and guarded synthesis must pass; the canaries must fail on the guard. */
function checkBehaviour(result: VariantResult): void {
  const canary = result.variant.endsWith('-canary');
  if (canary && !/public-ingress/.test(result.synthError ?? '')) {
    throw new Error(`${result.variant}: the guard did not fail synthesis of an app with a public rule (${result.synthError ?? 'synthesis passed'}); the guard is not active and its timings would mean nothing.`);
  }
  if (!canary && !result.variant.endsWith('-nag') && result.synthError !== undefined) {
    throw new Error(`${result.variant} at ${result.scale}x: synthesis failed, but the generated app is clean: ${result.synthError.slice(0, 600)}`);
  }
}

/** `rounds` rounds of `variants` at `scale`, order alternating per round. */
export function runAlternating(variants: readonly VariantName[], scale: number, rounds: number,
  log: (line: string) => void): Map<VariantName, VariantRun[]> {
  const runs = new Map<VariantName, VariantRun[]>(variants.map(v => [v, []]));
  alternatingOrder(variants, rounds).forEach((order, round) => {
    for (const variant of order) {
      const { result, child } = measuredRun(variant, scale);
      runs.get(variant)!.push({ result, child, round });
      log(`${variant} ${scale}x round ${round + 1}/${rounds}: synth ${fmtMs(result.synthMs)}, construct+synth ${fmtMs(result.constructAndSynthMs)}`
        + `${result.guardMs !== undefined ? `, in guard ${fmtMs(result.guardMs)}` : ''}${result.synthError ? ' (synth threw, as cdk-nag does on findings)' : ''}`);
    }
  });
  return runs;
}

/**
 * One measured run of `variant`. A guard variant synthesizes twice, in two fresh processes: once
 * without the in-guard timer (its synth times and CPU are the ones compared: the timer wraps every
 * aspect visit and validation the guard registers, thousands of calls that cost CPU of their own), and
 * once with it, for the "in guard" time alone.
 */
function measuredRun(variant: VariantName, scale: number): { result: VariantResult; child: ChildRun } {
  if (!/-guard$/.test(variant)) return runVariant(variant, scale);
  const untimed = runVariant(variant, scale, [], false);
  const timed = runVariant(variant, scale, [], true).result;
  return { child: untimed.child, result: { ...untimed.result, guardMs: timed.guardMs, guardCalls: timed.guardCalls } };
}

export function fmtMs(ms: number): string {
  return `${Math.round(ms).toLocaleString('en-US')} ms`;
}
