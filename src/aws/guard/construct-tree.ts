/**
 * What the guard reads from the construct tree: stacks of a stage, logical id -> construct path,
 * acknowledgements recorded with `Validations.of(x).acknowledge` / `SearchGuardrails.acknowledge`.
 * Read-only: nothing here changes the tree.
 */
import { CfnElement, Stack, Stage } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { Acknowledgement } from '../../core/findings/finding';
import { ACKNOWLEDGED_RULES_METADATA_TYPE, acknowledgementsFromAssemblyMetadata } from '../../formats/cloudformation/acknowledgements';
import { CloudFormationTemplateInput } from '../../formats/cloudformation/template-set';

/** The stacks (nested stacks included) that belong to `stage` itself, not to a nested stage. */
export function stacksOfStage(stage: Stage): Stack[] {
  return stage.node.findAll().filter((c): c is Stack => Stack.isStack(c) && Stage.of(c) === stage);
}

/** Whether a context lookup of `stack` (`Vpc.fromLookup`, ...) has not run yet. */
export function hasPendingLookups(stack: Stack): boolean {
  // Stack.reportMissingContextKey records them here; the CLI performs them only after a synthesis succeeds.
  const missing = (stack as any)._missingContext;
  return Array.isArray(missing) && missing.length > 0;
}

/** Construct path of every CloudFormation element of `stack`, by logical id. */
export function constructPathsOf(stack: Stack): Record<string, string> {
  const paths: Record<string, string> = {};
  for (const c of stack.node.findAll()) {
    if (CfnElement.isCfnElement(c) && Stack.of(c) === stack) paths[stack.resolve(c.logicalId)] = c.node.path;
  }
  return paths;
}

/** Every acknowledgement of a search-guardrails rule recorded anywhere in the app of `scope`. */
export function acknowledgementsInTree(scope: IConstruct): Acknowledgement[] {
  const metadata: Record<string, Array<{ type: string; data?: any }>> = {};
  for (const c of scope.node.root.node.findAll()) {
    const entries = c.node.metadata.filter(m => m.type === ACKNOWLEDGED_RULES_METADATA_TYPE);
    if (entries.length > 0) metadata[c.node.path] = entries;
  }
  return acknowledgementsFromAssemblyMetadata(metadata);
}

/** One stack's template rendered in memory, with the stack it belongs to. */
export interface RenderedStackTemplate {
  readonly stack: Stack;
  readonly input: CloudFormationTemplateInput;
  /** True once synthesis wrote this very render (see `offerRenderedTemplate`). */
  readonly writtenByOffer: () => boolean;
}

/**
 * The templates of a stage as they will be written, rendered in memory after `prepare` (so
 * escape-hatch overrides and cross-stack exports are in). Undefined when this aws-cdk-lib cannot
 * render a template without synthesizing (the validation plugin still checks the files).
 */
export function renderStageTemplates(stage: Stage): RenderedStackTemplate[] | undefined {
  const rendered: RenderedStackTemplate[] = [];
  for (const stack of stacksOfStage(stage)) {
    const render = (stack as any)._toCloudFormation;
    if (typeof render !== 'function') return undefined;
    const elements = cfnElementsOf(stack);
    const template = render.call(stack);
    const writtenByOffer = offerRenderedTemplate(stack, template, elements);
    rendered.push({
      stack,
      writtenByOffer,
      input: {
        file: stack.templateFile,
        stackName: stack.stackName,
        template,
        constructPaths: constructPathsOf(stack),
      },
    });
  }
  return rendered;
}

/** The CloudFormation elements `Stack._toCloudFormation` renders: those of `stack`, not of nested stacks. */
function cfnElementsOf(stack: Stack): Set<CfnElement> {
  return new Set(stack.node.findAll().filter((c): c is CfnElement => CfnElement.isCfnElement(c) && Stack.of(c) === stack));
}

/**
 * Elements the stack synthesizer adds right before it writes the template (aws-cdk-lib
 * `stack-synthesizer.js` `addBootstrapVersionRule`, called from `DefaultStackSynthesizer.synthesize`
 * just before `synthesizeTemplate`): the only ones a render made during validation can lack.
 */
const SYNTHESIZER_ELEMENT_IDS = new Set(['BootstrapVersion', 'CheckBootstrapVersion']);

/**
 * Lets the synthesis that follows this validation write the template the guard just rendered instead
 * of rendering it again (rendering is most of what a guard costs): the next `_toCloudFormation()` of
 * `stack` returns `template` with the elements the synthesizer added since merged in as aws-cdk-lib
 * merges them (`stack.js` `merge`: a new section is appended, a new entry is appended to its section),
 * so the text written is the same to the byte (test/aws/guard/render-once.test.ts). Anything else
 * added since (which no code between validation and synthesis does) makes it render as usual. The offer
 * is used once, and withdrawn on the next microtask: `app.synth()` is synchronous, so it never outlives
 * the synthesis that made it.
 */
function offerRenderedTemplate(stack: Stack, template: any, elements: Set<CfnElement>): () => boolean {
  const instance = stack as any;
  let used = false;
  const offer = function reuseRenderedTemplate(this: any): any {
    withdraw();
    const added = [...cfnElementsOf(stack)].filter(e => !elements.has(e));
    if (added.some(e => !SYNTHESIZER_ELEMENT_IDS.has(e.node.id) || e.node.scope !== stack)) return this._toCloudFormation();
    const fragments = added.map(element => stack.resolve((element as any)._toCloudFormation()) as Record<string, Record<string, unknown>>);
    // aws-cdk-lib throws `section '...' already contains '...'` on a duplicate: render as usual and let it.
    const duplicate = fragments.some(f => Object.entries(f)
      .some(([section, entries]) => Object.keys(entries).some(id => template[section]?.[id] !== undefined)));
    if (duplicate) return this._toCloudFormation();
    for (const fragment of fragments) {
      for (const [section, entries] of Object.entries(fragment)) {
        if (template[section] === undefined) template[section] = entries;
        else Object.assign(template[section], entries);
      }
    }
    used = true;
    return template;
  };
  const withdraw = () => {
    if (Object.prototype.hasOwnProperty.call(instance, '_toCloudFormation') && instance._toCloudFormation === offer) delete instance._toCloudFormation;
  };
  withdraw();
  instance._toCloudFormation = offer;
  queueMicrotask(withdraw);
  return () => used;
}

/**
 * The indent aws-cdk-lib writes `stack`'s template with (`Stack._synthesizeTemplate`: `JSON.stringify`
 * with 1, none under `suppressTemplateIndentation`). If a later version writes differently, the
 * validation plugin finds the files changed and evaluates them itself.
 */
export function templateIndent(stack: Stack): number | undefined {
  return (stack as any)._suppressTemplateIndentation ? undefined : 1;
}
