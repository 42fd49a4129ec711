/**
 * The per-stack guard: a stack validation that, once aspects have run, evaluates the stack's resolved
 * Terraform JSON (`stack.toTerraform()`, overrides included) with the core engine and reports every
 * failing finding as a validation error of the offending construct, so `app.synth()` throws.
 *
 * Order inside cdktf 0.21's `StackSynthesizer.synthesize`: invokeAspects(stack) ->
 * stack.runAllValidations() (preorder: the stack's own validation runs first) -> custom synthesis of
 * assets -> annotations collected (an error annotation throws) -> `stack.toTerraform()` -> write
 * cdk.tf.json. The stack validation evaluates once per synthesis and gives each construct a finding
 * is located on a validation that reports its share (see `reportOnConstructs`).
 *
 * Rendering is the costly part (a full token resolution of the stack), so it happens once: within one
 * `synthesizer.synthesize` call, the JSON the guard evaluated is what the synthesizer's own
 * `toTerraform()` returns and writes (see `renderOnce`). Nothing changes the stack between the two in
 * cdktf 0.21, and if something did, the file would still be exactly what was evaluated.
 */
import { Annotations, App, ISynthesisSession, IStackSynthesizer, TerraformStack } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { evaluate, EvaluationResult } from '../../core/engine';
import { Finding, Severity } from '../../core/findings/finding';
import { acknowledgementsFromTerraformJson } from '../../formats/terraform/acknowledgements';
import { terraformJsonToDocument } from '../../formats/terraform/terraform-document';
import { terraformToModel } from '../../formats/terraform/terraform-to-model';

const GUARDED = Symbol.for('search-guardrails.azure.guarded-stack');
const NODE_VALIDATION = Symbol.for('search-guardrails.azure.node-validation');
/**
 * cdktf 0.21's hook for constructs that act during synthesis (`addCustomSynthesis` in
 * synthesize/synthesizer.js, not exported): `onSynthesize` runs after aspects and validations, before
 * annotations are collected.
 */
const CUSTOM_SYNTHESIS = Symbol.for('cdktf/customSynthesis');
const AFTER_ASPECTS_ID = 'SearchGuardrailsAfterAspects';

/** Whether the guard is already attached to this stack. */
export function isGuarded(stack: TerraformStack): boolean {
  return (stack as any)[GUARDED] !== undefined;
}

/** Attaches the guard to one stack (idempotent). */
export function guardStack(stack: TerraformStack): void {
  if (isGuarded(stack)) {
    return;
  }
  const guard = new StackGuard(stack, stack.toTerraform.bind(stack));
  Object.defineProperty(stack, GUARDED, { value: guard });
  stack.node.addValidation({ validate: () => guard.validateStack() });
  // No aspect: cdktf invokes an aspect on every construct of the stack, and the guard needs to act
  // only when the stack's synthesizer starts (renderOnce).
  renderOnce(stack, guard);
}

/** Evaluates one stack's Terraform JSON with the engine. */
export function evaluateStack(stack: TerraformStack): EvaluationResult {
  return evaluateTerraformJson(stack.toTerraform(), stack.node.id);
}

/** Evaluates a stack's rendered Terraform JSON (read only: the JSON is not changed). */
export function evaluateTerraformJson(json: Record<string, any>, stackId: string): EvaluationResult {
  const model = terraformToModel([terraformJsonToDocument(json, { stack: stackId })]);
  const acknowledgements = acknowledgementsFromTerraformJson(json, { stack: stackId });
  return evaluate(model, { acknowledgements, invalidAcknowledgements: 'report' });
}

/**
 * Shares the guard's rendering with the synthesizer: while the stack's synthesizer runs, the first
 * `stack.toTerraform()` after the guard's validation returns the JSON the guard evaluated (and forgets
 * it); every other call renders afresh. When the synthesizer returns or throws, anything not taken is
 * dropped, so no rendering outlives the synthesis it belongs to (a later `toTerraform()`, another
 * `app.synth()` after a change, `Testing.synth` all render the stack as it is then).
 *
 * The synthesizer's `synthesize` is wrapped (cdktf 0.21's `App.synth` calls
 * `stack.synthesizer.synthesize(session)` for each stack), and so is any synthesizer assigned to the
 * stack later (`synthesizer` becomes an accessor of the stack).
 */
