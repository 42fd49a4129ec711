/**
 * unencrypted-at-rest: encryption at rest is off (or cannot be verified).
 */
import { isKnown, isUnknown, unverified } from './facts';
import { describeResource, FindingDraft, formatMessage, Rule, RuleContext } from './rule';
import { RuleId } from '../findings/finding';

export const unencryptedAtRestRule: Rule = {
  id: RuleId.UNENCRYPTED_AT_REST,
  evaluate({ model }: RuleContext): FindingDraft[] {
    return model.clusters.flatMap(cluster => {
      const fact = cluster.facts.encryptionAtRest;
      const problem = isKnown(fact, false) ? 'is off' : isUnknown(fact) ? unverified(fact) : undefined;
      if (!problem) return [];
      return [{
        location: cluster.location,
        message: formatMessage(RuleId.UNENCRYPTED_AT_REST,
          `encryption at rest of cluster ${describeResource(cluster.location)} ${problem}`,
          'disks and snapshots hold every document in clear',
          'Enable encryption at rest (EncryptionAtRestOptions.Enabled, optionally with a customer-managed KMS key)'),
      }];
    });
  },
};
