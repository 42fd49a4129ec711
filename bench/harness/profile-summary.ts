/**
 * Summarizes a `node --cpu-prof` profile: self time per function and inclusive time per source
 * file, to find where a variant spends its time.
 * Usage: node bench/out/build/bench/harness/profile-summary.js <file.cpuprofile> [top] [under]
 */
import * as fs from 'fs';
import { REPO_ROOT } from './build';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/**
 * `under`: only samples whose stack has a frame whose "function url:line" contains this text
 * (e.g. `evaluateStack src/azure/guard/stack-guard.js`), to break down one call's cost.
 */
export function summarizeProfile(file: string, top = 25, under?: string): string {
  const profile: Profile = JSON.parse(fs.readFileSync(file, 'utf-8'));
  const byId = new Map(profile.nodes.map(n => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const total = [...selfUs.values()].reduce((a, b) => a + b, 0);

  const selfByFunction = new Map<string, number>();
  const inclusiveByFile = new Map<string, number>();
  const inclusiveByFunction = new Map<string, number>();
  let selected = 0;
  for (const [id, us] of selfUs) {
    const n = byId.get(id)!;
    if (under !== undefined && !stackOf(id).some(f => f.includes(under))) continue;
    selected += us;
    const key = `${n.callFrame.functionName || '(anonymous)'} ${shortUrl(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;
    selfByFunction.set(key, (selfByFunction.get(key) ?? 0) + us);
    // Inclusive: count each file / function once per sample stack.
    const files = new Set<string>();
    const fns = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const f = byId.get(cur)!.callFrame;
      files.add(shortUrl(f.url) || '(native)');
      fns.add(`${f.functionName || '(anonymous)'} ${shortUrl(f.url)}:${f.lineNumber + 1}`);
    }
    for (const f of files) inclusiveByFile.set(f, (inclusiveByFile.get(f) ?? 0) + us);
    for (const f of fns) inclusiveByFunction.set(f, (inclusiveByFunction.get(f) ?? 0) + us);
  }
  function stackOf(id: number): string[] {
    const frames: string[] = [];
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const f = byId.get(cur)!.callFrame;
      frames.push(`${f.functionName || '(anonymous)'} ${shortUrl(f.url)}:${f.lineNumber + 1}`);
    }
    return frames;
  }
  const fmt = (m: Map<string, number>) => [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, top)
    .map(([k, us]) => `${(us / 1000).toFixed(0).padStart(8)} ms ${((100 * us) / total).toFixed(1).padStart(5)}%  ${k}`).join('\n');
  return [
    `total sampled: ${(total / 1000).toFixed(0)} ms${under === undefined ? '' : `; under "${under}": ${(selected / 1000).toFixed(0)} ms`}`,
    '--- self time by function', fmt(selfByFunction),
    '--- inclusive time by file', fmt(inclusiveByFile),
    '--- inclusive time by function', fmt(inclusiveByFunction),
  ].join('\n');
}

/**
 * Where guard code spends its time: for each sample whose stack enters a file under `src/`, the
 * outermost such frame and everything it called (framework calls included) count; top entries by
 * inclusive time, as text lines.
 */
export function guardBreakdown(file: string, top = 15): { guardMs: number; totalMs: number; lines: string[] } {
  const profile: Profile = JSON.parse(fs.readFileSync(file, 'utf-8'));
  const byId = new Map(profile.nodes.map(n => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const inclusive = new Map<string, number>();
  let guardUs = 0;
  let totalUs = 0;
  profile.samples.forEach((id, i) => {
    const us = profile.timeDeltas[i] ?? 0;
    totalUs += us;
    const frames: string[] = [];
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const f = byId.get(cur)!.callFrame;
      frames.push(`${f.functionName || '(anonymous)'} ${shortUrl(f.url)}:${f.lineNumber + 1}`);
    }
    // frames[0] is the leaf; find the outermost (closest to the root) guard frame. A guard frame
    // that only wraps the framework's app.synth() (cdktf guard), or a Stage's synth() (the AWS
    // guard's guardedSynth / guardedStageSynth), is a wrapper, not guard work: what it calls itself
    // in src/ still counts, from that frame down.
    let outer = -1;
    frames.forEach((f, k) => {
      if (/ src\//.test(f) && !/^guarded(Stage)?Synth /.test(f) && !(k > 0 && /^synth (cdktf|aws-cdk-lib)\//.test(frames[k - 1]))) outer = k;
    });
    if (outer < 0) return;
    guardUs += us;
    for (const f of new Set(frames.slice(0, outer + 1))) inclusive.set(f, (inclusive.get(f) ?? 0) + us);
  });
  const lines = [...inclusive.entries()].sort((a, b) => b[1] - a[1]).slice(0, top)
    .map(([k, us]) => `${(us / 1000).toFixed(0).padStart(6)} ms  ${k}`);
  return { guardMs: guardUs / 1000, totalMs: totalUs / 1000, lines };
}

/** `aws-cdk-lib/core/lib/stack.js`, `src/aws/...` (bench build), `lib/cli/...` (the repo's lib/). */
function shortUrl(url: string): string {
  const file = url.replace(/^file:\/\//, '');
  if (file.includes('node_modules/')) return file.replace(/^.*node_modules\//, '');
  if (file.includes('bench/out/build/')) return file.replace(/^.*bench\/out\/build\//, '');
  return file.startsWith(`${REPO_ROOT}/`) ? file.slice(REPO_ROOT.length + 1) : file;
}

if (require.main === module) {
  console.log(summarizeProfile(process.argv[2], Number(process.argv[3] ?? 25), process.argv[4]));
}

/**
 * Inclusive time of the functions whose location matches `include` (e.g. the project's own
 * files), plus the garbage collector's self time: where a whole process (the CLI) spends its time.
 */
export function inclusiveBreakdown(file: string, include: RegExp, top = 15): { totalMs: number; lines: string[] } {
  const profile: Profile = JSON.parse(fs.readFileSync(file, 'utf-8'));
  const byId = new Map(profile.nodes.map(n => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const inclusive = new Map<string, number>();
  let totalUs = 0;
  profile.samples.forEach((id, i) => {
    const us = profile.timeDeltas[i] ?? 0;
    totalUs += us;
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const f = byId.get(cur)!.callFrame;
      const key = `${f.functionName || '(anonymous)'} ${shortUrl(f.url)}:${f.lineNumber + 1}`;
      if ((include.test(f.url) || f.functionName === '(garbage collector)') && !seen.has(key)) {
        seen.add(key);
        inclusive.set(key, (inclusive.get(key) ?? 0) + us);
      }
    }
  });
  const lines = [...inclusive.entries()].sort((a, b) => b[1] - a[1]).slice(0, top)
    .map(([k, us]) => `${(us / 1000).toFixed(0).padStart(6)} ms  ${k}`);
  return { totalMs: totalUs / 1000, lines };
}
