/**
 * `cdk.out`: a cloud assembly. Every stack artifact's template, the stack's metadata (inline in
 * `manifest.json` and in `additionalMetadataFile`, where aws-cdk-lib 2.18x+ writes it) for construct
 * paths and acknowledgements, nested assemblies of Stages, and nested-stack templates.
 * https://github.com/aws/aws-cdk/tree/main/packages/%40aws-cdk/cloud-assembly-schema
 */
import { promises as fs } from 'fs';
import { join } from 'path';
import { acknowledgementsFromAssemblyMetadata, assemblyMetadataFacts } from '../../formats/cloudformation';
import { brokenManifest } from '../errors';
import { isRecord } from './classify';
import { jsonTextCanHoldFnTransform, parseJson, readTextFile, readTextFileWithIdentity } from './read-text';
import { ScanInputs } from './scan-inputs';

type Metadata = Record<string, { type: string; data?: any }[]>;

const STACK_ARTIFACT = 'aws:cloudformation:stack';
const NESTED_ASSEMBLY_ARTIFACT = 'cdk:cloud-assembly';
/** Stages nest assemblies; real apps are a few levels deep. The bound stops a manifest cycle. */
const MAX_ASSEMBLY_DEPTH = 16;

/** Reads the assembly in `directory` (which holds `manifest.json`) and every nested one. */
export async function readCloudAssembly(directory: string, inputs: ScanInputs, limit: number, depth = 0): Promise<void> {
  const manifestPath = join(directory, 'manifest.json');
  const manifestDisplay = inputs.display(manifestPath);
  if (!inputs.claim(manifestPath)) {
    return;
  }
  let manifest: Record<string, any>;
  try {
    const parsed = parseJson(await readTextFile(manifestPath, manifestDisplay, limit), manifestDisplay);
    if (!isRecord(parsed) || !isRecord(parsed.artifacts)) {
      throw brokenManifest(manifestDisplay, 'has no "artifacts" object, so it is no cloud assembly manifest');
    }
    manifest = parsed;
  } catch (e) {
    inputs.problem(e, manifestDisplay);
    return;
  }
  inputs.scanned(manifestDisplay);

  for (const [artifactId, artifact] of Object.entries<any>(manifest.artifacts)) {
    if (!isRecord(artifact)) {
      continue;
    }
    try {
      if (artifact.type === STACK_ARTIFACT) {
        await readStack(directory, artifactId, artifact, manifestDisplay, inputs, limit);
      } else if (artifact.type === NESTED_ASSEMBLY_ARTIFACT) {
        const nested = artifact.properties?.directoryName;
        if (typeof nested !== 'string') {
          throw brokenManifest(manifestDisplay, `artifact ${artifactId} is a nested assembly without "properties.directoryName"`);
        }
        if (depth >= MAX_ASSEMBLY_DEPTH) {
          throw brokenManifest(manifestDisplay, `nested assemblies go deeper than ${MAX_ASSEMBLY_DEPTH} levels at ${artifactId}`);
        }
        await readCloudAssembly(join(directory, nested), inputs, limit, depth + 1);
      }
    } catch (e) {
      inputs.problem(e, manifestDisplay);
    }
  }
  await readNestedStackTemplates(directory, inputs, limit);
}

async function readStack(
  directory: string, artifactId: string, artifact: Record<string, any>, manifestDisplay: string, inputs: ScanInputs, limit: number,
): Promise<void> {
  const templateFile = artifact.properties?.templateFile;
  if (typeof templateFile !== 'string') {
    throw brokenManifest(manifestDisplay, `stack artifact ${artifactId} has no "properties.templateFile"`);
  }
  const stackName = typeof artifact.properties?.stackName === 'string' ? artifact.properties.stackName : artifactId;
  // Only read from here on: the manifest's own object serves when there is nothing to add to it.
  let metadata: Metadata = isRecord(artifact.metadata) ? artifact.metadata : {};
  if (typeof artifact.additionalMetadataFile === 'string') {
    const metadataPath = join(directory, artifact.additionalMetadataFile);
    const display = inputs.display(metadataPath);
    const extra = parseJson(await readTextFile(metadataPath, display, limit), display);
    if (isRecord(extra)) {
      metadata = mergedMetadata(metadata, extra);
    }
    inputs.claim(metadataPath);
  }
  const facts = assemblyMetadataFacts(metadata, stackName);
  await readTemplate(join(directory, templateFile), inputs, limit, stackName, facts?.constructPaths ?? constructPathsOf(metadata));
  inputs.recordedAcknowledgements.push(...(facts?.acknowledgements ?? acknowledgementsFromAssemblyMetadata(metadata, stackName)));
}

