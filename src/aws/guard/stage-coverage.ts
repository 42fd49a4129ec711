/**
 * How `SearchGuardrails.enforce` reaches every Stage of the app, whenever it was created.
 *
 * Validations, like aspects, stop at Stage boundaries: aws-cdk-lib synthesizes each nested Stage (its
 * own aspects and `validateTree`) before the App runs its own (`synthesize` in
 * core/lib/private/synthesis.ts: `synthNestedAssemblies` comes first, and it calls `child.synth(options)`
 * on each Stage child). The `cdk` CLI sets `@aws-cdk/core:failSynthOnValidationErrors`
 * to false and reports validation plugin results only for the stacks it selected, so a plugin
 * violation in a Stage alone never fails a plain `cdk synth`. Three layers, each failing synthesis:
 *
 * 1. `synth()` of the guarded Stage first gives the guard's Stage validation (stage-validation.ts) to
 *    every Stage below it that lacks it, so a Stage created after `enforce` fails in its own
 *    synthesis like any other (`[<construct path>] <rule-id>: ...`). Each such Stage's `synth` starts
 *    by forgetting the guard's results of its earlier synthesis (`startStageSynthesis`).
 * 2. A validation on the guarded Stage evaluates every Stage below it whose synthesis the guard's
 *    validation did not run in (a Stage synthesized early, as CDK Pipelines' `addStage` does). It runs
 *    in the guarded Stage's `validateTree`, after every nested Stage has synthesized.
 * 3. Under `skipValidation` only the validation plugin reports: when aws-cdk-lib then throws its
 *    short "Validation failed. A copy of this report ..." error, the guard's findings are added to
 *    its message (`withGuardFindings`).
 */
import { Stage, StageSynthesisOptions } from 'aws-cdk-lib';
import { IConstruct, IValidation } from 'constructs';
import { guardEvaluationMessages } from './guard-evaluation';
import { stageEvaluation, startStageSynthesis } from './stage-evaluation';
import { addStageValidation, guardValidatedSynthesisOf } from './stage-validation';
import { lastBlockingMessages } from './validation-plugin';

const STAGE_GUARDED = Symbol.for('search-guardrails.stage-guarded');
const SYNTH_GUARDED = Symbol.for('search-guardrails.synth');
const SYNTH_WRAPPED = Symbol.for('search-guardrails.synth-wrapped');

/** Gives `stage` and every Stage below it that lacks it the guard's Stage validation. */
export function guardStagesBelow(stage: Stage): void {
  guardStage(stage);
  for (const s of stagesBelow(stage)) guardStage(s);
}

function guardStage(stage: Stage): void {
  if ((stage as any)[STAGE_GUARDED]) return;
  Object.defineProperty(stage, STAGE_GUARDED, { value: true });
  addStageValidation(stage);
  startEachSynthesis(stage);
}

/** The Stages below `scope` (not `scope` itself), in pre-order: one walk, which collects only Stages. */
function stagesBelow(scope: IConstruct): Stage[] {
  const stages: Stage[] = [];
  const visit = (c: IConstruct): void => {
    for (const child of c.node.children) {
      if (Stage.isStage(child)) stages.push(child);
      visit(child);
    }
  };
  visit(scope);
  return stages;
}

/**
 * Wraps `stage.synth` so that each synthesis of it starts afresh: results of an earlier one are
 * stale, and renders offered to an earlier synthesis that failed before writing them are withdrawn
 * (even under `skipValidation`, when no validation of the guard runs). A call that returns the
 * cached assembly synthesizes nothing: the evaluation of the synthesis that wrote it stays, for the
 * plugin of the App that synthesizes next in the same tick (CDK Pipelines' `addStage`,
 * `Template.fromStack` before `app.synth()`).
 */
function startEachSynthesis(stage: Stage): void {
  const synth = stage.synth;
  Object.defineProperty(stage, 'synth', {
    configurable: true,
    writable: true,
    value: function guardedStageSynth(this: Stage, ...args: Parameters<Stage['synth']>) {
      if (synthesizesAnew(stage, args[0])) startStageSynthesis(stage);
      try {
        return synth.apply(this, args);
      } catch (e) {
        throw withoutOwnFrames(e);
      }
    },
  });
}

