/**
 * One scan: read every input, translate with the front ends' own translators (all CloudFormation
 * templates in one call, all Terraform documents in one call), evaluate with the one engine, and hand
 * the reports what they render. Nothing here knows a rule.
 */
import { evaluate, EvaluationResult, unmatchedInEvery } from '../core/engine';
import { GuardrailsInputError } from '../core/errors';
import { readAcknowledgementsFile } from './readers/acknowledgements-file';
import { collectInputs } from './readers/collect';
import type { RereadText } from './readers/deferred-lines';
import { displayPath } from './readers/display-path';
import { errorMessage } from './readers/read-text';
import { Acknowledgement } from '../core/findings/finding';
import { InfrastructureModel, ResourceLocation } from '../core/model/model';
import { InputProblem, resourcesCheckedInModel } from '../core/report/report-input';
import type * as CloudFormationFormat from '../formats/cloudformation';
import type * as TerraformFormat from '../formats/terraform';

// Each translator is loaded when there is something to translate with it.
/* eslint-disable @typescript-eslint/no-require-imports */
const cloudFormationFormat = (): typeof CloudFormationFormat => require('../formats/cloudformation');
const terraformFormat = (): typeof TerraformFormat => require('../formats/terraform');
/* eslint-enable @typescript-eslint/no-require-imports */

export interface ScanOptions {
  readonly paths: readonly string[];
  readonly cwd: string;
  /** TCP ports that count on every firewall besides 9200, 9300 and 5601 (`--ports`). */
  readonly extraPorts: readonly number[];
  /** `--acknowledgements FILE`, resolved against `cwd`. */
  readonly acknowledgementsFile?: string;
  readonly maxFileBytes: number;
  /** What `-` reads, asked for only then. @default process.stdin */
  readonly stdin?: () => NodeJS.ReadableStream;
  /** Told after each input is read and before the rules run (for a progress line). */
  readonly onProgress?: (progress: ScanProgress) => void;
  /**
   * Which lines the result carries, so that files are read again only for what the report prints:
   * `none` (the JSON report prints none), `findings` (text, SARIF, Markdown) or `findings-and-resources`
   * (JUnit: a test case per resource checked). @default 'findings-and-resources'
   */
  readonly lines?: ScanLines;
  /** How a file is read again for its lines. @default rereadUnchangedText */
  readonly rereadText?: RereadText;
}

/** Which lines a scan result carries (`ScanOptions.lines`). */
export type ScanLines = 'none' | 'findings' | 'findings-and-resources';

/** How far a scan is. */
export interface ScanProgress {
  readonly filesRead: number;
  /** Set once the inputs are translated: the resources the rules are about to check. */
  readonly resourcesToCheck?: number;
}

export interface ScanResult {
  readonly result: EvaluationResult;
  readonly filesScanned: readonly string[];
  readonly resourcesChecked: readonly ResourceLocation[];
  /** Types the inputs hold that no translator models ("no silent pass"). */
  readonly unmodelledResourceTypes: readonly string[];
  readonly inputProblems: readonly InputProblem[];
}

/**
 * Scans. Unreadable inputs are returned as problems (the other inputs are still evaluated).
 * @throws InputFileError when the acknowledgements file cannot be read or is refused: nothing is scanned.
 */
export async function scan(options: ScanOptions): Promise<ScanResult> {
  const fileAcknowledgements = options.acknowledgementsFile !== undefined
    ? await readAcknowledgementsFile(options.acknowledgementsFile, displayPath(options.cwd, options.acknowledgementsFile), options.maxFileBytes)
    : [];

  const inputs = await collectInputs(options.paths, {
    cwd: options.cwd,
    maxFileBytes: options.maxFileBytes,
    stdin: options.stdin,
    onFileRead: options.onProgress ? filesRead => options.onProgress!({ filesRead }) : undefined,
    rereadText: options.rereadText,
  });
  const problems: InputProblem[] = [...inputs.problems];
  const models: InfrastructureModel[] = [];

  const cloudFormation = translate<CloudFormationFormat.CloudFormationTemplateInput>(inputs.cloudFormation,
    t => cloudFormationFormat().cloudFormationToModel(t, { extraPorts: options.extraPorts }), t => t.file ?? t.stackName ?? 'template');
  const terraform = translate<TerraformFormat.TerraformDocumentInput>(inputs.terraform(),
    d => terraformFormat().terraformToModel(d, { extraPorts: options.extraPorts }), d => d.file ?? d.stack ?? 'terraform');
  for (const translated of [cloudFormation, terraform]) {
    problems.push(...translated.problems);
    if (translated.model) {
      models.push(translated.model);
    }
  }

  const resourcesChecked = models.flatMap(resourcesCheckedInModel);
  options.onProgress?.({ filesRead: inputs.filesScanned.length, resourcesToCheck: resourcesChecked.length });

  const acknowledgements: Acknowledgement[] = [...fileAcknowledgements, ...inputs.recordedAcknowledgements];
  const results = (models.length > 0 ? models : [{ clusters: [], firewalls: [] }])
    .map(model => evaluate(model, { acknowledgements, invalidAcknowledgements: 'report' }));
  // Line references (`deferred-lines.ts`) become lines here, or go: none leaves the scan.
  const lines = options.lines ?? 'findings-and-resources';
  const deferred = inputs.deferredLines;
  deferred.resolveLocations(resourcesChecked, lines === 'findings-and-resources');
  return {
    result: {
      findings: deferred.resolveFindings(results.flatMap(r => r.findings), lines !== 'none'),
      acknowledged: deferred.resolveFindings(results.flatMap(r => r.acknowledged), lines !== 'none'),
      // Every evaluation validates the same list: the first result holds each acknowledgement once.
      acknowledgements: results[0].acknowledgements,
      rejectedAcknowledgements: results[0].rejectedAcknowledgements,
      unmatchedAcknowledgements: unmatchedInEvery(results),
    },
    filesScanned: inputs.filesScanned,
    resourcesChecked,
    unmodelledResourceTypes: [...new Set(models.flatMap(m => m.unmodelledResourceTypes ?? []))].sort(),
    inputProblems: problems,
  };
}

/**
 * Translates all inputs together. When the translator throws, finds the inputs that make it throw
 * (one by one), reports them, and translates the rest together, so one bad file does not hide the
 * findings of the others. An unexpected error is reported too (never a stack trace, never a pass).
 */
function translate<T>(inputs: readonly T[], run: (inputs: readonly T[]) => InfrastructureModel, fileOf: (input: T) => string):
{ model?: InfrastructureModel; problems: InputProblem[] } {
  if (inputs.length === 0) {
    return { problems: [] };
  }
  try {
    return { model: run(inputs), problems: [] };
  } catch (first) {
    const problems: InputProblem[] = [];
    const good: T[] = [];
    for (const input of inputs) {
      try {
        run([input]);
        good.push(input);
      } catch (e) {
        problems.push({ file: fileOf(input), message: translationMessage(e) });
      }
    }
    if (problems.length === 0) {
      return { problems: [{ file: inputs.map(fileOf).join(', '), message: translationMessage(first) }] };
    }
    if (good.length === 0) {
      return { problems };
    }
    try {
      return { model: run(good), problems };
    } catch (e) {
      return { problems: [...problems, { file: good.map(fileOf).join(', '), message: translationMessage(e) }] };
    }
  }
}

function translationMessage(e: unknown): string {
  if (GuardrailsInputError.isGuardrailsInputError(e)) {
    return e.message;
  }
  return `could not be translated (internal error: ${errorMessage(e)}). Please report this with the file; the scan cannot vouch for it.`;
}
