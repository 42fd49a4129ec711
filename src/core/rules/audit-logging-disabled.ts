/**
 * audit-logging-disabled: audit, error (application) or slow logs are not shipped.
 */
import { unverified } from './facts';
import { describeResource, FindingDraft, formatMessage, Rule, RuleContext } from './rule';
import { RuleId } from '../findings/finding';

/**
 * The log types that must be shipped (OpenSearch Service `LogPublishingOptions` keys; the Azure
 * construct reports the same names for what it ships).
 */
export const REQUIRED_LOG_TYPES: readonly string[] = ['AUDIT_LOGS', 'ES_APPLICATION_LOGS', 'SEARCH_SLOW_LOGS'];

export const auditLoggingDisabledRule: Rule = {
  id: RuleId.AUDIT_LOGGING_DISABLED,
  evaluate({ model }: RuleContext): FindingDraft[] {
    return model.clusters.flatMap(cluster => {
      const fact = cluster.facts.logsShipped;
      if (fact === undefined) return [];
      let problem: string;
      if (!fact.known) {
        problem = `which logs are shipped ${unverified(fact)}`;
      } else {
        const missing = REQUIRED_LOG_TYPES.filter(t => !fact.value.includes(t));
        if (!missing.length) return [];
        problem = `${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not shipped`;
      }
      return [{
        location: cluster.location,
        message: formatMessage(RuleId.AUDIT_LOGGING_DISABLED,
          `cluster ${describeResource(cluster.location)}: ${problem}`,
          'without audit and error logs nobody can tell who read what after an exposure',
          'Publish audit, application (error) and slow logs to CloudWatch Logs / a Log Analytics workspace with a retention'),
      }];
    });
  },
};
