/**
 * Which input holds the template of an `AWS::CloudFormation::Stack`, when one does:
 * - the nested template TemplateSet links to it (asset metadata, or the template hash in `TemplateURL`);
 * - the `aws:asset:path` metadata the CDK CLI writes on a nested stack's resource names its file;
 * - without it (an `App` synthesized outside the CLI), aws-cdk-lib names the file after the nested
 *   stack's unique id (`<parent artifact><construct path><hash>.nested.template.json`) and the parent's
 *   resource after its construct path (`<construct path>NestedStack<...>NestedStackResource<hash>`);
 * - the template hash aws-cdk-lib ends the `TemplateURL` with (`.../<sha256>.json`);
 * - a hand-written `TemplateURL` whose last path segment is the name of an input file.
 */
import { IntrinsicResolver } from './intrinsics';
import { isObject, TemplateResource, TemplateSet } from './template-set';

export function nestedStackTemplateIndex(templates: TemplateSet, resolver: IntrinsicResolver, stack: TemplateResource): number | undefined {
  // The link the parameters resolve by (TemplateSet: asset metadata or the template hash in TemplateURL).
  const linked = templates.inputs.findIndex((_input, index) => templates.parentStackResource(index) === stack);
  if (linked >= 0) return linked;
  const files = templates.inputs.map(input => basename(input.file ?? ''));
  const assetPath = isObject(stack.raw.Metadata) ? stack.raw.Metadata['aws:asset:path'] : undefined;
  if (typeof assetPath === 'string') {
    const index = files.indexOf(basename(assetPath));
    if (index >= 0) return index;
  }
  const constructPath = /^(.+?)NestedStack.*NestedStackResource[0-9A-F]{8}$/.exec(stack.logicalId)?.[1];
  const parentFile = basename(templates.inputs[stack.templateIndex]?.file ?? '');
  const parent = parentFile.replace(/\.template\.json$/, '');
  if (constructPath && parent !== '') {
    const candidates = files.map((f, i) => ({ f, i })).filter(({ f }) => f.endsWith('.nested.template.json') && f.startsWith(`${parent}${constructPath}`));
    if (candidates.length === 1) return candidates[0].i;
  }
  // aws-cdk-lib's TemplateURL ends with the nested template's hash (`.../<sha256>.json`).
  const hash = /([0-9a-f]{64})\.json/.exec(JSON.stringify(stack.properties.TemplateURL ?? ''))?.[1];
  const hashed = hash !== undefined ? templates.templateIndexWithHash(hash) : undefined;
  if (hashed !== undefined && hashed !== stack.templateIndex) return hashed;
  const urls = resolver.resolveStrings(stack.templateIndex, stack.properties.TemplateURL);
  if (urls.known) {
    for (const url of urls.values) {
      const index = files.indexOf(basename(String(url).split('?')[0]));
      if (index >= 0 && index !== stack.templateIndex) return index;
    }
  }
  return undefined;
}

function basename(path: string): string {
  return path.split(/[\\/]/).pop() ?? '';
}
