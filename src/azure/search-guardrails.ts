/**
 * `SearchGuardrails`: the CDK for Terraform front end of the exposure engine.
 */
import { App, TerraformStack } from 'cdktf';
import { IConstruct } from 'constructs';
import { GuardrailsInputError } from '../core/errors';
import { AcknowledgementRecorder } from './guard/acknowledgement-recorder';
import { evaluateStack, guardStack, isGuarded } from './guard/stack-guard';
import { MIN_REASON_LENGTH } from '../core/findings/acknowledge';
import { isRuleId, RULE_CATALOGUE } from '../core/rules/catalogue';

const ENFORCED_APP = Symbol.for('search-guardrails.azure.enforced-app');

/**
 * Fails `cdktf synth` (and `app.synth()`) when a stack would expose an Elasticsearch / OpenSearch
 * cluster: network security group rules that admit the internet to a cluster port, public IPs or
 * public load-balancer frontends in front of cluster nodes, security or TLS switched off, and network
 * values that cannot be known at synthesis (variables, data sources), which fail closed.
 *
 * It evaluates what Terraform will receive: each stack's resolved Terraform JSON, overrides included.
 */
export class SearchGuardrails {
  /**
   * Guards every `TerraformStack` of the app, including stacks created after this call.
   *
   * cdktf 0.21 never runs aspects added to the App (each stack invokes only its own), so the guard
   * attaches itself to each stack: one validation, and a wrapper of the stack synthesizer's
   * `synthesize` (no aspect, which cdktf would invoke on every construct). Stacks that exist now are guarded at once;
   * stacks created later are guarded when `app.synth()` starts, and an App validation guards any
   * stack synthesized another way. Calling `enforce` again is harmless.
   *
   * @param scope the App (every stack), or a stack or any construct inside one (that stack only)
   */
  public static enforce(scope: IConstruct): void {
    if (!App.isApp(scope)) {
      guardStack(TerraformStack.of(scope));
      return;
    }
    const app = scope as App;
    stacksOf(app).forEach(guardStack);
    if ((app as any)[ENFORCED_APP]) {
      return;
    }
    Object.defineProperty(app, ENFORCED_APP, { value: true });
    // The only moment every stack exists and none has synthesized yet is the start of app.synth().
    const synth = app.synth.bind(app);
    Object.defineProperty(app, 'synth', {
      value: () => {
        stacksOf(app).forEach(guardStack);
        try {
          synth();
        } catch (e) {
          throw withOurClosingHint(e);
        }
      },
      configurable: true,
      writable: true,
    });
    // Backstop: a stack that escaped the per-stack guard is evaluated after synthesis of the app.
    app.node.addValidation({
      validate: () => stacksOf(app).filter(stack => !isGuarded(stack)).flatMap(stack =>
        evaluateStack(stack).findings.filter(f => f.severity === 'error').map(f => `[${f.constructPath ?? f.resource}] ${f.message}`)),
    });
  }

  /**
   * Accepts findings of one acknowledgeable rule for a construct and everything below it, with a
   * reason. The decision is recorded in the stack's Terraform JSON (`//` -> `search-guardrails`), so
   * the scan CLI honours it too, and it is listed in every error report.
   *
   * `public-ingress`, `public-endpoint` and `anonymous-access` cannot be acknowledged: such an
   * acknowledgement is recorded but changes nothing, and the error says so.
   *
   * @param scope the construct (and its subtree) the decision applies to; must be inside a stack
   * @param ruleId a rule id of the catalogue (`unverifiable-network`, `public-allowlist`, ...)
   * @param reason why the finding is acceptable, at least 10 characters
   */
  public static acknowledge(scope: IConstruct, ruleId: string, reason: string): void {
    if (!isRuleId(ruleId)) {
      throw new GuardrailsInputError('invalid-acknowledgement',
        `SearchGuardrails.acknowledge(${scope.node.path}): ${JSON.stringify(ruleId)} is no rule id. Use one of ${RULE_CATALOGUE.map(r => r.id).join(', ')}.`);
    }
    if ((reason ?? '').trim().length < MIN_REASON_LENGTH) {
      throw new GuardrailsInputError('invalid-acknowledgement',
        `SearchGuardrails.acknowledge(${scope.node.path}, ${ruleId}): the reason ${JSON.stringify(reason ?? '')} is too short. Say why in at least ${MIN_REASON_LENGTH} characters.`);
    }
    if (App.isApp(scope)) {
      throw new GuardrailsInputError('invalid-acknowledgement',
        `SearchGuardrails.acknowledge(app, ${ruleId}): an acknowledgement applies to one construct subtree. Pass the stack or the construct instead of the App.`);
    }
    AcknowledgementRecorder.of(TerraformStack.of(scope)).record({ ruleId, reason: reason.trim(), constructPath: scope.node.path });
  }

  private constructor() {}
}

/**
 * cdktf ends a validation error with "pass 'skipValidation: true' to your App configuration"
 * (cdktf lib/errors.ts `stackValidationFailure`, `appValidationFailure`), which does not help with
 * the guard's findings: with skipValidation they fail as error annotations. When the error lists a
 * finding of ours, the closing hint is ours (same error object: its type and list stay cdktf's).
 */
const CDKTF_SKIP_HINT = /(If you wish to ignore these validations, pass|To skip validations, add) 'skipValidation: true' to your App config(uration)?\.\s*$/;
const OUR_FINDING = new RegExp(`\\] (${RULE_CATALOGUE.map(r => r.id).join('|')}): `);

function withOurClosingHint(error: unknown): unknown {
  if (!(error instanceof Error) || !CDKTF_SKIP_HINT.test(error.message) || !OUR_FINDING.test(error.message)) return error;
  const original = error.message;
  error.message = original.replace(CDKTF_SKIP_HINT, 'search-guardrails: skipValidation does not skip these findings (they then fail as error annotations). Fix each one as its message says; only unverifiable-network, transport-unencrypted, unencrypted-at-rest, public-allowlist and audit-logging-disabled can be accepted, with SearchGuardrails.acknowledge(construct, ruleId, reason).\n');
  if (typeof error.stack === 'string') error.stack = error.stack.replace(original, error.message);
  return error;
}

function stacksOf(app: App): TerraformStack[] {
  return app.node.findAll().filter((c): c is TerraformStack => TerraformStack.isStack(c));
}
