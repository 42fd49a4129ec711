/** Command-line options of `npm run bench` (see bench/README.md). */

export type Section = 'aws' | 'cdktf' | 'cli';

export interface BenchOptions {
  /** Smoke run: smaller apps, one round; writes bench/out/results-quick.md, not bench/results.md. */
  readonly quick: boolean;
  /** Rounds of the 1x synthesis comparison. */
  readonly rounds: number;
  /** Rounds at 10x (bare and guarded only). */
  readonly rounds10x: number;
  /** Rounds of the CLI comparison. */
  readonly cliRounds: number;
  readonly sections: ReadonlySet<Section>;
  /** One extra `--cpu-prof` run of each guarded 1x variant, summarized in the results. */
  readonly profile: boolean;
  /** The CLI entry point to run; default lib/cli/main.js when it is newer than src/, else the bench build. */
  readonly cli?: string;
  /** Base scale (1 = the sizes) and the scaling factor. */
  readonly baseScale: number;
  readonly bigScale: number;
  /** Resources in the CLI inputs. */
  readonly cliResources: number;
}

const USAGE = 'npm run bench -- [--quick] [--rounds N] [--rounds-10x N] [--cli-rounds N] [--only aws,cdktf,cli] [--profile] [--cli <main.js>]';

export function parseOptions(argv: readonly string[]): BenchOptions {
  const quick = argv.includes('--quick');
  const value = (flag: string): string | undefined => {
    const i = argv.indexOf(flag);
    if (i < 0) return undefined;
    const v = argv[i + 1];
    if (v === undefined || v.startsWith('--')) throw new Error(`${flag} needs a value. Usage: ${USAGE}`);
    return v;
  };
  const count = (flag: string, fallback: number): number => {
    const v = value(flag);
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} ${v}: give a whole number of at least 1. Usage: ${USAGE}`);
    return n;
  };
  const known = new Set(['--quick', '--rounds', '--rounds-10x', '--cli-rounds', '--only', '--profile', '--cli']);
  for (const arg of argv) {
    if (arg.startsWith('--') && !known.has(arg)) throw new Error(`unknown option ${arg}. Usage: ${USAGE}`);
  }
  const only = value('--only');
  const sections = new Set<Section>();
  for (const s of (only ?? 'aws,cdktf,cli').split(',')) {
    if (s !== 'aws' && s !== 'cdktf' && s !== 'cli') throw new Error(`--only ${only}: sections are aws, cdktf and cli. Usage: ${USAGE}`);
    sections.add(s);
  }
  return {
    quick,
    rounds: count('--rounds', quick ? 1 : 5),
    rounds10x: count('--rounds-10x', quick ? 1 : 2),
    cliRounds: count('--cli-rounds', quick ? 2 : 5),
    sections,
    profile: argv.includes('--profile'),
    cli: value('--cli'),
    baseScale: quick ? 0.2 : 1,
    bigScale: quick ? 2 : 10,
    cliResources: quick ? 1200 : 10000,
  };
}
