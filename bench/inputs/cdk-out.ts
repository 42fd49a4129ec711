/**
 * The CLI's cdk.out: one stack synthesized for real by aws-cdk-lib (variant `aws-emit-cdk-out`,
 * 392 security groups + 8 domains = 400 resources, no CDKMetadata), replicated into `copies`
 * stacks `Search0..Search<n-1>` with their manifest entries, asset manifests, metadata files and
 * tree nodes renamed. Synthesizing 25 stacks directly would take minutes of aws-cdk-lib's own
 * template validation for an input that is the same bytes.
 */
import * as fs from 'fs';
import * as path from 'path';

const UNIT = 'Search0';
const UNIT_PATTERN = /\bSearch0\b/g;

/** Writes the replicated assembly to `target`; returns its template files. */
export function replicateCdkOut(unitDir: string, target: string, copies: number): string[] {
  fs.rmSync(target, { recursive: true, force: true });
  fs.mkdirSync(target, { recursive: true });
  const manifest = JSON.parse(fs.readFileSync(path.join(unitDir, 'manifest.json'), 'utf-8'));
  const tree = JSON.parse(fs.readFileSync(path.join(unitDir, 'tree.json'), 'utf-8'));
  const unitArtifacts = Object.entries<any>(manifest.artifacts).filter(([id]) => id.startsWith(UNIT));
  const otherArtifacts = Object.entries<any>(manifest.artifacts).filter(([id]) => !id.startsWith(UNIT));
  const unitTreeNode = JSON.stringify(tree.tree.children[UNIT]);
  const unitFiles = fs.readdirSync(unitDir).filter(f => f.startsWith(`${UNIT}.`));

  const artifacts: Record<string, unknown> = {};
  const children: Record<string, unknown> = {};
  const templates: string[] = [];
  for (let i = 0; i < copies; i++) {
    const name = `Search${i}`;
    const rename = (text: string) => text.replace(UNIT_PATTERN, name);
    for (const [id, artifact] of unitArtifacts) artifacts[rename(id)] = JSON.parse(rename(JSON.stringify(artifact)));
    children[name] = JSON.parse(rename(unitTreeNode));
    for (const file of unitFiles) {
      const out = path.join(target, rename(file));
      fs.writeFileSync(out, rename(fs.readFileSync(path.join(unitDir, file), 'utf-8')));
      if (file.endsWith('.template.json')) templates.push(out);
    }
  }
  for (const [id, artifact] of otherArtifacts) artifacts[id] = artifact;
  fs.writeFileSync(path.join(target, 'manifest.json'), JSON.stringify({ ...manifest, artifacts }, undefined, 2));
  fs.writeFileSync(path.join(target, 'tree.json'), JSON.stringify({ ...tree, tree: { ...tree.tree, children: { ...tree.tree.children, ...children } } }));
  fs.copyFileSync(path.join(unitDir, 'cdk.out'), path.join(target, 'cdk.out'));
  return templates;
}

/** Resources in the templates of an assembly directory. */
export function countTemplateResources(dir: string): number {
  return fs.readdirSync(dir).filter(f => f.endsWith('.template.json'))
    .reduce((n, f) => n + Object.keys(JSON.parse(fs.readFileSync(path.join(dir, f), 'utf-8')).Resources ?? {}).length, 0);
}
