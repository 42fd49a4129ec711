/** The variants a child process can run, and what it reports. */

export const VARIANTS = [
  'aws-bare', 'aws-guard', 'aws-nag', 'aws-noop', 'aws-guard-canary', 'aws-emit-cdk-out',
  'aws-l2-bare', 'aws-l2-guard', 'aws-l2-nag', 'aws-l2-noop', 'aws-l2-guard-canary',
  'cdktf-bare', 'cdktf-guard', 'cdktf-noop', 'cdktf-guard-canary',
  'cdktf-aws-bare', 'cdktf-aws-guard', 'cdktf-aws-noop', 'cdktf-aws-guard-canary',
] as const;

export type VariantName = typeof VARIANTS[number];

export interface VariantResult {
  readonly variant: VariantName;
  readonly scale: number;
  readonly shape: object;
  /** Node start-up until the variant's first line (not part of any comparison). */
  readonly bootMs: number;
  /** require() of the framework, and of the guard or cdk-nag for those variants. */
  readonly loadMs: number;
  /** new App(), enforce / addPlugins, building every stack. */
  readonly constructMs: number;
  /** app.synth() only (aspects, prepare, validation, writing the assembly, validation plugins). */
  readonly synthMs: number;
  readonly constructAndSynthMs: number;
  /** CPU time (user + system, all threads) of app.synth(): less sensitive to other load than wall time. */
  readonly synthCpuMs: number;
  /**
   * The part of `synthCpuMs` spent on the main thread (Linux: /proc/self/task/<pid>/stat, 10 ms ticks);
   * the rest ran on V8's worker threads (concurrent compilation of optimized code, concurrent GC
   * marking and sweeping). Undefined where /proc is not readable.
   */
  readonly synthMainThreadCpuMs?: number;
  /** Wall time inside the guard's own calls (see GuardTimer); guard variants only. */
  readonly guardMs?: number;
  readonly guardCalls?: number;
  /**
   * Wall time in aws-cdk-lib's built-in CloudFormation validation plugin. Every AWS child replaces its
   * singleton with a no-op (identical work in every variant, seconds of noise), so this stays near 0;
   * it is kept to prove the replacement held.
   */
  readonly cfnValidateMs?: number;
  /** Resources in the synthesized templates / cdk.tf.json. */
  readonly resources: number;
  /** The message when app.synth() threw (expected for cdk-nag and the canaries only). */
  readonly synthError?: string;
  readonly guardSource?: string;
  /** process.resourceUsage().maxRSS, KiB. */
  readonly maxRssKb: number;
}