async function readTemplate(
  path: string, inputs: ScanInputs, limit: number, stackName?: string, constructPaths?: Record<string, string>,
): Promise<void> {
  if (!inputs.claim(path)) {
    return;
  }
  const display = inputs.display(path);
  const { text, identity } = await readTextFileWithIdentity(path, display, limit);
  const template = parseJson(text, display);
  const logicalIds = isRecord(template) && isRecord(template.Resources) ? Object.keys(template.Resources) : [];
  inputs.cloudFormation.push({
    file: display,
    template,
    // Found after evaluation, for what the report prints.
    lines: inputs.cloudFormationJsonLines(path, identity, text, logicalIds),
    ...(jsonTextCanHoldFnTransform(text) ? {} : { holdsNoFnTransform: true }),
    ...(stackName !== undefined ? { stackName } : {}),
    ...(constructPaths !== undefined ? { constructPaths } : {}),
  });
  inputs.scanned(display);
}

/**
 * The inline metadata with the file's entries after its own, path by path (a value of the file that is
 * no array counts as none). The file's arrays are read, never changed: a path only the file names
 * keeps its array, and when the manifest has no inline metadata (aws-cdk-lib 2.18x+ writes it all to
 * the file) and every value is an array, the file's object is the result as it is, with no copy of
 * its keys. A merged copy has no prototype, so a path such as `constructor` or `__proto__` reads and
 * writes only its own entries.
 */
function mergedMetadata(manifestMetadata: Metadata, extra: Record<string, any>): Metadata {
  const paths = Object.keys(extra);
  let asItIs = Object.keys(manifestMetadata).length === 0;
  for (let i = 0; asItIs && i < paths.length; i++) {
    asItIs = Array.isArray(extra[paths[i]]);
  }
  if (asItIs) {
    return extra;
  }
  const metadata: Metadata = Object.assign(Object.create(null), manifestMetadata);
  for (const path of paths) {
    const entries = Array.isArray(extra[path]) ? extra[path] : [];
    const inline = metadata[path];
    metadata[path] = Array.isArray(inline) ? [...inline, ...entries] : entries;
  }
  return metadata;
}

/** `aws:cdk:logicalId` entries: construct path (without the leading `/`) of each logical id. */
function constructPathsOf(metadata: Metadata): Record<string, string> {
  const paths: Record<string, string> = {};
  for (const [path, entries] of Object.entries(metadata)) {
    for (const entry of Array.isArray(entries) ? entries : []) {
      if (entry?.type === 'aws:cdk:logicalId' && typeof entry.data === 'string') {
        paths[entry.data] = path.replace(/^\/+/, '');
      }
    }
  }
  return paths;
}

/** Nested stacks (`NestedStack`) are file assets next to their parent: `<id>.nested.template.json`. */
async function readNestedStackTemplates(directory: string, inputs: ScanInputs, limit: number): Promise<void> {
  let names: string[];
  try {
    names = await fs.readdir(directory);
  } catch {
    return; // the manifest was read from this directory a moment ago; nothing more to add
  }
  for (const name of names.filter(n => n.endsWith('.nested.template.json')).sort()) {
    const path = join(directory, name);
    try {
      await readTemplate(path, inputs, limit);
    } catch (e) {
      inputs.problem(e, inputs.display(path));
    }
  }
}
