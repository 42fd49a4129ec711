/**
 * What a guard adds to synthesis, in instructions instead of seconds: each variant runs under
 * `valgrind --tool=callgrind` (which counts every instruction executed) with `node --predictable`
 * (V8's deterministic mode: no concurrent compiler or GC threads, so their work is counted on the one
 * thread, and no decision depends on a clock), once with `app.synth()` and once without
 * (`BENCH_SKIP_SYNTH=1`, the same process up to construction). Synthesis = the difference. Counts of
 * the same run repeat to about 0.001% whatever else the machine runs (with `--single-threaded` alone, GC
 * decisions still follow the clock and counts moved by 1-2%), where CPU times of the same synthesis vary
 * by 30-50% between runs on this shared machine. They are a proxy for CPU time: an instruction of
 * TurboFan and one that misses the cache count alike.
 *
 *   npx ts-node --transpile-only -e "require('./bench/harness/build').buildForBenchmark()"
 *   node bench/out/build/bench/experiments/instructions.js aws-bare aws-noop aws-guard      # about 6 min
 *   node bench/out/build/bench/experiments/instructions.js --scale 10 aws-bare aws-guard
 *
 * The first variant named is the baseline of the "added" column. `--keep` keeps the callgrind files. Needs valgrind (Debian: `apt-get install
 * valgrind`).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { VARIANTS, VariantName } from '../harness/variants';

interface Count {
  readonly variant: VariantName;
  readonly withSynth: number;
  readonly constructOnly: number;
}

function main(): void {
  const args = process.argv.slice(2);
  const scaleAt = args.indexOf('--scale');
  const scale = scaleAt >= 0 ? Number(args.splice(scaleAt, 2)[1]) : 1;
  const keepAt = args.indexOf('--keep');
  const keep = keepAt >= 0 && args.splice(keepAt, 1).length > 0;
  const variants = args as VariantName[];
  const unknownVariant = variants.find(v => !VARIANTS.includes(v));
  if (!variants.length || unknownVariant || !(scale > 0)) {
    throw new Error(`usage: instructions.js [--scale N] [--keep] <variant>... (${unknownVariant ? `unknown variant ${unknownVariant}; ` : ''}variants: ${VARIANTS.join(', ')})`);
  }
  if (spawnSync('valgrind', ['--version']).status !== 0) {
    throw new Error('valgrind is not installed: apt-get install valgrind');
  }
  // BENCH_BUILD: another transpiled copy of src and bench inside the repository (an A/B of two commits).
  const variantJs = path.join(process.env.BENCH_BUILD ? path.resolve(process.env.BENCH_BUILD) : path.join(__dirname, '..', '..'), 'bench', 'variant.js');
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-instructions-'));
  const counts: Count[] = [];
  for (const variant of variants) {
    const run = (skipSynth: boolean): number => {
      const tag = `${variant}-${scale}x-${skipSynth ? 'construct' : 'synth'}`;
      const log = path.join(work, `${tag}.valgrind.log`);
      const child = spawnSync('valgrind', [
        '--tool=callgrind', `--callgrind-out-file=${path.join(work, `${tag}.callgrind`)}`, `--log-file=${log}`,
        process.execPath, '--predictable', variantJs, variant, String(scale),
      ], {
        env: {
          ...process.env,
          BENCH_OUTDIR: path.join(work, tag),
          BENCH_RESULT: path.join(work, `${tag}.json`),
          BENCH_GUARD_TIMER: '0',
          BENCH_SKIP_SYNTH: skipSynth ? '1' : '0',
          BENCH_SKIP_COUNT: '1',
        },
        stdio: ['ignore', 'ignore', 'pipe'],
        maxBuffer: 64 * 1024 * 1024,
      });
      const collected = /Collected : (\d+)/.exec(fs.existsSync(log) ? fs.readFileSync(log, 'utf-8') : '');
      if (child.status !== 0 || !collected) {
        throw new Error(`${tag} failed (exit ${child.status}): ${child.stderr?.toString().slice(0, 800)}`);
      }
      const result = JSON.parse(fs.readFileSync(path.join(work, `${tag}.json`), 'utf-8'));
      if (result.synthError && !variant.endsWith('nag')) throw new Error(`${tag}: synthesis failed: ${result.synthError}`);
      process.stderr.write(`${tag}: ${Number(collected[1]).toLocaleString('en-US')} instructions\n`);
      return Number(collected[1]);
    };
    counts.push({ variant, constructOnly: run(true), withSynth: run(false) });
  }
  const millions = (n: number) => (n / 1e6).toLocaleString('en-US', { maximumFractionDigits: 0 });
  const base = counts[0];
  const baseSynth = base.withSynth - base.constructOnly;
  const lines = [
    `Instructions (millions), scale ${scale}x, node ${process.version} --predictable, callgrind; baseline ${base.variant}.`,
    '',
    '| variant | whole process | up to construction | synthesis | vs baseline synthesis |',
    '|---|---|---|---|---|',
    ...counts.map(c => {
      const synth = c.withSynth - c.constructOnly;
      const added = synth - baseSynth;
      const vs = c === base ? '' : `${added >= 0 ? '+' : ''}${millions(added)} (${added >= 0 ? '+' : ''}${(100 * added / baseSynth).toFixed(1)}%)`;
      return `| ${c.variant} | ${millions(c.withSynth)} | ${millions(c.constructOnly)} | ${millions(synth)} | ${vs} |`;
    }),
  ];
  console.log(lines.join('\n'));
  // --keep: the callgrind files stay, for `callgrind_annotate` (what kind of work the difference is).
  if (keep) console.log(`\ncallgrind files: ${work}`);
  else fs.rmSync(work, { recursive: true, force: true });
}

try {
  main();
} catch (e) {
  console.error((e as Error).message);
  process.exitCode = 1;
}
