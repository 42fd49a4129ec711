/**
 * STUB (signature): the one exposure engine. model -> rules -> findings.
 */
import { Acknowledgement, Finding } from './findings/finding';
import { InfrastructureModel } from './model/model';

export interface EvaluationOptions {
  /** Acknowledgements to apply; each is validated (rule exists, acknowledgeable, reason of 10+ characters). */
  readonly acknowledgements?: readonly Acknowledgement[];
}

export interface EvaluationResult {
  /** Findings no acknowledgement covers (these fail synthesis / the scan at their severity). */
  readonly findings: readonly Finding[];
  /** Findings an acknowledgement covers, with its reason: listed in every report. */
  readonly acknowledged: readonly Finding[];
  /** Acknowledgements given (for reports), whether or not they matched a finding. */
  readonly acknowledgements: readonly Acknowledgement[];
}

/** Runs every rule of the catalogue over the model. @throws GuardrailsInputError for an invalid acknowledgement. */
export function evaluate(_model: InfrastructureModel, _options: EvaluationOptions = {}): EvaluationResult {
  throw new Error('not implemented');
}