function renderOnce(stack: TerraformStack, guard: StackGuard): void {
  let current = wrapSynthesizer(stack.synthesizer, guard);
  Object.defineProperty(stack, 'synthesizer', {
    get: () => current,
    set: (synthesizer: IStackSynthesizer) => {
      current = wrapSynthesizer(synthesizer, guard);
    },
    configurable: true,
    enumerable: true,
  });
  Object.defineProperty(stack, 'toTerraform', {
    value: () => guard.takeRendered() ?? guard.render(),
    configurable: true,
    writable: true,
  });
}

const WRAPPED_FOR = Symbol.for('search-guardrails.azure.synthesizer-of');

function wrapSynthesizer(synthesizer: IStackSynthesizer, guard: StackGuard): IStackSynthesizer {
  const synthesize = (synthesizer as { synthesize?: unknown } | undefined)?.synthesize;
  if (typeof synthesize !== 'function' || (synthesizer as any)[WRAPPED_FOR] === guard) {
    return synthesizer;
  }
  Object.defineProperty(synthesizer, WRAPPED_FOR, { value: guard, configurable: true });
  Object.defineProperty(synthesizer, 'synthesize', {
    value: (session: ISynthesisSession, ...rest: unknown[]) => guard.duringSynthesis(session, () => synthesize.call(synthesizer, session, ...rest)),
    configurable: true,
    writable: true,
  });
  return synthesizer;
}

/** Text for one failing finding, with a note when an acknowledgement of it was refused. */
export function findingMessage(finding: Finding, result: EvaluationResult): string {
  const refused = result.rejectedAcknowledgements.filter(r => r.acknowledgement.ruleId === finding.ruleId
    && (finding.constructPath ?? '').startsWith(r.acknowledgement.scope.constructPath ?? '\u0000'));
  const notes = refused.map(r => ` [An acknowledgement at ${r.acknowledgement.scope.constructPath} changes nothing: ${r.problem}.]`);
  return finding.message + notes.join('');
}

/** One line per acknowledged finding and acknowledgement, appended to the error report. */
export function acknowledgementReport(result: EvaluationResult): string {
  if (result.acknowledgements.length === 0 && result.acknowledged.length === 0) {
    return '';
  }
  const lines = [
    ...result.acknowledged.map(f => `acknowledged ${f.ruleId} at ${f.constructPath ?? f.resource}: ${f.acknowledgementReason}`),
    ...result.acknowledgements.map(a => `acknowledgement of ${a.ruleId} for ${a.scope.constructPath}: ${a.reason}`),
  ];
  return ` search-guardrails acknowledgements: ${lines.join('; ')}.`;
}

class StackGuard {
  private latest?: EvaluationResult;
  private readonly warned = new Set<string>();
  /** True while the stack's synthesizer runs. */
  private synthesizing = false;
  /** Set when a synthesis with validations skipped starts: evaluate once aspects have run. */
  private afterAspects = false;
  /** Failing findings' messages by construct path, for the evaluation they came from. */
  private byPath?: { readonly result: EvaluationResult; readonly messages: Map<string, string[]> };
  /** The JSON the last validation evaluated, kept for the synthesizer's `toTerraform()` in the same run. */
  private rendered?: Record<string, any>;

  /** @param render the stack's own `toTerraform` (a full rendering, never the shared one) */
  constructor(private readonly stack: TerraformStack, public readonly render: () => Record<string, any>) {}

