import { Stage, Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { guardStagesBelow, guardSynthesisOf } from './guard/stage-coverage';
import { SearchGuardrailsValidationPlugin } from './guard/validation-plugin';
import { GuardrailsInputError } from '../core/errors';
import { acknowledgementProblem } from '../core/findings/acknowledge';
import { RULE_ID_PREFIX } from '../formats/cloudformation/acknowledgements';

const ENFORCED = Symbol.for('search-guardrails.enforced');

/**
 * Fails `cdk synth` when a search cluster of the app is exposed (spec: "What exposed means").
 *
 * `SearchGuardrails.enforce(app)` adds a read-only validation to the App and to every Stage in it
 * (`node.addValidation`), whose findings fail synthesis on the offending construct, and a validation
 * plugin named `search-guardrails` that evaluates the final templates of every stack, nested Stages
 * included.
 */
export class SearchGuardrails {
  /**
   * Guards every stack below `scope` (an App or a Stage), including stacks and Stages created
   * after this call. Calling it again is harmless.
   *
   * @param scope the App or Stage to guard; any other construct guards its enclosing Stage
   */
  public static enforce(scope: IConstruct): void {
    const stage = Stage.isStage(scope) ? scope : Stage.of(scope);
    if (!stage) {
      throw new GuardrailsInputError('no-stage',
        `SearchGuardrails.enforce(${scope.node.path || '<root>'}) found no App or Stage above the construct. Call it on your App (or a Stage).`);
    }
    if (!(stage as any)[ENFORCED]) {
      Object.defineProperty(stage, ENFORCED, { value: true });
      Validations.of(stage).addPlugins(new SearchGuardrailsValidationPlugin());
    }
    // Validations stop at Stage boundaries: guard the Stages that exist now, and every later one
    // (stage-coverage.ts: at synthesis, by a validation of this Stage, and in the plugin's error).
    guardStagesBelow(stage);
    guardSynthesisOf(stage);
  }

  /**
   * Accepts one acknowledgeable rule for `scope` and everything below it, with a reason.
   * Same as `Validations.of(scope).acknowledge({ id: 'search-guardrails::<ruleId>', reason })`;
   * listed in the validation report.
   *
   * @param scope the construct (and its subtree) the acknowledgement applies to
   * @param ruleId `unverifiable-network`, `transport-unencrypted`, `unencrypted-at-rest`, `public-allowlist` or `audit-logging-disabled`
   * @param reason why this is accepted, at least 10 characters
   * @throws for `public-ingress`, `public-endpoint`, `anonymous-access` (they cannot be acknowledged), unknown ids and short reasons
   */
  public static acknowledge(scope: IConstruct, ruleId: string, reason: string): void {
    const id = ruleId.startsWith(RULE_ID_PREFIX) ? ruleId.slice(RULE_ID_PREFIX.length) : ruleId;
    const problem = scope.node.path === ''
      ? 'the App is not a construct subtree an acknowledgement may cover'
      : acknowledgementProblem({ ruleId: id, reason, scope: { constructPath: scope.node.path } });
    if (problem) {
      throw new GuardrailsInputError('invalid-acknowledgement',
        `SearchGuardrails.acknowledge(${scope.node.path || '<app>'}, ${JSON.stringify(ruleId)}) is refused: ${problem}. Fix the exposure, or acknowledge only unverifiable-network, transport-unencrypted, unencrypted-at-rest, public-allowlist or audit-logging-disabled with a reason of 10+ characters on a construct below the App.`);
    }
    Validations.of(scope).acknowledge({ id: `${RULE_ID_PREFIX}${id}`, reason });
  }

  private constructor() {}
}
