/**
 * The guard's validations. Each guarded Stage has one (`StageValidation`): `validateTree` (aws-cdk-lib
 * core/lib/private/synthesis.js) runs it first among the stage's validations, after `prepare`, since
 * it visits the stage's constructs in pre-order from the Stage itself. It evaluates the stage's
 * templates, rendered in memory (overrides and cross-stack exports included), once per synthesis
 * (stage-evaluation.ts; the validation plugin reuses the result), and gives every stack of the stage
 * a validation of its own. The first stack's validation gives each resource an error finding is
 * located on (security groups, standalone ingress rules, domains, ... : guarded-types.ts) a
 * validation of its own, so `app.synth()` throws with `[<construct path>] <rule-id>: ...`; each stack
 * reports the findings no such resource hosts.
 *
 * No aspect: aws-cdk-lib charges an aspect on every construct of the app, in each of its passes
 * (`invokeAspectsV2` computes `node.path` and sorts the aspects per construct), while the guard needs
 * only the stacks, which the Stage's validation finds after every aspect and `prepare` have run (so
 * stacks that aspects add are guarded too).
 */
import { Annotations, Stack, Stage } from 'aws-cdk-lib';
import { IConstruct, IValidation } from 'constructs';
import { StageTree } from './construct-tree';
import { synthesisMessage } from './guard-evaluation';
import { stageEvaluation, stageTree, startStageSynthesis } from './stage-evaluation';
import { EvaluationResult } from '../../core/engine';
import { Severity } from '../../core/findings/finding';

const GUARDED = Symbol.for('search-guardrails.guarded');

/** Stages whose synthesis ran their `StageValidation` (their own `validateTree` ran the guard). */
const validatedInSynthesis = new WeakSet<Stage>();

/** Whether a synthesis of `stage` ran its guard validation (else the guarded Stage above evaluates it). */
export function guardValidatedSynthesisOf(stage: Stage): boolean {
  return validatedInSynthesis.has(stage);
}

/** Gives `stage` the guard's validation (once). */
export function addStageValidation(stage: Stage): void {
  guardOnce(stage, () => new StageValidation(stage));
}

/** Evaluates the stage and guards each of its stacks; reports nothing itself. */
class StageValidation implements IValidation {
  constructor(private readonly stage: Stage) {}

  public validate(): string[] {
    // The Stage's synth() has forgotten earlier results already (stage-coverage.ts); this validation
    // runs first in the stage's validateTree, so forgetting them here too costs nothing and holds
    // even if something else wrapped synth().
    startStageSynthesis(this.stage);
    validatedInSynthesis.add(this.stage);
    for (const stack of stageTree(this.stage).stacks) guardOnce(stack, () => new StackValidation(stack));
    return [];
  }
}

function guardOnce(node: IConstruct, make: () => IValidation): void {
  if ((node as any)[GUARDED]) return;
  Object.defineProperty(node, GUARDED, { value: true });
  node.node.addValidation(make());
}

/** Error findings located exactly on one construct. */
class ConstructValidation implements IValidation {
  constructor(private readonly construct: IConstruct) {}

  public validate(): string[] {
    const stage = Stage.of(this.construct);
    if (!stage) return [];
    const outcome = stageEvaluation(stage);
    if ('error' in outcome) return [];
    return outcome.result.findings
      .filter(f => f.severity === Severity.ERROR && f.constructPath === this.construct.node.path)
      .map(f => synthesisMessage(f, outcome.result));
  }
}

/** Input errors of the stage, and error findings of this stack that no guarded construct hosts. */
class StackValidation implements IValidation {
  constructor(private readonly stack: Stack) {}

  public validate(): string[] {
    const stage = Stage.of(this.stack);
    if (!stage) return [];
    const outcome = stageEvaluation(stage);
    const tree = stageTree(stage);
    const first = tree.stacks[0] === this.stack;
    if ('error' in outcome) return first ? [outcome.error] : [];
    if (first) {
      attachConstructValidations(tree, outcome.result);
      warnUnmatchedAcknowledgements(stage, this.stack, outcome.result);
    }
    const hosted = tree.guardedPaths.get(this.stack) ?? new Set<string>();
    return outcome.result.findings
      .filter(f => f.severity === Severity.ERROR && f.stack === this.stack.stackName
        && (f.constructPath === undefined || !hosted.has(f.constructPath)))
      .map(f => synthesisMessage(f, outcome.result));
  }
}

/**
 * A validation on each resource of a guarded type that an error finding is located on. Called from
 * the validation of the stage's first stack, before any of them is validated: `validateTree`
 * (aws-cdk-lib core/lib/private/synthesis.js) visits the stage's constructs in pre-order and calls
 * each one's `node.validate()` when it reaches it, which reads the validations the construct has then
 * (constructs `construct.js`: `validate() { return (this._validations ?? []).flatMap(...) }`), and
 * every resource of the stage comes after its stack, and every stack after the first. A clean app
 * gets none (a validation on each of thousands of resources cost more than the rest of the guard).
 */
function attachConstructValidations(tree: StageTree, result: EvaluationResult): void {
  for (const finding of result.findings) {
    if (finding.severity !== Severity.ERROR || finding.constructPath === undefined) continue;
    const construct = tree.guarded.get(finding.constructPath);
    if (construct) guardOnce(construct, () => new ConstructValidation(construct));
  }
}

const WARNED = Symbol.for('search-guardrails.unmatched-warned');

/**
 * A warning on each acknowledgement recorded in `stage` that covers no finding (spec: "one that
 * matched nothing is a warning"), on its construct (or on the stage's first stack when the
 * construct is in no stack). The evaluation holds every acknowledgement of the app; each Stage warns
 * about its own.
 */
function warnUnmatchedAcknowledgements(stage: Stage, firstStack: Stack, result: EvaluationResult): void {
  const unmatched = result.unmatchedAcknowledgements ?? [];
  if (unmatched.length === 0) return;
  const byPath = new Map(stage.node.findAll().map(c => [c.node.path, c]));
  for (const ack of unmatched) {
    const construct = ack.scope.constructPath !== undefined ? byPath.get(ack.scope.constructPath) : undefined;
    if (!construct || Stage.of(construct) !== stage) continue;
    const target: IConstruct = Stage.isStage(construct) ? firstStack : construct;
    const key = `${ack.ruleId}\u0000${ack.scope.constructPath}`;
    const warned: Set<string> = (target as any)[WARNED] ?? new Set<string>();
    if (warned.has(key)) continue;
    warned.add(key);
    if (!(target as any)[WARNED]) Object.defineProperty(target, WARNED, { value: warned });
    Annotations.of(target).addWarningV2('search-guardrails:unmatched-acknowledgement',
      `search-guardrails: the acknowledgement of ${ack.ruleId} at ${ack.scope.constructPath} ("${ack.reason}") matches no finding in its subtree. Remove it, or acknowledge the construct the finding names.`);
  }
}
