/**
 * How much of the guard's evaluation is cold code: translates and evaluates the templates of a cloud
 * assembly `iterations` times in one process and prints each run's wall and CPU time. The first run is
 * what a synthesis pays (the guard evaluates once, before V8 has optimized anything); the later ones
 * are the same work once the code is warm.
 *
 *   npx ts-node --transpile-only -e "require('./bench/harness/build').buildForBenchmark()"
 *   BENCH_OUTDIR=/tmp/aws-1x node bench/out/build/bench/variant.js aws-bare 1
 *   node bench/out/build/bench/experiments/cold-warm.js /tmp/aws-1x 8
 */
import * as fs from 'fs';
import * as path from 'path';
import { evaluate } from '../../src/core/engine';
import { cloudFormationToModel } from '../../src/formats/cloudformation/to-model';

function main(): void {
  const [dir, iterations = '8'] = process.argv.slice(2);
  if (!dir || !fs.existsSync(dir)) throw new Error('usage: cold-warm.js <cloud assembly directory> [iterations]');
  const files = fs.readdirSync(dir).filter(f => f.endsWith('.template.json'));
  for (let i = 0; i < Number(iterations); i++) {
    const inputs = files.map(f => ({ file: f, stackName: f.replace(/\.template\.json$/, ''), template: JSON.parse(fs.readFileSync(path.join(dir, f), 'utf-8')) }));
    const cpu = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    const model = cloudFormationToModel(inputs, { extraPorts: [] });
    const t1 = process.hrtime.bigint();
    const result = evaluate(model, { acknowledgements: [], invalidAcknowledgements: 'report' });
    const t2 = process.hrtime.bigint();
    const used = process.cpuUsage(cpu);
    const ms = (ns: bigint) => (Number(ns) / 1e6).toFixed(1);
    console.log(`run ${i + 1}: translate ${ms(t1 - t0)} ms, evaluate ${ms(t2 - t1)} ms, CPU ${((used.user + used.system) / 1000).toFixed(0)} ms, ${result.findings.length} findings`);
  }
}

main();
