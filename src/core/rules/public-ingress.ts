/**
 * public-ingress: a network rule admits a broad public source (more than 256 IPv4 addresses, more
 * than a /64 of IPv6, or a shared-cloud service tag) to a cluster port. Judged on the union of
 * every rule of the firewall, with unknowns read as harmlessly as they could be.
 */
import { describePorts, FindingDraft, formatMessage, Rule, RuleContext } from './rule';
import { isBroadExposure } from '../exposure/analyze';
import { contributionsByResource, ResourceContribution } from '../exposure/contributions';
import { describeAddressCount, describeRules, publicSourceTexts, shadowNote } from '../exposure/describe';
import { RuleId } from '../findings/finding';
import { isBroadPublic } from '../net/public-space';

export const publicIngressRule: Rule = {
  id: RuleId.PUBLIC_INGRESS,
  evaluate(context: RuleContext): FindingDraft[] {
    const broad = context.exposure.ports.filter(pair => isBroadExposure(pair.best));
    return contributionsByResource(broad, pair => pair.best).map(toFinding);
  },
};

function toFinding(c: ResourceContribution): FindingDraft {
  const sources = [...new Set(c.rules.flatMap(publicSourceTexts))].join(', ');
  const clusters = c.clusters.length ? ` of ${c.clusters.join(', ')}` : '';
  // Say why a rule that is narrow on its own is an error: the union of the group's rules is broad.
  const broadAlone = c.broadPublicTags.length > 0 || isBroadPublic(c.publicAddresses);
  const others = c.withOtherFirewalls ? 'the other rules and groups that guard the node' : 'the group\'s other rules';
  const together = broadAlone ? '' : ` (with ${others}: ${describeAddressCount(c.firewallPublicAddresses)})`;
  const fix = c.firewall.kind === 'aws-security-group'
    ? 'Remove the rule, or admit only a security group or a private CIDR such as the VPC\'s (connections.allowFrom / grantNetworkAccess)'
    : 'Remove the rule, or set its source to VirtualNetwork, an application security group or a private CIDR, and keep a Deny for Internet above any allow';
  return {
    location: c.origin,
    message: formatMessage(RuleId.PUBLIC_INGRESS,
      `${describeRules(c.rules, c.firewall)} ${c.rules.length > 1 ? 'admit' : 'admits'} ${sources} to cluster ${describePorts(c.ports)}${clusters}${shadowNote(c.rules, c.publicAddresses)}${together}`,
      'anyone on the internet can reach the cluster; one such rule exposed 250 million records in 2019',
      fix),
    exposurePaths: c.exposurePaths,
  };
}
