/**
 * How `SearchGuardrails.enforce` reaches every Stage of the app, whenever it was created.
 *
 * Aspects stop at Stage boundaries, and aws-cdk-lib synthesizes each nested Stage (its own aspects
 * and `validateTree`) before the App runs its aspects (`synthesize` in core/lib/private/synthesis.ts:
 * `synthNestedAssemblies` comes first). The `cdk` CLI sets `@aws-cdk/core:failSynthOnValidationErrors`
 * to false and reports validation plugin results only for the stacks it selected, so a plugin
 * violation in a Stage alone never fails a plain `cdk synth`. Three layers, each failing synthesis:
 *
 * 1. `synth()` of the guarded Stage first adds the guard aspect to every Stage below it that lacks
 *    it, so a Stage created after `enforce` fails in its own synthesis like any other
 *    (`[<construct path>] <rule-id>: ...`).
 * 2. A validation on the guarded Stage evaluates every Stage below it that the aspect did not see
 *    synthesize (a Stage synthesized early, as CDK Pipelines' `addStage` does). It runs in the
 *    guarded Stage's `validateTree`, after every nested Stage has synthesized.
 * 3. Under `skipValidation` only the validation plugin reports: when aws-cdk-lib then throws its
 *    short "Validation failed. A copy of this report ..." error, the guard's findings are added to
 *    its message (`withGuardFindings`).
 */
import { Aspects, Stage } from 'aws-cdk-lib';
import { IValidation } from 'constructs';
import { GuardAspect } from './guard-aspect';
import { guardEvaluationMessages } from './guard-evaluation';
import { stageEvaluation } from './stage-evaluation';
import { lastBlockingMessages } from './validation-plugin';

const ASPECT_ADDED = Symbol.for('search-guardrails.aspect');
const SYNTH_GUARDED = Symbol.for('search-guardrails.synth');
const SYNTH_WRAPPED = Symbol.for('search-guardrails.synth-wrapped');

/** Stages whose synthesis the guard aspect visited (their own `validateTree` ran the guard). */
const seenByAspect = new WeakSet<Stage>();

/** The aspect visits a Stage first in each synthesis of it. */
export function aspectSawSynthesis(stage: Stage): void {
  seenByAspect.add(stage);
}

/** Adds the guard aspect to `stage` and every Stage below it that does not have it yet. */
export function guardStagesBelow(stage: Stage): void {
  for (const s of [stage, ...stage.node.findAll().filter((c): c is Stage => Stage.isStage(c))]) {
    if ((s as any)[ASPECT_ADDED]) continue;
    Object.defineProperty(s, ASPECT_ADDED, { value: true });
    Aspects.of(s).add(new GuardAspect());
  }
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
      for (const c of [target, ...target.node.findAll()]) {
        if (Stage.isStage(c) && enforced.has(c)) guardStagesBelow(c);
      }
      try {
        return synth.apply(this, args);
      } catch (e) {
        throw withGuardFindings(e, target);
      }
    },
  });
}

/** Error findings of the Stages below `guarded` whose synthesis the aspect did not see. */
class UnseenStagesValidation implements IValidation {
  constructor(private readonly guarded: Stage) {}

  public validate(): string[] {
    const unseen = this.guarded.node.findAll()
      .filter((c): c is Stage => Stage.isStage(c) && c !== this.guarded && !seenByAspect.has(c));
    return unseen.flatMap(s => {
      const outcome = stageEvaluation(s);
      if ('error' in outcome) return [`[${s.node.path}] ${outcome.error}`];
      return guardEvaluationMessages(outcome.result);
    });
  }
}

const SHORT_VALIDATION_MESSAGE = 'Validation failed. A copy of this report can be found in';

/**
 * aws-cdk-lib's short plugin error, outside tests, names no rule: add the guard's blocking findings
 * to it (same error object, so its type and the rest of its message stay aws-cdk-lib's).
 */
function withGuardFindings(error: unknown, stage: Stage): unknown {
  if (!(error instanceof Error)) return error;
  // Our wrapper is no frame the user needs: ts-node prints the source of the first frame it finds.
  if (typeof error.stack === 'string') error.stack = error.stack.split('\n').filter(l => !/\bguardedSynth \(/.test(l)).join('\n');
  if (!error.message.startsWith(SHORT_VALIDATION_MESSAGE)) return error;
  const ours = lastBlockingMessages(stage.node.root);
  if (ours.length === 0) return error;
  const original = error.message;
  const message = `search-guardrails failed synthesis:\n  ${ours.join('\n  ')}\n${original}`;
  error.message = message;
  if (typeof error.stack === 'string') error.stack = error.stack.replace(original, message);
  return error;
}
