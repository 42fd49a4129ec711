/**
 * One evaluation of a Stage per synthesis, shared by the aspect's construct validations and the
 * validation plugin.
 *
 * The aspect's validations render the stage's templates in memory and evaluate them before anything
 * is written. The plugin runs later in the same `app.synth()` on the files aws-cdk-lib wrote from
 * the same templates, so it reuses that result when every file it is given holds the text the aspect
 * rendered (SHA-256 of the JSON as aws-cdk-lib writes it) and the acknowledgements are the same.
 * Otherwise it evaluates the files itself: Stages created after `enforce`, `skipValidation`, or a
 * template that changed between validation and writing (a changed template must never pass on a
 * cached result).
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import { Stage } from 'aws-cdk-lib';
import { acknowledgementsInTree, renderStageTemplates, templateIndent } from './construct-tree';
import { evaluateTemplates } from './guard-evaluation';
import { EvaluationResult } from '../../core/engine';
import { GuardrailsInputError } from '../../core/errors';
import { Acknowledgement } from '../../core/findings/finding';

export type StageOutcome = { readonly result: EvaluationResult } | { readonly error: string };

/** A template file the validation plugin was given: its name and where aws-cdk-lib wrote it. */
export interface WrittenTemplate {
  readonly file: string;
  readonly path: string;
}

/**
 * Template entries the stack synthesizer adds while it writes the template, after the validations
 * ran (aws-cdk-lib `StackSynthesizer.addBootstrapVersionRule`, called from
 * `DefaultStackSynthesizer.synthesize`). They are ignored in the written file when the rendered
 * template lacked them; nothing the guard evaluates refers to them.
 */
const SYNTHESIZER_ADDITIONS: ReadonlyArray<readonly [section: string, logicalId: string]> = [
  ['Parameters', 'BootstrapVersion'],
  ['Rules', 'CheckBootstrapVersion'],
];

/** What the written template file must hold for the aspect's evaluation of it to be reused. */
interface TemplateFingerprint {
  /** SHA-256 of the rendered template as aws-cdk-lib writes it. */
  readonly sha256: string;
  readonly indent?: number;
  /** Synthesizer additions the rendered template lacked, and whether it had their section. */
  readonly additions: ReadonlyArray<{ readonly section: string; readonly logicalId: string; readonly sectionRendered: boolean }>;
}

interface StageEvaluation {
  readonly outcome: StageOutcome;
  /** Template file name -> fingerprint of the text aws-cdk-lib writes, per stack artifact. */
  readonly fingerprints: ReadonlyMap<string, TemplateFingerprint>;
  /** The acknowledgements applied, as a comparable key. */
  readonly acknowledgements: string;
}

const EMPTY_RESULT: EvaluationResult = { findings: [], acknowledged: [], acknowledgements: [], rejectedAcknowledgements: [] };

const evaluations = new WeakMap<Stage, StageEvaluation>();

/** A synthesis of `stage` starts (the aspect visits the Stage before any validation): forget its evaluation. */
export function startStageSynthesis(stage: Stage): void {
  evaluations.delete(stage);
}

/**
 * The stage's evaluation for the aspect's validations: the first validation of a synthesis computes
 * it, the others reuse it (`validateTree` calls them in one synchronous loop). It is dropped when the
 * stage synthesizes again and on the next microtask, so a later validation pass never sees it; the
 * plugin runs in the same synchronous `app.synth()` and still finds it.
 */
export function stageEvaluation(stage: Stage): StageOutcome {
  let entry = evaluations.get(stage);
  if (!entry) {
    const evaluated = evaluateStage(stage);
    evaluations.set(stage, evaluated);
    queueMicrotask(() => {
      if (evaluations.get(stage) === evaluated) evaluations.delete(stage);
    });
    entry = evaluated;
  }
  return entry.outcome;
}

/**
 * The aspect's evaluation of `stage` in this synthesis when it covers every one of `templates` as
 * written and was made with the same acknowledgements; undefined when the plugin must evaluate.
 */
export function reusableStageResult(
  stage: Stage,
  templates: readonly WrittenTemplate[],
  acknowledgements: readonly Acknowledgement[],
): EvaluationResult | undefined {
  const entry = evaluations.get(stage);
  if (!entry || !('result' in entry.outcome) || entry.acknowledgements !== acknowledgementKey(acknowledgements)) return undefined;
  const written = templates.every(t => {
    const expected = entry.fingerprints.get(t.file);
    return expected !== undefined && fileMatches(t.path, expected);
  });
  return written ? entry.outcome.result : undefined;
}

function evaluateStage(stage: Stage): StageEvaluation {
  const fingerprints = new Map<string, TemplateFingerprint>();
  let acknowledgements: Acknowledgement[] = [];
  try {
    acknowledgements = acknowledgementsInTree(stage);
    const rendered = renderStageTemplates(stage);
    if (rendered === undefined) return { outcome: { result: EMPTY_RESULT }, fingerprints, acknowledgements: '' };
    const result = evaluateTemplates(rendered.map(r => r.input), acknowledgements);
    // Nested stacks are assets of their parent (whose template names their hash), not plugin inputs.
    for (const { stack, input } of rendered) {
      if (!stack.nested) fingerprints.set(stack.templateFile, fingerprintOf(input.template, templateIndent(stack)));
    }
    return { outcome: { result }, fingerprints, acknowledgements: acknowledgementKey(acknowledgements) };
  } catch (e) {
    if (!GuardrailsInputError.isGuardrailsInputError(e)) throw e;
    return { outcome: { error: `search-guardrails could not read the templates: ${e.message}` }, fingerprints, acknowledgements: '' };
  }
}

function acknowledgementKey(acknowledgements: readonly Acknowledgement[]): string {
  return JSON.stringify(acknowledgements);
}

function fingerprintOf(template: any, indent: number | undefined): TemplateFingerprint {
  const additions = SYNTHESIZER_ADDITIONS
    .filter(([section, logicalId]) => template[section]?.[logicalId] === undefined)
    .map(([section, logicalId]) => ({ section, logicalId, sectionRendered: template[section] !== undefined }));
  return { sha256: sha256Of(JSON.stringify(template, undefined, indent)), indent, additions };
}

/** Whether `file` holds the fingerprinted template, once the synthesizer's additions are taken out. */
function fileMatches(file: string, expected: TemplateFingerprint): boolean {
  let written: any;
  try {
    written = JSON.parse(fs.readFileSync(file, 'utf-8'));
  } catch {
    return false;
  }
  if (written === null || typeof written !== 'object') return false;
  for (const { section, logicalId, sectionRendered } of expected.additions) {
    const entries = written[section];
    if (entries === null || typeof entries !== 'object') continue;
    delete entries[logicalId];
    if (!sectionRendered && Object.keys(entries).length === 0) delete written[section];
  }
  return sha256Of(JSON.stringify(written, undefined, expected.indent)) === expected.sha256;
}

function sha256Of(text: string): string {
  return crypto.createHash('sha256').update(text, 'utf-8').digest('hex');
}
