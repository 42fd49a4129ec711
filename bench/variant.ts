/* eslint-disable @typescript-eslint/no-require-imports -- modules are required inside the timed sections on purpose */
/* eslint-disable import/no-extraneous-dependencies -- benchmark tooling uses devDependencies (cdk-nag) */
/**
 * One benchmark variant in a fresh process: `node bench/out/build/bench/variant.js <variant> <scale>`.
 * Times module loading, construction and `app.synth()` separately and writes one JSON result to
 * the file named by BENCH_RESULT (stdout and stderr belong to the frameworks: cdk-nag prints its
 * report there). The cloud assembly goes to BENCH_OUTDIR.
 */
import * as fs from 'fs';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { awsShape, buildAwsApp, AwsAppShape } from './apps/aws-app';
import { awsL2Shape, buildAwsL2App } from './apps/aws-l2-app';
import { buildCdktfApp, cdktfShape } from './apps/cdktf-app';
import { buildCdktfAwsApp, cdktfAwsShape } from './apps/cdktf-aws-app';
import { GuardTimer } from './harness/guard-timer';
import { VariantName, VariantResult, VARIANTS } from './harness/variants';

/** One stack of the CLI's cdk.out (392 SGs + 8 domains = 400 resources), replicated by inputs/cdk-out.ts. */
export const CDK_OUT_SHAPE: AwsAppShape = { stacks: 1, securityGroupsPerStack: 392, domainsPerStack: 8 };

function main(): void {
  const bootMs = performance.now();
  const [name, scaleArg] = process.argv.slice(2) as [VariantName, string];
  if (!VARIANTS.includes(name)) throw new Error(`unknown variant ${name}; use one of ${VARIANTS.join(', ')}`);
  const scale = Number(scaleArg ?? '1');
  const outdir = process.env.BENCH_OUTDIR ?? path.join(__dirname, '..', '..', 'tmp', `${name}-${process.pid}`);
  const resultFile = process.env.BENCH_RESULT;

  const t0 = performance.now();
  const run = name.startsWith('cdktf') ? prepareCdktf(name, scale, outdir) : prepareAws(name, scale, outdir);
  const t1 = performance.now();
  const app = run.construct();
  const t2 = performance.now();
  const cpu = process.cpuUsage();
  const mainTicks = mainThreadCpuMs();
  let synthError: string | undefined;
  try {
    // BENCH_SKIP_SYNTH=1: construction only, the baseline that bench/experiments/instructions.ts subtracts.
    if (process.env.BENCH_SKIP_SYNTH !== '1') app.synth();
  } catch (e) {
    synthError = (e as Error).message ?? String(e);
  }
  const t3 = performance.now();
  const synthCpu = process.cpuUsage(cpu);
  const mainTicksAfter = mainThreadCpuMs();

  const result: VariantResult = {
    variant: name,
    scale,
    shape: run.shape,
    bootMs,
    loadMs: t1 - t0,
    constructMs: t2 - t1,
    synthMs: t3 - t2,
    constructAndSynthMs: t3 - t1,
    synthCpuMs: (synthCpu.user + synthCpu.system) / 1000,
    synthMainThreadCpuMs: mainTicks !== undefined && mainTicksAfter !== undefined ? mainTicksAfter - mainTicks : undefined,
    guardMs: run.timer?.ms,
    guardCalls: run.timer?.calls,
    cfnValidateMs: run.cfnValidate?.ms,
    // BENCH_SKIP_COUNT=1: no reading of the output after synthesis (instruction counts of the synthesis alone).
    resources: process.env.BENCH_SKIP_COUNT === '1' ? 0 : countResources(outdir, name.startsWith('cdktf')),
    synthError: synthError?.slice(0, 2000),
    guardSource: run.guardSource,
    maxRssKb: process.resourceUsage().maxRSS,
  };
  const json = JSON.stringify(result);
  if (resultFile) fs.writeFileSync(resultFile, json);
  else process.stdout.write(`${json}\n`);
}

interface PreparedRun {
  readonly shape: object;
  readonly guardSource?: string;
  /** Time attributed to the guard's own calls (guard variants only). */
  readonly timer?: GuardTimer;
  /** Time in aws-cdk-lib's built-in CloudFormation validation plugin (AWS variants). */
  readonly cfnValidate?: GuardTimer;
  construct(): { synth(): unknown };
}

