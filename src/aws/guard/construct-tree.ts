/**
 * What the guard reads from the construct tree: stacks of a stage, logical id -> construct path,
 * acknowledgements recorded with `Validations.of(x).acknowledge` / `SearchGuardrails.acknowledge`.
 * Read-only: nothing here changes the tree.
 */
import { CfnElement, CfnResource, Stack, Stage, Token } from 'aws-cdk-lib';
import { Construct, IConstruct, MetadataEntry } from 'constructs';
import { isGuardedType } from './guarded-types';
import { Acknowledgement } from '../../core/findings/finding';
import { ACKNOWLEDGED_RULES_METADATA_TYPE, acknowledgementsFromAssemblyMetadata } from '../../formats/cloudformation/acknowledgements';
import { CloudFormationTemplateInput } from '../../formats/cloudformation/template-set';

/** What the guard reads of one stage's construct tree, read in one walk (the tree is large; walks are not free). */
export interface StageTree {
  /** The stacks (nested stacks included) that belong to the stage itself, not to a nested stage, in tree order. */
  readonly stacks: readonly Stack[];
  /** The CloudFormation elements each stack renders: its own, not those of its nested stacks. */
  readonly elements: ReadonlyMap<Stack, readonly CfnElement[]>;
  /** Paths of the resources of a guarded type in each stack's subtree (its nested stacks included). */
  readonly guardedPaths: ReadonlyMap<Stack, ReadonlySet<string>>;
  /** The resources of a guarded type of the stage, by construct path. */
  readonly guarded: ReadonlyMap<string, CfnResource>;
}

/**
 * One pre-order walk of `stage` (the order of `node.findAll()`), skipping nested Stages (each has its
 * own evaluation). An element belongs to the nearest Stack above it, as `Stack.of` finds it.
 */
export function readStageTree(stage: Stage): StageTree {
  const stacks: Stack[] = [];
  const elements = new Map<Stack, CfnElement[]>();
  const guardedPaths = new Map<Stack, Set<string>>();
  const guarded = new Map<string, CfnResource>();
  const visit = (scope: IConstruct, stack: Stack | undefined, enclosing: readonly Set<string>[]): void => {
    for (const child of scope.node.children) {
      if (Stage.isStage(child)) continue;
      if (Stack.isStack(child)) {
        const paths = new Set<string>();
        stacks.push(child);
        elements.set(child, []);
        guardedPaths.set(child, paths);
        visit(child, child, [...enclosing, paths]);
        continue;
      }
      if (stack !== undefined && CfnElement.isCfnElement(child)) {
        elements.get(stack)!.push(child);
        if (CfnResource.isCfnResource(child) && isGuardedType(child.cfnResourceType)) {
          const path = child.node.path;
          guarded.set(path, child);
          for (const paths of enclosing) paths.add(path);
        }
      }
      visit(child, stack, enclosing);
    }
  };
  visit(stage, undefined, []);
  return { stacks, elements, guardedPaths, guarded };
}

/** Whether a context lookup of `stack` (`Vpc.fromLookup`, ...) has not run yet. */
export function hasPendingLookups(stack: Stack): boolean {
  // Stack.reportMissingContextKey records them here; the CLI performs them only after a synthesis succeeds.
  const missing = (stack as any)._missingContext;
  return Array.isArray(missing) && missing.length > 0;
}

/**
 * The construct path of a CloudFormation element of `stack` (of `elements`, those of `stack`) by logical
 * id, as a template input's `constructPathOf`: the map of every element is made on the first call, so an
 * evaluation that reads no path (no finding) allocates no logical id (aws-cdk-lib `allocateLogicalId`,
 * an MD5 of each path: 12-25 ms of CPU for the bench's 1,105-resource app, 20-50 ms for its L2 app,
 * measured cold outside a synthesis). The ids are those of the tree when first asked, during the
 * evaluation that follows the render.
 */
export function constructPathLookup(stack: Stack, elements?: readonly CfnElement[]): (logicalId: string) => string | undefined {
  let paths: Map<string, string> | undefined;
  return logicalId => {
    if (paths === undefined) {
      paths = new Map();
      for (const c of elements ?? cfnElementsOf(stack)) paths.set(logicalIdOf(stack, c), c.node.path);
    }
    return paths.get(logicalId);
  };
}

/**
 * The logical id `element` is rendered with. Its `logicalId` is a lazy token whose producer is
 * `_synthesizeLogicalId()` (aws-cdk-lib `cfn-element.js`: "produce: () => this._synthesizeLogicalId()",
 * the override or `stack.getLogicalId(this)`): calling it directly skips a token resolution per
 * element; anything else (another aws-cdk-lib, an override that is a token) resolves the token.
 */
function logicalIdOf(stack: Stack, element: CfnElement): string {
  const synthesize = (element as any)._synthesizeLogicalId;
  if (typeof synthesize === 'function') {
    const id = synthesize.call(element);
    if (typeof id === 'string' && !Token.isUnresolved(id)) return id;
  }
  return stack.resolve(element.logicalId);
}

/** Every acknowledgement of a search-guardrails rule recorded anywhere in the app of `scope`. */
export function acknowledgementsInTree(scope: IConstruct): Acknowledgement[] {
  const metadata: Record<string, Array<{ type: string; data?: any }>> = {};
  // In the order of `node.findAll()`, without its array of every construct.
  const visit = (c: IConstruct): void => {
    const own = metadataOf(c);
    if (own.length > 0) {
      const entries = own.filter(m => m.type === ACKNOWLEDGED_RULES_METADATA_TYPE);
      if (entries.length > 0) metadata[c.node.path] = entries;
    }
    for (const child of c.node.children) visit(child);
  };
  visit(scope.node.root);
  return acknowledgementsFromAssemblyMetadata(metadata);
}