  /**
   * Runs one synthesizer call; whatever rendering it did not take is dropped when it ends. With
   * validations skipped, the stack is evaluated after its aspects instead (`evaluateAfterAspects`).
   */
  public duringSynthesis<T>(session: ISynthesisSession | undefined, synthesize: () => T): T {
    this.synthesizing = true;
    this.rendered = undefined;
    if (session?.skipValidation || this.skipsValidation) {
      this.evaluateAfterAspects();
    }
    try {
      return synthesize();
    } finally {
      this.synthesizing = false;
      this.rendered = undefined;
    }
  }

  /** The JSON the guard evaluated in this synthesis, once; undefined when there is none. */
  public takeRendered(): Record<string, any> | undefined {
    const rendered = this.rendered;
    this.rendered = undefined;
    return rendered;
  }

  /**
   * Gives the construct of each failing finding a validation that reports the findings on its path.
   * Called from the stack's own validation, before the others run: cdktf 0.21's `runAllValidations`
   * is `this.node.findAll().map(node => node.node.validate())` (terraform-stack.js), a pre-order walk
   * whose first node is the stack, and `Node.validate()` reads the construct's validations when it is
   * called (constructs `construct.js`). A stack with no finding adds none: a validation on each of
   * thousands of constructs was most of what the guard cost outside the evaluation.
   * @returns the paths of the constructs that report their findings themselves
   */
  private reportOnConstructs(findings: readonly Finding[]): Set<string> {
    const located = new Set(findings.map(f => f.constructPath).filter((p): p is string => p !== undefined && p !== this.stack.node.path));
    const hosting = new Set<string>();
    if (located.size === 0) {
      return hosting;
    }
    const constructs = this.constructsByPath();
    for (const path of located) {
      const node = constructs.get(path);
      if (node === undefined) {
        continue;
      }
      hosting.add(path);
      if (!(node as any)[NODE_VALIDATION]) {
        Object.defineProperty(node, NODE_VALIDATION, { value: true });
        node.node.addValidation({ validate: () => this.validateConstruct(path) });
      }
    }
    return hosting;
  }

  /** Runs first (the stack is first in preorder): evaluates, reports what no construct owns. */
  public validateStack(): string[] {
    this.afterAspects = false;
    const json = this.render();
    this.latest = evaluateTerraformJson(json, this.stack.node.id);
    this.rendered = this.synthesizing ? json : undefined;
    const failing = this.failing();
    const hosting = this.reportOnConstructs(failing);
    const errors = failing.filter(f => !f.constructPath || !hosting.has(f.constructPath));
    this.warn();
    return this.withReport([
      ...errors.map(f => findingMessage(f, this.latest!)),
      ...this.latest.rejectedAcknowledgements
        .filter(r => !r.problem.includes('cannot be acknowledged'))
        .map(r => `search-guardrails: the acknowledgement of ${r.acknowledgement.ruleId} at ${r.acknowledgement.scope.constructPath} is refused: ${r.problem}. Fix the SearchGuardrails.acknowledge call.`),
    ]);
  }

  /**
   * When validations are skipped (`new App({ skipValidation: true })`), error annotations still fail
   * synthesis: the stack is evaluated once every aspect has run (later aspects may change it), from
   * a construct whose custom synthesis runs before cdktf collects the annotations. Created on first use,
   * so the tree of a stack synthesized with validations is left as it is.
   */
  public evaluateAfterAspects(): void {
    this.afterAspects = true;
    if (!this.stack.node.tryFindChild(AFTER_ASPECTS_ID)) {
      const hook = new Construct(this.stack, AFTER_ASPECTS_ID);
      Object.defineProperty(hook, CUSTOM_SYNTHESIS, { value: { onSynthesize: () => this.annotateAfterAspects() } });
    }
  }

