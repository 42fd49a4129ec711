/**
 * How much of the cdktf guard's evaluation is cold code: translates and evaluates a cdk.tf.json
 * `iterations` times in one process, as the guard does (`evaluateTerraformJson` in
 * src/azure/guard/stack-guard.ts), and prints each run's wall and CPU time. The first run is what a
 * synthesis pays; the later ones are the same work once the code is warm.
 *
 *   npx ts-node --transpile-only -e "require('./bench/harness/build').buildForBenchmark()"
 *   BENCH_OUTDIR=/tmp/tf-1x node bench/out/build/bench/variant.js cdktf-bare 1
 *   node bench/out/build/bench/experiments/cold-warm-terraform.js /tmp/tf-1x/stacks/search/cdk.tf.json 8
 *
 * With `iterations` 0 it only loads the modules and parses the file: the baseline to subtract from an
 * instruction count (valgrind --tool=callgrind node --single-threaded ...). With a third argument
 * `translate`, each run stops after the translation (to split an instruction count).
 */
import * as fs from 'fs';
import { evaluate } from '../../src/core/engine';
import { acknowledgementsFromTerraformJson } from '../../src/formats/terraform/acknowledgements';
import { terraformJsonToDocument } from '../../src/formats/terraform/terraform-document';
import { terraformToModel } from '../../src/formats/terraform/terraform-to-model';

function main(): void {
  const [file, iterations = '8', only] = process.argv.slice(2);
  if (!file || !fs.existsSync(file)) throw new Error('usage: cold-warm-terraform.js <cdk.tf.json> [iterations]');
  const text = fs.readFileSync(file, 'utf-8');
  for (let i = 0; i < Number(iterations); i++) {
    const json = JSON.parse(text);
    const cpu = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    const model = terraformToModel([terraformJsonToDocument(json, { stack: 'search' })]);
    const t1 = process.hrtime.bigint();
    if (only === 'translate') {
      console.log(`run ${i + 1}: translate ${(Number(t1 - t0) / 1e6).toFixed(1)} ms, ${model.firewalls.length} firewalls`);
      continue;
    }
    const acknowledgements = acknowledgementsFromTerraformJson(json, { stack: 'search' });
    const result = evaluate(model, { acknowledgements, invalidAcknowledgements: 'report' });
    const t2 = process.hrtime.bigint();
    const used = process.cpuUsage(cpu);
    const ms = (ns: bigint) => (Number(ns) / 1e6).toFixed(1);
    console.log(`run ${i + 1}: translate ${ms(t1 - t0)} ms, evaluate ${ms(t2 - t1)} ms, CPU ${((used.user + used.system) / 1000).toFixed(0)} ms, ${result.findings.length} findings`);
  }
}

main();
