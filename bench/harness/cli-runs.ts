/**
 * CLI throughput: `scan <input> --format json` against the floor, a bare `node -e` that reads and
 * JSON.parses the files the scan reads (same Node start-up on both sides), in alternating order.
 */
import * as fs from 'fs';
import * as path from 'path';
import { OUT_ROOT, REPO_ROOT } from './build';
import { ChildRun, runChild } from './child-process';
import { alternatingOrder } from './stats';

export interface CliInput {
  readonly name: string;
  /** What is passed to `scan`. */
  readonly scanPath: string;
  /** The files the scan reads, parsed by the floor. */
  readonly floorFiles: readonly string[];
  /** What the floor does with them: `JSON.parse` (default), or `hcl` = parse with @cdktf/hcl2json. */
  readonly floor?: 'json' | 'hcl';
  readonly resources: number;
  readonly bytes: number;
}

export interface CliRun {
  readonly child: ChildRun;
  readonly round: number;
  /** Findings in the JSON report (scan runs). */
  readonly findings?: number;
}

export interface CliMeasurement {
  readonly input: CliInput;
  readonly scan: CliRun[];
  readonly floor: CliRun[];
}

/** Reads every file named in the JSON list file argv[1] and JSON.parses it: nothing else. */
const FLOOR_SCRIPT = "const fs=require('fs');let n=0;for(const f of JSON.parse(fs.readFileSync(process.argv[1],'utf8'))){n+=Object.keys(JSON.parse(fs.readFileSync(f,'utf8'))).length}console.log(n)";

/** Parses every file named in argv[1] with @cdktf/hcl2json (argv[2]: its path), as the scan does for `.tf`. */
const HCL_FLOOR_SCRIPT = "const fs=require('fs');const {parse}=require(process.argv[2]);(async()=>{let n=0;for(const f of JSON.parse(fs.readFileSync(process.argv[1],'utf8'))){n+=Object.keys(await parse('main.tf',fs.readFileSync(f,'utf8'))).length}console.log(n)})()";

let sequence = 0;

export function measureCli(cliJs: string, inputs: readonly CliInput[], rounds: number, log: (line: string) => void): CliMeasurement[] {
  const measurements = inputs.map(input => ({ input, scan: [] as CliRun[], floor: [] as CliRun[] }));
  const listFiles = inputs.map(input => {
    const file = path.join(OUT_ROOT, 'inputs', `${input.name}.floor-files.json`);
    fs.writeFileSync(file, JSON.stringify(input.floorFiles));
    return file;
  });
  const jobs = measurements.flatMap((m, i) => [{ m, i, kind: 'scan' as const }, { m, i, kind: 'floor' as const }]);
  alternatingOrder(jobs, rounds).forEach((order, round) => {
    for (const { m, i, kind } of order) {
      const logPrefix = path.join(OUT_ROOT, 'logs', `cli-${String(++sequence).padStart(3, '0')}-${kind}-${m.input.name}`);
      const args = kind === 'scan'
        ? [cliJs, 'scan', m.input.scanPath, '--format', 'json']
        : m.input.floor === 'hcl'
          ? ['-e', HCL_FLOOR_SCRIPT, listFiles[i], path.join(REPO_ROOT, 'node_modules', '@cdktf', 'hcl2json')]
          : ['-e', FLOOR_SCRIPT, listFiles[i]];
      const child = runChild(process.execPath, args, { logPrefix });
      if (kind === 'scan') {
        if (child.exitCode !== 0 && child.exitCode !== 1) {
          throw new Error(`scan of ${m.input.name} exited with ${child.exitCode}: ${fs.readFileSync(child.stderrFile, 'utf-8').slice(0, 600)}`);
        }
        const report = JSON.parse(fs.readFileSync(child.stdoutFile, 'utf-8'));
        const findings = Array.isArray(report.findings) ? report.findings.length : undefined;
        m.scan.push({ child, round, findings });
        log(`scan ${m.input.name} round ${round + 1}/${rounds}: ${Math.round(child.wallMs)} ms, exit ${child.exitCode}, ${findings} findings`);
      } else {
        if (child.exitCode !== 0) throw new Error(`the JSON.parse floor for ${m.input.name} failed: ${fs.readFileSync(child.stderrFile, 'utf-8').slice(0, 600)}`);
        m.floor.push({ child, round });
        log(`floor ${m.input.name} round ${round + 1}/${rounds}: ${Math.round(child.wallMs)} ms`);
      }
    }
  });
  return measurements;
}