/**
 * Whether `stage.synth(options)` will synthesize rather than return its cached assembly, as
 * aws-cdk-lib's `Stage.synth` decides (stage.js: `constructPathsCache.size == 0 || !this.assembly ||
 * options.force`); true when this aws-cdk-lib keeps neither field (forgetting is always safe).
 */
function synthesizesAnew(stage: Stage, options: StageSynthesisOptions | undefined): boolean {
  const { assembly, constructPathsCache } = stage as any;
  if (options?.force || !assembly || typeof constructPathsCache?.size !== 'number') return true;
  return constructPathsCache.size === 0;
}

/** Stages `enforce` was called on. */
const enforced = new WeakSet<Stage>();

/** Layers 1 to 3 for the guarded `stage` (once), and layer 3 on its App when it is a Stage below one. */
export function guardSynthesisOf(stage: Stage): void {
  if ((stage as any)[SYNTH_GUARDED]) return;
  Object.defineProperty(stage, SYNTH_GUARDED, { value: true });
  enforced.add(stage);
  stage.node.addValidation(new UnseenStagesValidation(stage));
  wrapSynth(stage);
  const root = stage.node.root;
  // The plugin's short error is thrown by the App's synthesis (plugins run only there).
  if (root !== stage && Stage.isStage(root)) wrapSynth(root);
}

/** Wraps `target.synth`: guard the Stages below every enforced Stage in it, then synthesize. */
function wrapSynth(target: Stage): void {
  if ((target as any)[SYNTH_WRAPPED]) return;
  Object.defineProperty(target, SYNTH_WRAPPED, { value: true });
  const synth = target.synth;
  Object.defineProperty(target, 'synth', {
    configurable: true,
    writable: true,
    value: function guardedSynth(this: Stage, ...args: Parameters<Stage['synth']>) {
      // Every Stage at or below an enforced one gets the guard (layer 1).
      for (const s of [target, ...stagesBelow(target)]) {
        if (s.node.scopes.some(c => Stage.isStage(c) && enforced.has(c))) guardStage(s);
      }
      try {
        return synth.apply(this, args);
      } catch (e) {
        throw withGuardFindings(e, target);
      }
    },
  });
}

/** Error findings of the Stages below `guarded` whose synthesis the guard's Stage validation did not run in. */
class UnseenStagesValidation implements IValidation {
  constructor(private readonly guarded: Stage) {}

  public validate(): string[] {
    // The Stages below it now, not when its synth() began: an aspect of a nested Stage can create a
    // Stage during that Stage's synthesis (unguarded: layer 1 ran before), and when it lies where
    // `synthNestedAssemblies` has not reached yet (a later Stage or construct), it is synthesized
    // and written in this very synthesis.
    const unseen = stagesBelow(this.guarded).filter(c => !guardValidatedSynthesisOf(c));
    return unseen.flatMap(s => {
      const outcome = stageEvaluation(s);
      if ('error' in outcome) return [`[${s.node.path}] ${outcome.error}`];
      return guardEvaluationMessages(outcome.result);
    });
  }
}

/** Our wrappers are no frames the user needs: ts-node prints the source of the first frame it finds. */
function withoutOwnFrames<T>(error: T): T {
  if (error instanceof Error && typeof error.stack === 'string') {
    error.stack = error.stack.split('\n').filter(l => !/\bguarded(Stage)?Synth \(/.test(l)).join('\n');
  }
  return error;
}

const SHORT_VALIDATION_MESSAGE = 'Validation failed. A copy of this report can be found in';

/**
 * aws-cdk-lib's short plugin error, outside tests, names no rule: add the guard's blocking findings
 * to it (same error object, so its type and the rest of its message stay aws-cdk-lib's).
 */
function withGuardFindings(error: unknown, stage: Stage): unknown {
  withoutOwnFrames(error);
  if (!(error instanceof Error)) return error;
  if (!error.message.startsWith(SHORT_VALIDATION_MESSAGE)) return error;
  const ours = lastBlockingMessages(stage.node.root);
  if (ours.length === 0) return error;
  const original = error.message;
  const message = `search-guardrails failed synthesis:\n  ${ours.join('\n  ')}\n${original}`;
  error.message = message;
  if (typeof error.stack === 'string') error.stack = error.stack.replace(original, message);
  return error;
}
