/**
 * Whether a template file aws-cdk-lib wrote holds the template the guard rendered in memory during
 * validation: the same text, give or take the entries the stack synthesizer adds while it writes.
 * Exact text comparison, so a changed value anywhere makes the check fail.
 */
import * as fs from 'fs';
import { Stack } from 'aws-cdk-lib';
import { templateIndent } from './construct-tree';

/** One template entry the stack synthesizer adds while writing. */
interface SynthesizerAddition {
  readonly section: string;
  readonly logicalId: string;
}

/**
 * Entries the stack synthesizer adds to the template after the validations ran (aws-cdk-lib
 * `addBootstrapVersionRule`, called from `DefaultStackSynthesizer.synthesize`, once per stack).
 * Nothing the guard evaluates can refer to them: a reference would have been in the rendered template.
 */
const SYNTHESIZER_ADDITIONS: readonly SynthesizerAddition[] = [
  { section: 'Parameters', logicalId: 'BootstrapVersion' },
  { section: 'Rules', logicalId: 'CheckBootstrapVersion' },
];

/** A rendered template as aws-cdk-lib will write it. */
export interface RenderedTemplateText {
  readonly text: string;
  readonly indent?: number;
  /** Synthesizer additions the rendered template lacks, and whether it has their section. */
  readonly additions: ReadonlyArray<SynthesizerAddition & { readonly sectionRendered: boolean }>;
}

/** The text aws-cdk-lib writes for `template` of `stack` (`Stack._synthesizeTemplate`). */
export function renderedTemplateText(stack: Stack, template: any): RenderedTemplateText {
  const indent = templateIndent(stack);
  const additions = SYNTHESIZER_ADDITIONS
    .filter(a => template[a.section]?.[a.logicalId] === undefined)
    .map(a => ({ ...a, sectionRendered: template[a.section] !== undefined }));
  return { text: JSON.stringify(template, undefined, indent), indent, additions };
}

/** Whether `file` holds `rendered`, plus at most the synthesizer additions it lacked. */
export function writtenAsRendered(file: string, rendered: RenderedTemplateText): boolean {
  let written: string;
  try {
    written = fs.readFileSync(file, 'utf-8');
  } catch {
    return false;
  }
  if (written === rendered.text) return true;
  if (rendered.additions.length === 0) return false;
  const appended = appendedSections(written, rendered.text);
  if (appended !== undefined) return onlyAdditions(appended, rendered);
  return withoutAdditions(written, rendered) === rendered.text;
}

/**
 * The top-level sections `written` has after all of `rendered` (the synthesizer's entries land at
 * the end when the rendered template had neither section); undefined when it is not that shape.
 */
function appendedSections(written: string, rendered: string): Record<string, unknown> | undefined {
  const body = rendered.slice(0, rendered.lastIndexOf('}')).trimEnd();
  if (written.length <= body.length || written[body.length] !== ',' || !written.startsWith(body)) return undefined;
  try {
    const appended = JSON.parse(`{${written.slice(body.length + 1)}`);
    return isObject(appended) ? appended : undefined;
  } catch {
    return undefined;
  }
}

/** Whether the appended sections hold exactly the additions of sections the render lacked. */
function onlyAdditions(appended: Record<string, unknown>, rendered: RenderedTemplateText): boolean {
  return Object.entries(appended).every(([section, entries]) => {
    const expected = rendered.additions.filter(a => a.section === section && !a.sectionRendered).map(a => a.logicalId);
    return expected.length > 0 && isObject(entries)
      && Object.keys(entries).length === expected.length && expected.every(id => id in entries);
  });
}

/** `written` re-serialized without the additions the render lacked (the synthesizer put them mid-section). */
function withoutAdditions(written: string, rendered: RenderedTemplateText): string | undefined {
  let template: unknown;
  try {
    template = JSON.parse(written);
  } catch {
    return undefined;
  }
  if (!isObject(template)) return undefined;
  for (const { section, logicalId, sectionRendered } of rendered.additions) {
    const entries = template[section];
    if (!isObject(entries)) continue;
    delete entries[logicalId];
    if (!sectionRendered && Object.keys(entries).length === 0) delete template[section];
  }
  return JSON.stringify(template, undefined, rendered.indent);
}

function isObject(x: unknown): x is Record<string, any> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
