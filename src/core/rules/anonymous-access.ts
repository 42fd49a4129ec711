/**
 * anonymous-access: requests are served without authentication: anonymous auth on, an access
 * policy granting `*` while fine-grained access control is off, or Elasticsearch security off.
 */
import { isKnown, isUnknown, unverified } from './facts';
import { describeResource, FindingDraft, formatMessage, Rule, RuleContext } from './rule';
import { RuleId } from '../findings/finding';
import { Cluster } from '../model/model';

export const anonymousAccessRule: Rule = {
  id: RuleId.ANONYMOUS_ACCESS,
  evaluate({ model }: RuleContext): FindingDraft[] {
    return model.clusters.flatMap(cluster => {
      const problems = anonymousAccessProblems(cluster);
      if (!problems.length) return [];
      return [{
        location: cluster.location,
        message: formatMessage(RuleId.ANONYMOUS_ACCESS,
          `cluster ${describeResource(cluster.location)} serves requests without authentication: ${problems.join('; ')}`,
          'without authentication, any network mistake exposes every document, as in 2019',
          'Turn anonymous access off, enable fine-grained access control (Elasticsearch security) and name principals in the access policy'),
      }];
    });
  },
};

function anonymousAccessProblems(cluster: Cluster): string[] {
  const { facts } = cluster;
  const problems: string[] = [];
  if (isKnown(facts.anonymousAccess, true)) problems.push('anonymous access is enabled');
  if (isUnknown(facts.anonymousAccess)) problems.push(`anonymous access ${unverified(facts.anonymousAccess)}`);
  if (isKnown(facts.securityEnabled, false)) problems.push('Elasticsearch security (xpack.security.enabled) is off');
  if (isUnknown(facts.securityEnabled)) problems.push(`Elasticsearch security ${unverified(facts.securityEnabled)}`);
  const fgacOn = isKnown(facts.fineGrainedAccessControl, true);
  if (!fgacOn && isKnown(facts.accessPolicyAllowsAnyone, true)) {
    problems.push('the access policy allows any principal (*) while fine-grained access control is off');
  }
  if (!fgacOn && isUnknown(facts.accessPolicyAllowsAnyone)) {
    problems.push(`the access policy's principals ${unverified(facts.accessPolicyAllowsAnyone)} and fine-grained access control is off`);
  }
  return problems;
}
