/** Generates the CLI's inputs under bench/out/inputs (cached while their generators are unchanged). */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { OUT_ROOT, REPO_ROOT } from './build';
import { CliInput } from './cli-runs';
import { runVariant } from './synthesis-runs';
import { countTemplateResources, replicateCdkOut } from '../inputs/cdk-out';
import { awsResourceCount, awsShape, terraformAwsHcl, terraformAwsPlan } from '../inputs/terraform-aws';
import { nsgDocument, nsgHclFiles, nsgResourceCount, nsgShape, pathHeavyDocument, pathHeavyShape } from '../inputs/terraform-azure';
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

/** NSGs with standalone rules as one Terraform JSON document (`main.tf.json`). */
export function prepareAzureTerraformJson(resources: number): CliInput {
  const shape = nsgShape(resources);
  const dir = path.join(INPUTS, `azure-tf-json-${nsgResourceCount(shape)}`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'main.tf.json');
  fs.writeFileSync(file, JSON.stringify(nsgDocument(shape), undefined, 2));
  return {
    name: `Terraform JSON, azurerm (${shape.networkSecurityGroups} NSGs x ${shape.rulesPerGroup} rules)`,
    scanPath: file,
    floorFiles: [file],
    resources: nsgResourceCount(shape),
    bytes: fs.statSync(file).size,
  };
}

/** The same resources as `.tf` files; the floor parses them with @cdktf/hcl2json, as the scan does. */
export function prepareAzureHcl(resources: number): CliInput {
  const shape = nsgShape(resources);
  const dir = path.join(INPUTS, `azure-hcl-${nsgResourceCount(shape)}`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  for (const [name, text] of nsgHclFiles(shape)) {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    files.push(file);
  }
  return {
    name: `.tf folder, azurerm (${shape.networkSecurityGroups} NSGs x ${shape.rulesPerGroup} rules)`,
    scanPath: dir,
    floorFiles: files,
    floor: 'hcl',
    resources: nsgResourceCount(shape),
    bytes: files.reduce((n, f) => n + fs.statSync(f).size, 0),
  };
}

/** Nodes behind public load balancers and gateways with NSG pairs, at `scale` (1x: 500 NICs). */
export function preparePathHeavy(scale: number): CliInput {
  const shape = pathHeavyShape(scale);
  const { document, resources } = pathHeavyDocument(shape);
  const dir = path.join(INPUTS, `path-heavy-${scale}x`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'main.tf.json');
  fs.writeFileSync(file, JSON.stringify(document, undefined, 2));
  return {
    name: `path-heavy ${scale}x (${shape.nodes} NICs, ${shape.loadBalancers} LBs, ${shape.gateways} gateways, ${shape.nsgPairs} NSG pairs)`,
    scanPath: file,
    floorFiles: [file],
    resources,
    bytes: fs.statSync(file).size,
  };
}
