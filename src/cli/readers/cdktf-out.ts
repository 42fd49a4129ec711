/**
 * `cdktf.out`: `manifest.json` lists each stack and its synthesized `cdk.tf.json`. Each stack is one
 * Terraform document (references resolve within a stack), with the acknowledgements
 * `SearchGuardrails.acknowledge` recorded in its `//` metadata.
 */
import { dirname, join, resolve } from 'path';
import { acknowledgementsFromTerraformJson } from '../../formats/terraform';
import { brokenManifest } from '../errors';
import { isRecord } from './classify';
import { parseJson, readTextFile, readTextFileWithIdentity } from './read-text';
import { ScanInputs } from './scan-inputs';
import { terraformJsonDocument } from './terraform-json';

export async function readCdktfOut(directory: string, inputs: ScanInputs, limit: number): Promise<void> {
  const manifestPath = join(directory, 'manifest.json');
  const manifestDisplay = inputs.display(manifestPath);
  if (!inputs.claim(manifestPath)) {
    return;
  }
  let stacks: Record<string, any>;
  try {
    const manifest = parseJson(await readTextFile(manifestPath, manifestDisplay, limit), manifestDisplay);
    if (!isRecord(manifest) || !isRecord(manifest.stacks)) {
      throw brokenManifest(manifestDisplay, 'has no "stacks" object, so it is no cdktf manifest');
    }
    stacks = manifest.stacks;
  } catch (e) {
    inputs.problem(e, manifestDisplay);
    return;
  }
  inputs.scanned(manifestDisplay);

  for (const [stackId, stack] of Object.entries<any>(stacks)) {
    try {
      const synthesized = isRecord(stack) ? stack.synthesizedStackPath : undefined;
      if (typeof synthesized !== 'string') {
        throw brokenManifest(manifestDisplay, `stack ${stackId} has no "synthesizedStackPath"`);
      }
      const stackName = typeof stack.name === 'string' ? stack.name : stackId;
      const path = join(directory, synthesized);
      if (!inputs.claim(path)) {
        continue;
      }
      const display = inputs.display(path);
      const { text, identity } = await readTextFileWithIdentity(path, display, limit);
      const json = parseJson(text, display);
      const lines = inputs.terraformJsonLineOf(path, identity) ?? text;
      // Assets (`filebase64("assets/...")` in boot data) are relative to the stack's directory.
      inputs.addTerraformDocument({ ...terraformJsonDocument(json, lines, { file: display, stack: stackName }), directory: resolve(dirname(path)) });
      inputs.recordedAcknowledgements.push(...acknowledgementsFromTerraformJson(json, { file: display, stack: stackName }));
      inputs.scanned(display);
    } catch (e) {
      inputs.problem(e, manifestDisplay);
    }
  }
}
