/**
 * public-allowlist: a small set of public addresses (at most 256 IPv4, at most a /64 of IPv6) is
 * admitted to a cluster port. A warning: intended allowlists can be acknowledged with a reason.
 */
import { describePorts, FindingDraft, formatMessage, Rule, RuleContext } from './rule';
import { isBroadExposure } from '../exposure/analyze';
import { contributionsByResource } from '../exposure/contributions';
import { describeAddressCount, describeCidrs, describeRules } from '../exposure/describe';
import { RuleId } from '../findings/finding';

export const publicAllowlistRule: Rule = {
  id: RuleId.PUBLIC_ALLOWLIST,
  evaluate(context: RuleContext): FindingDraft[] {
    const small = context.exposure.ports.filter(pair =>
      !isBroadExposure(pair.best) && !pair.best.publicAddresses.isEmpty());
    return contributionsByResource(small, pair => pair.best).map(c => ({
      location: c.origin,
      message: formatMessage(RuleId.PUBLIC_ALLOWLIST,
        `${describeRules(c.rules, c.firewall)} ${c.rules.length > 1 ? 'admit' : 'admits'} the public addresses ${describeCidrs(c.publicAddresses)} (${describeAddressCount(c.publicAddresses)}) to cluster ${describePorts(c.ports)}`,
        'public allowlists drift and their addresses are shared or reassigned; private connectivity is safer',
        'Prefer a VPN, peering or a private endpoint, or acknowledge public-allowlist with a reason if the allowlist is intended'),
      exposurePaths: c.exposurePaths,
    }));
  },
};