function prepareAws(name: VariantName, scale: number, outdir: string): PreparedRun {
  const cdk: typeof import('aws-cdk-lib') = require('aws-cdk-lib');
  const l2 = name.startsWith('aws-l2');
  const kind = name.replace(/^aws-(l2-)?/, '');
  const guard = kind.startsWith('guard') ? require('../src/aws') : undefined;
  const nag = kind === 'nag' ? require('cdk-nag') : undefined;
  const canary = kind === 'guard-canary';
  const shape = name === 'aws-emit-cdk-out' ? CDK_OUT_SHAPE : { ...(l2 ? awsL2Shape(scale) : awsShape(scale)), openRule: canary };
  if (guard && typeof guard.SearchGuardrails?.enforce !== 'function') throw new Error('src/aws/index.ts exports no SearchGuardrails.enforce');
  const timer = guard && timed() ? new GuardTimer() : undefined;
  timer?.hookRegistrations(cdk.Aspects, cdk.Validations);
  // aws-cdk-lib 2.262 runs its own template validation (a Rego engine in WebAssembly) on every
  // synthesis, with no switch to turn it off. It does the same seconds of work in every variant (none
  // changes a template), so every child replaces its singleton with a no-op: its noise leaves every
  // variant alike. (aws-cdk-lib core/lib/private/synthesis-validation.js, pluginsToEvaluate: it adds
  // `CloudFormationValidatePlugin._singletonInstance()` unless the user registered one.)
  const noop = { name: 'CloudFormation Validate', validate: () => ({ success: true, violations: [] }) };
  (cdk.CloudFormationValidatePlugin as any)._singletonInstance = () => noop;
  const cfnValidate = new GuardTimer();
  cfnValidate.wrapMethod(noop, 'validate');
  return {
    shape,
    timer,
    cfnValidate,
    guardSource: guard ? 'src/aws/index.ts' : undefined,
    construct: () => {
      // The CLI's cdk.out holds exactly the generated resources: no CDKMetadata resource.
      const app = new cdk.App({ outdir, analyticsReporting: name !== 'aws-emit-cdk-out' });
      if (l2) buildAwsL2App(app, shape);
      else buildAwsApp(app, shape);
      // After building, so the timer sees every registration (the guard covers later stacks too).
      if (guard) inGuard(timer, () => guard.SearchGuardrails.enforce(app));
      if (nag) cdk.Validations.of(app).addPlugins(new nag.AwsSolutionsChecks(app));
      if (kind === 'noop') {
        // What aws-cdk-lib charges for the guard's mechanism alone: a validation on the App and on
        // each stack that finds nothing, and a validation plugin that finds nothing.
        app.node.addValidation({ validate: () => [] });
        for (const stack of app.node.children.filter(c => cdk.Stack.isStack(c))) stack.node.addValidation({ validate: () => [] });
        cdk.Validations.of(app).addPlugins({ name: 'noop', validate: () => ({ success: true, violations: [] }) });
      }
      return app;
    },
  };
}

function prepareCdktf(name: VariantName, scale: number, outdir: string): PreparedRun {
  const cdktf: typeof import('cdktf') = require('cdktf');
  // cdktf-aws-*: the Terraform-for-AWS app, guarded by search-guardrails/cdktf (no azurerm provider).
  const awsApp = name.startsWith('cdktf-aws');
  let guardSource: string | undefined;
  let guard: any;
  if (/^cdktf-(aws-)?guard/.test(name)) {
    if (awsApp) {
      guard = require('../src/cdktf').SearchGuardrails;
      guardSource = 'src/cdktf/index.ts';
    } else {
      guard = require('../src/azure').SearchGuardrails;
      guardSource = 'src/azure/index.ts';
    }
    if (typeof guard?.enforce !== 'function') throw new Error(`${guardSource} exports no SearchGuardrails.enforce`);
  }
  const openRule = name.endsWith('-canary');
  const shape = awsApp ? { ...cdktfAwsShape(scale), openRule } : { ...cdktfShape(scale), openRule };
  const timer = guard && timed() ? new GuardTimer() : undefined;
  timer?.hookRegistrations(cdktf.Aspects);
  return {
    shape,
    timer,
    guardSource,
    construct: () => {
      const app = new cdktf.App({ outdir });
      if (awsApp) buildCdktfAwsApp(app, shape as ReturnType<typeof cdktfAwsShape>);
      else buildCdktfApp(app, shape as ReturnType<typeof cdktfShape>);
      // After building: stacks that exist are guarded inside enforce, where the timer sees it.
      if (guard) inGuard(timer, () => guard.enforce(app));
      if (name.endsWith('-noop')) {
        // What cdktf charges for the guard's mechanism alone: per stack, a validation that finds
        // nothing (the guard adds no aspect).
        for (const stack of app.node.children.filter(c => cdktf.TerraformStack.isStack(c))) {
          stack.node.addValidation({ validate: () => [] });
        }
      }
      return app;
    },
  };
}

/** CPU time of the main thread so far (utime + stime of /proc/self/task/<pid>/stat, 10 ms ticks), or undefined. */
function mainThreadCpuMs(): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf-8');
    // Fields after the command name in parentheses: state is field 3, utime 14 and stime 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

/**
 * Whether this run times the guard's own calls (BENCH_GUARD_TIMER, default on). The timer wraps every
 * aspect visit and validation the guard registers (thousands of calls), which costs CPU of its own:
 * the synthesis comparisons run the guard without it, and the "in guard" column comes from timed runs.
 */
function timed(): boolean {
  return process.env.BENCH_GUARD_TIMER !== '0';
}

function inGuard(timer: GuardTimer | undefined, fn: () => void): void {
  if (timer) timer.time(fn);
  else fn();
}

/** Resources in what synthesis wrote (not timed). */
function countResources(outdir: string, terraform: boolean): number {
  let count = 0;
  const walk = (dir: string): void => {
    if (!fs.existsSync(dir)) return;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {walk(full);} else if (terraform ? entry.name === 'cdk.tf.json' : entry.name.endsWith('.template.json')) {
        const json = JSON.parse(fs.readFileSync(full, 'utf-8'));
        count += terraform
          ? Object.values<Record<string, unknown>>(json.resource ?? {}).reduce((n, byName) => n + Object.keys(byName).length, 0)
          : Object.keys(json.Resources ?? {}).length;
      }
    }
  };
  walk(outdir);
  return count;
}

main();
