/**
 * transport-unencrypted: HTTPS not enforced, a TLS policy below 1.2, node-to-node (transport) TLS off.
 */
import { isKnown, isUnknown, unverified } from './facts';
import { describeResource, FindingDraft, formatMessage, Rule, RuleContext } from './rule';
import { RuleId } from '../findings/finding';
import { Cluster } from '../model/model';

/**
 * OpenSearch Service's default when `TLSSecurityPolicy` is not set.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-opensearchservice-domain-domainendpointoptions.html
 */
const MANAGED_DEFAULT_TLS_POLICY = 'Policy-Min-TLS-1-0-2019-07';
const TLS_12_POLICY_PREFIX = 'Policy-Min-TLS-1-2';

export const transportUnencryptedRule: Rule = {
  id: RuleId.TRANSPORT_UNENCRYPTED,
  evaluate({ model }: RuleContext): FindingDraft[] {
    return model.clusters.flatMap(cluster => {
      const problems = transportProblems(cluster);
      if (!problems.length) return [];
      return [{
        location: cluster.location,
        message: formatMessage(RuleId.TRANSPORT_UNENCRYPTED,
          `cluster ${describeResource(cluster.location)} does not encrypt all traffic: ${problems.join('; ')}`,
          'credentials and documents cross the network in clear text or over broken TLS versions',
          'Enforce HTTPS with a TLS 1.2 policy (Policy-Min-TLS-1-2-PFS-2023-10) and enable node-to-node encryption'),
      }];
    });
  },
};

function transportProblems(cluster: Cluster): string[] {
  const { facts } = cluster;
  const problems: string[] = [];
  if (isKnown(facts.httpsEnforced, false)) problems.push('HTTPS is not enforced');
  if (isUnknown(facts.httpsEnforced)) problems.push(`HTTPS enforcement ${unverified(facts.httpsEnforced)}`);
  const policy = facts.tlsSecurityPolicy;
  if (policy === undefined) {
    if (cluster.kind === 'managed-domain') problems.push(`no TLS security policy is set, so ${MANAGED_DEFAULT_TLS_POLICY} (TLS 1.0) applies`);
  } else if (!policy.known) {
    problems.push(`the TLS security policy ${unverified(policy)}`);
  } else if (!policy.value.startsWith(TLS_12_POLICY_PREFIX)) {
    problems.push(`the TLS security policy ${policy.value} allows TLS below 1.2`);
  }
  if (isKnown(facts.nodeToNodeEncryption, false)) problems.push('node-to-node (transport) encryption is off');
  if (isUnknown(facts.nodeToNodeEncryption)) problems.push(`node-to-node encryption ${unverified(facts.nodeToNodeEncryption)}`);
  return problems;
}