const NO_METADATA: readonly MetadataEntry[] = [];
let ownMetadataField: boolean | undefined;

/**
 * The metadata entries of `c`, read only. The public getter copies them on every read (constructs
 * 10 `construct.js`: `get metadata() { return [...this._metadata ?? []]; }`), for each of the app's
 * thousands of constructs, most of which have none; the field it copies is read when this version of
 * constructs has it (checked once on a construct of our own), else the getter.
 */
function metadataOf(c: IConstruct): readonly MetadataEntry[] {
  ownMetadataField ??= hasOwnMetadataField();
  if (!ownMetadataField) return c.node.metadata;
  const own = (c.node as any)._metadata;
  return Array.isArray(own) ? own : NO_METADATA;
}

function hasOwnMetadataField(): boolean {
  const probe = new Construct(undefined as any, '');
  if ((probe.node as any)._metadata !== undefined) return false;
  probe.node.addMetadata('search-guardrails:probe', true);
  const own = (probe.node as any)._metadata;
  return Array.isArray(own) && own.length === 1 && own[0].type === 'search-guardrails:probe';
}

/** One stack's template rendered in memory, with the stack it belongs to. */
export interface RenderedStackTemplate {
  readonly stack: Stack;
  readonly input: CloudFormationTemplateInput;
  /** True once synthesis wrote this very render (see `offerRenderedTemplate`). */
  readonly writtenByOffer: () => boolean;
  /**
   * The render, until synthesis writes it (then undefined: the guard keeps no copy of a written
   * template alive, as a synthesis without the guard keeps none).
   */
  readonly unwritten: () => any;
}

/**
 * The templates of a stage as they will be written, rendered in memory after `prepare` (so
 * escape-hatch overrides and cross-stack exports are in). Undefined when this aws-cdk-lib cannot
 * render a template without synthesizing (the validation plugin still checks the files).
 */
export function renderStageTemplates(tree: StageTree): RenderedStackTemplate[] | undefined {
  const rendered: RenderedStackTemplate[] = [];
  for (const stack of tree.stacks) {
    withdrawOffer(stack);
    const render = (stack as any)._toCloudFormation;
    if (typeof render !== 'function') return undefined;
    const elements = tree.elements.get(stack) ?? [];
    const template = render.call(stack);
    const { writtenByOffer, unwritten } = offerRenderedTemplate(stack, template, new Set(elements));
    rendered.push({
      stack,
      writtenByOffer,
      unwritten,
      input: {
        file: stack.templateFile,
        stackName: stack.stackName,
        template,
        constructPathOf: constructPathLookup(stack, elements),
      },
    });
  }
  return rendered;
}

/**
 * The CloudFormation elements `Stack._toCloudFormation` renders: those of `stack`, not of nested
 * stacks (`Stack.of(element) === stack`: the nearest Stack above an element is its stack, and no
 * element below a Stage belongs to a stack above it). One walk that skips nested stacks and Stages.
 */
function cfnElementsOf(stack: Stack): CfnElement[] {
  const elements: CfnElement[] = [];
  const visit = (scope: IConstruct): void => {
    for (const child of scope.node.children) {
      if (Stack.isStack(child) || Stage.isStage(child)) continue;
      if (CfnElement.isCfnElement(child)) elements.push(child);
      visit(child);
    }
  };
  visit(stack);
  return elements;
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
 * is used once, and withdrawn on the next microtask (`app.synth()` is synchronous), when the stage
 * synthesizes again (a synthesis that failed in validation never wrote it: another `app.synth()` in the
 * same tick must render the app as it is then, `withdrawOffers`), and before the guard renders again.
 */
function offerRenderedTemplate(stack: Stack, rendered: any, elements: Set<CfnElement>): { writtenByOffer: () => boolean; unwritten: () => any } {
  const instance = stack as any;
  let used = false;
  const box: { template?: any } = { template: rendered };
  const offer = function reuseRenderedTemplate(this: any): any {
    withdraw();
    const template = box.template;
    const added = cfnElementsOf(stack).filter(e => !elements.has(e));
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
    box.template = undefined;
    return template;
  };
  const withdraw = () => {
    if (Object.prototype.hasOwnProperty.call(instance, '_toCloudFormation') && instance._toCloudFormation === offer) delete instance._toCloudFormation;
    if (offers.get(stack) === withdraw) offers.delete(stack);
  };
  withdraw();
  instance._toCloudFormation = offer;
  offers.set(stack, withdraw);
  queueMicrotask(withdraw);
  return { writtenByOffer: () => used, unwritten: () => box.template };
}

/** The withdrawal of each stack's pending offer. */
const offers = new WeakMap<Stack, () => void>();

function withdrawOffer(stack: Stack): void {
  offers.get(stack)?.();
  offers.delete(stack);
}

/** Withdraws every pending offer of `stacks` (a new synthesis of their stage starts). */
export function withdrawOffers(stacks: Iterable<Stack>): void {
  for (const stack of stacks) withdrawOffer(stack);
}

/**
 * The indent aws-cdk-lib writes `stack`'s template with (`Stack._synthesizeTemplate`: `JSON.stringify`
 * with 1, none under `suppressTemplateIndentation`). If a later version writes differently, the
 * validation plugin finds the files changed and evaluates them itself.
 */
export function templateIndent(stack: Stack): number | undefined {
  return (stack as any)._suppressTemplateIndentation ? undefined : 1;
}
