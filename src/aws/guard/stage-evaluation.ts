/**
 * One evaluation of a Stage per synthesis, shared by the guard's validations (stage-validation.ts)
 * and the validation plugin.
 *
 * The guard's validations render the stage's templates in memory and evaluate them before anything
 * is written. The plugin runs later in the same `app.synth()` on the files aws-cdk-lib wrote from
 * the same templates, so it reuses that result when every file it is given holds the text the guard
 * rendered (written-template.ts) and the acknowledgements are the same. Otherwise it evaluates the
 * files itself: Stages created after `enforce`, `skipValidation`, or a template that changed between
 * validation and writing (a changed template must never pass on a cached result).
 */
import { Annotations, Stack, Stage } from 'aws-cdk-lib';
import { acknowledgementsInTree, hasPendingLookups, readStageTree, renderStageTemplates, StageTree, withdrawOffers } from './construct-tree';
import { evaluateTemplates } from './guard-evaluation';
import { RenderedTemplateText, renderedTemplateText, writtenAsRendered } from './written-template';
import { EvaluationResult } from '../../core/engine';
import { GuardrailsInputError } from '../../core/errors';
import { Acknowledgement, Severity } from '../../core/findings/finding';

export type StageOutcome = { readonly result: EvaluationResult } | { readonly error: string };

/** A template file the validation plugin was given: its name and where aws-cdk-lib wrote it. */
export interface WrittenTemplate {
  readonly file: string;
  readonly path: string;
}

/** How to tell whether a written template file holds what the guard evaluated. */
interface RenderedTemplate {
  /** True once synthesis wrote the guard's own render (the guard renders each template once). */
  readonly writtenByOffer: () => boolean;
  /** The text aws-cdk-lib writes for that render, computed only when synthesis rendered anew. */
  readonly text: () => RenderedTemplateText;
}

interface StageEvaluation {
  readonly outcome: StageOutcome;
  /** The stage's construct tree as this evaluation read it. */
  readonly tree: StageTree;
  /** Template file name -> how to check it, per stack artifact (nested stacks are assets). */
  readonly rendered: ReadonlyMap<string, RenderedTemplate>;
  /** The acknowledgements applied, as a comparable key. */
  readonly acknowledgements: string;
}

const EMPTY_RESULT: EvaluationResult = { findings: [], acknowledged: [], acknowledgements: [], rejectedAcknowledgements: [] };

const evaluations = new WeakMap<Stage, StageEvaluation>();

/**
 * A synthesis of `stage` starts (its `synth()` is called; stage-coverage.ts): forget its evaluation,
 * and withdraw the renders offered to an earlier synthesis that failed before writing them (same tick:
 * the microtask that withdraws them has not run).
 */
export function startStageSynthesis(stage: Stage): void {
  const stale = evaluations.get(stage);
  evaluations.delete(stage);
  if (stale) withdrawOffers(stale.tree.stacks);
}

/**
 * The stage's evaluation for the guard's validations: the first validation of a synthesis computes
 * it, the others reuse it (`validateTree` calls them in one synchronous loop). It is dropped when the
 * stage synthesizes again and on the next microtask, so a later validation pass never sees it; the
 * plugin runs in the same synchronous `app.synth()` and still finds it.
 */
export function stageEvaluation(stage: Stage): StageOutcome {
  return currentEvaluation(stage).outcome;
}

/** The stage's construct tree as the evaluation of this synthesis read it (same lifetime as `stageEvaluation`). */
export function stageTree(stage: Stage): StageTree {
  return currentEvaluation(stage).tree;
}

function currentEvaluation(stage: Stage): StageEvaluation {
  let entry = evaluations.get(stage);
  if (!entry) {
    const evaluated = evaluateStage(stage);
    evaluations.set(stage, evaluated);
    queueMicrotask(() => {
      if (evaluations.get(stage) === evaluated) evaluations.delete(stage);
    });
    entry = evaluated;
  }
  return entry;
}

/**
 * The guard's evaluation of `stage` in this synthesis when it covers every one of `templates` as
 * written and was made with the same acknowledgements; undefined when the plugin must evaluate.
 */
export function reusableStageResult(
  stage: Stage,
  templates: readonly WrittenTemplate[],
  acknowledgements: readonly Acknowledgement[],
): EvaluationResult | undefined {
  const entry = evaluations.get(stage);
  if (!entry || !('result' in entry.outcome) || entry.acknowledgements !== acknowledgementKey(acknowledgements)) return undefined;
  const asRendered = templates.every(t => {
    const rendered = entry.rendered.get(t.file);
    return rendered !== undefined && (rendered.writtenByOffer() || writtenAsRendered(t.path, rendered.text()));
  });
  return asRendered ? entry.outcome.result : undefined;
}

function evaluateStage(stage: Stage): StageEvaluation {
  const texts = new Map<string, RenderedTemplate>();
  const tree = readStageTree(stage);
  // A Stage that holds only Stages (each evaluates its own stacks) has nothing to evaluate.
  if (tree.stacks.length === 0) return { outcome: { result: EMPTY_RESULT }, tree, rendered: texts, acknowledgements: '' };
  try {
    const acknowledgements = acknowledgementsInTree(stage);
    const rendered = renderStageTemplates(tree);
    if (rendered === undefined) return { outcome: { result: EMPTY_RESULT }, tree, rendered: texts, acknowledgements: '' };
    const result = deferredWhileLookupsPending(stage, evaluateTemplates(rendered.map(r => r.input), acknowledgements), tree.stacks);
    for (const { stack, writtenByOffer, unwritten } of rendered) {
      if (stack.nested) continue;
      // Only when synthesis rendered anew is the text needed, and then the template object is as the
      // guard rendered it (it changes only when synthesis uses the offer): stringify it then, lazily.
      let text: RenderedTemplateText | undefined;
      texts.set(stack.templateFile, { writtenByOffer, text: () => (text ??= renderedTemplateText(stack, unwritten())) });
    }
    return { outcome: { result }, tree, rendered: texts, acknowledgements: acknowledgementKey(acknowledgements) };
  } catch (e) {
    if (!GuardrailsInputError.isGuardrailsInputError(e)) throw e;
    return { outcome: { error: `search-guardrails could not read the templates: ${e.message}` }, tree, rendered: texts, acknowledgements: '' };
  }
}

/**
 * While a context lookup of the stage is pending, its templates hold aws-cdk-lib's placeholders
 * (`Vpc.fromLookup`: CIDR 1.2.3.4/5), and the CLI performs the lookups only after this synthesis
 * succeeds: error findings wait for the real values (the next synthesis judges them), with a warning
 * on each stack that has a pending lookup. Warnings stay.
 */
export function deferredWhileLookupsPending(
  stage: Stage, result: EvaluationResult, stacks: readonly Stack[] = readStageTree(stage).stacks,
): EvaluationResult {
  const pending = stacks.filter(hasPendingLookups);
  const deferred = result.findings.filter(f => f.severity === Severity.ERROR);
  if (pending.length === 0 || deferred.length === 0) return result;
  for (const stack of pending) {
    Annotations.of(stack).addWarningV2('search-guardrails:lookup-pending',
      `search-guardrails defers ${deferred.length} error finding(s) (${[...new Set(deferred.map(f => f.ruleId))].join(', ')}) of this Stage until its context lookups resolve; the next synthesis, with the looked-up values, judges them.`);
  }
  return { ...result, findings: result.findings.filter(f => f.severity !== Severity.ERROR) };
}

function acknowledgementKey(acknowledgements: readonly Acknowledgement[]): string {
  return JSON.stringify(acknowledgements);
}
