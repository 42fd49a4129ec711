/**
 * public-allowlist: a small set of public addresses (at most 256 IPv4, at most a /64 of IPv6) is
 * admitted to a cluster port. A warning: intended allowlists can be acknowledged with a reason.
 */
import { forwardKey, isBroadPath } from './public-endpoint';
import { describePorts, FindingDraft, formatMessage, groupBy, Rule, RuleContext } from './rule';
import { isBroadExposure } from '../exposure/analyze';
import { contributionsByResource } from '../exposure/contributions';
import { describeAddressCount, describeCidrs, describeRules } from '../exposure/describe';
import { describeAdmission, describeEntryForward, describeTargets } from '../exposure/describe-path';
import { pathHops } from '../exposure/path-hops';
import { carriesPublic } from '../exposure/paths';
import { RuleId } from '../findings/finding';
import { AddressSet } from '../net/address-set';

export const publicAllowlistRule: Rule = {
  id: RuleId.PUBLIC_ALLOWLIST,
  evaluate(context: RuleContext): FindingDraft[] {
    const small = context.exposure.ports.filter(pair =>
      !isBroadExposure(pair.best) && !pair.best.publicAddresses.isEmpty());
    const direct: FindingDraft[] = contributionsByResource(small, pair => pair.best).map(c => ({
      location: c.origin,
      message: formatMessage(RuleId.PUBLIC_ALLOWLIST,
        `${describeRules(c.rules, c.firewall)} ${c.rules.length > 1 ? 'admit' : 'admits'} the public addresses ${describeCidrs(c.publicAddresses)} (${describeAddressCount(c.publicAddresses)}) to cluster ${describePorts(c.ports)}`,
        'public allowlists drift and their addresses are shared or reassigned; private connectivity is safer',
        'Prefer a VPN, peering or a private endpoint, or acknowledge public-allowlist with a reason if the allowlist is intended'),
      exposurePaths: c.exposurePaths,
    }));
    return [...direct, ...pathAllowlists(context)];
  },
};

/**
 * A small allowlist on a path that no rule of the node shows (a proxy's own filters, or a node nothing
 * filters): reported at the forward. Behind a pass-through hop the node's own rules admit the clients,
 * and the direct reading already reports them.
 */
function pathAllowlists(context: RuleContext): FindingDraft[] {
  const small = context.exposure.paths.filter(p => p.target && carriesPublic(p.best) && !isBroadPath(p)
    && (!p.forward.preservesClientAddress || p.best.nodeAdmittedBy.length === 0));
  return [...groupBy(small, forwardKey).values()].map(group => {
    const { entry, forward } = group[0];
    const reached = AddressSet.unionAll(group.map(p => p.best.publicAddresses));
    return {
      location: forward.location ?? entry.location,
      message: formatMessage(RuleId.PUBLIC_ALLOWLIST,
        `${describeEntryForward(entry, forward)} admits the public addresses ${describeCidrs(reached)} (${describeAddressCount(reached)}) and forwards to ${describeTargets(group)}, and ${describeAdmission(group, p => p.best)}`,
        'public allowlists drift and their addresses are shared or reassigned; private connectivity is safer',
        'Prefer a VPN, peering or a private endpoint, or acknowledge public-allowlist with a reason if the allowlist is intended'),
      path: pathHops(group, p => p.best),
    };
  });
}