  /**
   * Annotates every failing finding as an error. cdktf lets `CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS`
   * turn those into a warning, which would write the exposed Terraform JSON, so then the guard throws.
   */
  private annotateAfterAspects(): void {
    if (!this.afterAspects) {
      return; // validations ran in this synthesis and evaluated the stack
    }
    this.afterAspects = false;
    const json = this.render();
    this.latest = evaluateTerraformJson(json, this.stack.node.id);
    this.rendered = this.synthesizing ? json : undefined;
    const messages: string[] = [];
    const constructs = this.constructsByPath();
    for (const finding of this.failing()) {
      const target = constructs.get(finding.constructPath ?? '') ?? this.stack;
      const message = findingMessage(finding, this.latest);
      Annotations.of(target).addError(message);
      messages.push(`[${target.node.path}] ${message}`);
    }
    if (messages.length && process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS) {
      throw new Error(`search-guardrails refuses to synthesize stack ${this.stack.node.path}: validations are skipped and `
        + 'CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS would ignore error annotations, but these findings are errors:\n'
        + messages.join('\n'));
    }
  }

  /** Each construct's share of the latest evaluation (grouped once: a stack has thousands of constructs). */
  private validateConstruct(path: string): string[] {
    if (!this.latest) {
      return [];
    }
    if (this.byPath?.result !== this.latest) {
      const messages = new Map<string, string[]>();
      for (const finding of this.failing()) {
        const key = finding.constructPath ?? '';
        messages.set(key, [...(messages.get(key) ?? []), findingMessage(finding, this.latest)]);
      }
      this.byPath = { result: this.latest, messages };
    }
    return this.withReport(this.byPath.messages.get(path) ?? []);
  }

  private failing(): Finding[] {
    return (this.latest?.findings ?? []).filter(f => f.severity === Severity.ERROR);
  }

  private withReport(messages: string[]): string[] {
    if (messages.length === 0) {
      return messages;
    }
    const report = acknowledgementReport(this.latest!);
    return messages.map(m => m + report);
  }

  /**
   * Warnings (public-allowlist, audit-logging-disabled), acknowledgements that match nothing, and
   * refused acknowledgements with nothing to refuse: warning annotations, which `cdktf synth` prints
   * from the manifest. A plain `app.synth()` prints no annotation, so there the guard writes each
   * to stderr itself; the cdktf CLI runs the app with `CDKTF_OUTDIR` set (cdktf-cli synth-stack).
   */
  private warn(): void {
    const result = this.latest!;
    const warnings = result.findings.filter(f => f.severity === Severity.WARNING)
      .map(f => ({ path: f.constructPath, text: f.message }));
    for (const ack of result.unmatchedAcknowledgements ?? []) {
      warnings.push({
        path: ack.scope.constructPath,
        text: `search-guardrails: the acknowledgement of ${ack.ruleId} at ${ack.scope.constructPath} ("${ack.reason}") matches no finding in its subtree. Remove it, or acknowledge the construct the finding names.`,
      });
    }
    for (const rejected of result.rejectedAcknowledgements) {
      if (rejected.problem.includes('cannot be acknowledged') && !result.findings.some(f => f.ruleId === rejected.acknowledgement.ruleId)) {
        warnings.push({
          path: rejected.acknowledgement.scope.constructPath,
          text: `search-guardrails: this acknowledgement of ${rejected.acknowledgement.ruleId} changes nothing: ${rejected.problem}. Remove it.`,
        });
      }
    }
    let constructs: Map<string, IConstruct> | undefined;
    for (const { path, text } of warnings) {
      const key = `${path}|${text}`;
      if (this.warned.has(key)) {
        continue;
      }
      this.warned.add(key);
      constructs ??= this.constructsByPath();
      const target = constructs.get(path ?? '') ?? this.stack;
      Annotations.of(target).addWarning(text);
      if (process.env.CDKTF_OUTDIR === undefined) {
        process.stderr.write(`[WARNING] [${target.node.path}] ${text}\n`);
      }
    }
  }

  private constructsByPath(): Map<string, IConstruct> {
    return new Map(this.stack.node.findAll().map(c => [c.node.path, c]));
  }

  public get skipsValidation(): boolean {
    const root = this.stack.node.root;
    return App.isApp(root) && root.skipValidation;
  }
}
