/**
 * Which infrastructure format a parsed file holds, decided by content (a `.json` can be a template,
 * a plan, Terraform JSON or a manifest).
 */

export type InputFormat =
  /** `cdk.out/manifest.json`: `{ version, artifacts }`. */
  | 'cloud-assembly-manifest'
  /** `cdktf.out/manifest.json`: `{ version, stacks: { <name>: { synthesizedStackPath } } }`. */
  | 'cdktf-manifest'
  /** `terraform show -json` of a plan (`planned_values`) or of a state (`values`). */
  | 'terraform-plan'
  /** Terraform JSON syntax (`*.tf.json`, cdktf's `cdk.tf.json`). */
  | 'terraform-json'
  /** A CloudFormation template (`Resources` or `AWSTemplateFormatVersion`). */
  | 'cloudformation'
  | 'unknown';

const TERRAFORM_JSON_BLOCKS = ['resource', 'variable', 'provider', 'terraform', 'module', 'data', 'locals', 'output'];

export function classifyDocument(value: unknown): InputFormat {
  if (!isRecord(value)) {
    return 'unknown';
  }
  if (isRecord(value.artifacts) && typeof value.version === 'string') {
    return 'cloud-assembly-manifest';
  }
  if (isRecord(value.stacks) && Object.values(value.stacks).some(s => isRecord(s) && typeof s.synthesizedStackPath === 'string')) {
    return 'cdktf-manifest';
  }
  if (typeof value.format_version === 'string' && (isRecord(value.planned_values) || isRecord(value.values) || typeof value.terraform_version === 'string')) {
    return 'terraform-plan';
  }
  if (isRecord(value.Resources) || typeof value.AWSTemplateFormatVersion === 'string') {
    return 'cloudformation';
  }
  if (Object.keys(value).some(k => TERRAFORM_JSON_BLOCKS.includes(k)) && Object.keys(value).every(k => TERRAFORM_JSON_BLOCKS.includes(k) || k === '//')) {
    return 'terraform-json';
  }
  return 'unknown';
}

/**
 * Whether text that failed to parse still looks like infrastructure (then the parse error is
 * reported; otherwise a file found by a directory search is skipped as not ours).
 */
export function looksLikeInfrastructure(text: string): boolean {
  const head = text.slice(0, 64 * 1024);
  return /AWSTemplateFormatVersion|^\s*Resources\s*:|"Resources"\s*:|"resource"\s*:|"planned_values"\s*:|"artifacts"\s*:|"synthesizedStackPath"/m.test(head);
}

export function isRecord(x: unknown): x is Record<string, any> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
