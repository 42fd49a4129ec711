/**
 * The rule catalogue as public (jsii) API.
 */
import { RuleId, Severity } from './findings/finding';
import { RULE_CATALOGUE, ruleMetadata } from './rules/catalogue';

/** What is known about one rule of the catalogue. */
export interface RuleInfo {
  /** The stable id (`public-ingress`, ...). Never renamed. */
  readonly id: RuleId;
  /** Errors fail synthesis; warnings are reported. */
  readonly severity: Severity;
  /** Whether an acknowledgement with a reason may accept a finding of this rule. */
  readonly acknowledgeable: boolean;
  /** What the rule catches, in one line. */
  readonly title: string;
  /** Why it matters. */
  readonly rationale: string;
  /** How to fix a finding. */
  readonly fix: string;
}

/** The rules every front end applies (spec: "Rule catalogue"). */
export class RuleCatalogue {
  /** Every rule, errors first. */
  public static all(): RuleInfo[] {
    return RULE_CATALOGUE.map(r => ({ ...r }));
  }

  /**
   * One rule by id.
   * @throws Error when the id names no rule.
   */
  public static get(id: string): RuleInfo {
    return { ...ruleMetadata(id) };
  }

  /** Whether findings of this rule may be acknowledged with a reason. */
  public static isAcknowledgeable(id: string): boolean {
    return ruleMetadata(id).acknowledgeable;
  }

  private constructor() {}
}
