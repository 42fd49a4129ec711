/** Runs one synthesis and records what happened, without letting a refusal end the demo. */
import { existsSync, mkdirSync, readdirSync } from 'fs';
import { dirname, join } from 'path';

/** The result of building and synthesizing one app. */
export interface SynthesisOutcome {
  /** True when the app synthesized. */
  readonly passed: boolean;
  /** The message the framework threw, when it did not. */
  readonly error?: string;
  /** Where the output was (or would have been) written. */
  readonly outdir: string;
  /** Wall-clock time of construction and synthesis. */
  readonly ms: number;
}

/** Builds and synthesizes an app; a throw (the guard refusing it) becomes `passed: false` with the message. */
export function synthesize(outdir: string, buildAndSynth: (outdir: string) => void): SynthesisOutcome {
  mkdirSync(dirname(outdir), { recursive: true }); // cdktf creates its outdir, but not the parents
  const start = Date.now();
  try {
    buildAndSynth(outdir);
    return { passed: true, outdir, ms: Date.now() - start };
  } catch (e) {
    return { passed: false, error: e instanceof Error ? e.message : String(e), outdir, ms: Date.now() - start };
  }
}

/** Synthesized files under `outdir` (manifests, CloudFormation templates, Terraform JSON); assets do not count. */
export function synthesizedFiles(outdir: string): string[] {
  if (!existsSync(outdir)) {
    return [];
  }
  return readdirSync(outdir, { withFileTypes: true }).flatMap(entry => {
    const path = join(outdir, entry.name);
    if (entry.isDirectory()) {
      return entry.name.startsWith('asset.') ? [] : synthesizedFiles(path);
    }
    return /^(manifest\.json|.*\.template\.json|cdk\.tf\.json)$/.test(entry.name) ? [path] : [];
  });
}
