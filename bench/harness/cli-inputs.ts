/** Generates the CLI's inputs under bench/out/inputs (cached while their generators are unchanged). */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { OUT_ROOT, REPO_ROOT } from './build';
import { CliInput } from './cli-runs';
import { runVariant } from './synthesis-runs';
import { countTemplateResources, replicateCdkOut } from '../inputs/cdk-out';
import { awsResourceCount, awsShape, terraformAwsHcl, terraformAwsPlan } from '../inputs/terraform-aws';
import { planResourceCount, planShape, terraformPlan } from '../inputs/terraform-plan';

const INPUTS = path.join(OUT_ROOT, 'inputs');
/** Resources of the synthesized unit stack (392 SGs + 8 domains, see variant.ts). */
const UNIT_RESOURCES = 400;

export function prepareCdkOut(resources: number, log: (line: string) => void): CliInput {
  const unitDir = path.join(INPUTS, 'cdk-unit');
  const stamp = path.join(unitDir, '.generator-hash');
  const hash = createHash('sha256');
  for (const f of ['bench/apps/aws-app.ts', 'bench/variant.ts']) hash.update(fs.readFileSync(path.join(REPO_ROOT, f)));
  const digest = hash.digest('hex');
  if (!fs.existsSync(stamp) || fs.readFileSync(stamp, 'utf-8') !== digest) {
    log('synthesizing the unit stack of the CLI cdk.out (392 security groups + 8 domains)');
    const { outdir } = runVariant('aws-emit-cdk-out', 1);
    fs.rmSync(unitDir, { recursive: true, force: true });
    fs.mkdirSync(INPUTS, { recursive: true });
    fs.renameSync(outdir, unitDir);
    fs.writeFileSync(stamp, digest);
  }
  const copies = Math.max(1, Math.round(resources / UNIT_RESOURCES));
  const target = path.join(INPUTS, `cdk.out-${copies * UNIT_RESOURCES}`);
  replicateCdkOut(unitDir, target, copies);
  // The files the scan reads: the manifest, and each stack's template and metadata file.
  const manifest = JSON.parse(fs.readFileSync(path.join(target, 'manifest.json'), 'utf-8'));
  const floorFiles = [path.join(target, 'manifest.json')];
  for (const artifact of Object.values<any>(manifest.artifacts)) {
    if (artifact.type !== 'aws:cloudformation:stack') continue;
    floorFiles.push(path.join(target, artifact.properties.templateFile));
    if (artifact.additionalMetadataFile) floorFiles.push(path.join(target, artifact.additionalMetadataFile));
  }
  return {
    name: `cdk.out (${copies} stacks)`,
    scanPath: target,
    floorFiles,
    resources: countTemplateResources(target),
    bytes: floorFiles.reduce((n, f) => n + fs.statSync(f).size, 0),
  };
}

export function preparePlan(resources: number): CliInput {
  const shape = planShape(resources);
  const file = path.join(INPUTS, `plan-${planResourceCount(shape)}.json`);
  fs.mkdirSync(INPUTS, { recursive: true });
  fs.writeFileSync(file, JSON.stringify(terraformPlan(shape)));
  return {
    name: `plan JSON (${shape.networkSecurityGroups} NSGs x ${shape.rulesPerGroup} rules)`,
    scanPath: file,
    floorFiles: [file],
    resources: planResourceCount(shape),
    bytes: fs.statSync(file).size,
  };
}

/** Terraform for AWS as HCL: the floor parses the same file with @cdktf/hcl2json (the parse floor of HCL). */
export function prepareAwsHcl(resources: number): CliInput {
  const shape = awsShape(resources);
  const directory = path.join(INPUTS, `aws-hcl-${awsResourceCount(shape)}`);
  const file = path.join(directory, 'main.tf');
  fs.mkdirSync(directory, { recursive: true });
  fs.writeFileSync(file, terraformAwsHcl(shape));
  return {
    name: `AWS HCL (${shape.securityGroups} groups x ${shape.rulesPerGroup} rules + ${shape.domains} domains)`,
    scanPath: directory,
    floorFiles: [file],
    floor: 'hcl',
    resources: awsResourceCount(shape),
    bytes: fs.statSync(file).size,
  };
}

/** Terraform for AWS as plan JSON. */
export function prepareAwsPlan(resources: number): CliInput {
  const shape = awsShape(resources);
  const file = path.join(INPUTS, `aws-plan-${awsResourceCount(shape)}.json`);
  fs.mkdirSync(INPUTS, { recursive: true });
  fs.writeFileSync(file, JSON.stringify(terraformAwsPlan(shape)));
  return {
    name: `AWS plan JSON (${shape.securityGroups} groups x ${shape.rulesPerGroup} rules + ${shape.domains} domains)`,
    scanPath: file,
    floorFiles: [file],
    resources: awsResourceCount(shape),
    bytes: fs.statSync(file).size,
  };
}
