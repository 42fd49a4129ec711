/**
 * unverifiable-network: a value that cannot be known at synthesis (a token, a parameter, a
 * Terraform variable, an import, a group that is not in the input) could open a cluster port,
 * or hides where a managed domain sits. Unknown is not safe: this fails until it is made
 * literal or acknowledged with a reason.
 */
import { forwardKey, isBroadPath } from './public-endpoint';
import { describePorts, FindingDraft, formatMessage, groupBy, locationKey, Rule, RuleContext } from './rule';
import { admitsMorePublic, FirewallPortAnalysis, worstExceedsBest } from '../exposure/analyze';
import { describeFirewall } from '../exposure/describe';
import { describeEntryForward, describeTargets } from '../exposure/describe-path';
import { pathHops } from '../exposure/path-hops';
import { carriesPublic, PathAnalysis } from '../exposure/paths';
import { isUncertainRule, matchRule, unknownReasons } from '../exposure/rule-match';
import { RuleId } from '../findings/finding';
import { IngressRule } from '../model/model';

const WHY = 'a value that cannot be known at synthesis may turn out to be the internet, and unknown is not safe';
const FIX = 'Use a literal or a resource defined in the same app, or acknowledge unverifiable-network with a reason for this resource';

export const unverifiableNetworkRule: Rule = {
  id: RuleId.UNVERIFIABLE_NETWORK,
  evaluate(context: RuleContext): FindingDraft[] {
    return [
      ...unknownRuleFindings(context),
      ...unresolvedAttachmentFindings(context),
      ...unknownPlacementFindings(context),
      ...unresolvedFilterFindings(context),
      ...unknownPathFindings(context),
      ...opaqueFindings(context),
    ];
  },
};

interface Suspect { readonly rule: IngressRule; readonly pair: FirewallPortAnalysis }

function unknownRuleFindings(context: RuleContext): FindingDraft[] {
  const suspects: Suspect[] = [];
  for (const pair of context.exposure.ports.filter(worstExceedsBest)) {
    for (const rule of pair.firewall.rules) {
      // The unknown rules that could change what reaches this port, read either way.
      if (isUncertainRule(rule) && (matchRule(rule, pair.port, 'worst') || matchRule(rule, pair.port, 'best'))) {
        suspects.push({ rule, pair });
      }
    }
  }
  return [...groupBy(suspects, s => `${locationKey(s.rule.origin)}\u0000${s.pair.firewall.location.resource}`).values()]
    .map(group => {
      const { rule, pair } = group[0];
      const rules = [...new Set(group.map(s => s.rule))];
      const reasons = [...new Set(rules.flatMap(unknownReasons))].join('; ');
      const names = rules.map(r => `"${r.name}"`).join(', ');
      const where = rule.origin.resource === pair.firewall.location.resource
        ? `${describeFirewall(pair.firewall)} rule ${names}`
        : `rule ${rule.origin.resource} (${names}) on ${describeFirewall(pair.firewall)}`;
      return {
        location: rule.origin,
        message: formatMessage(RuleId.UNVERIFIABLE_NETWORK,
          `${where} depends on values unknown at synthesis (${reasons}) and could admit the internet to cluster ${describePorts(group.map(s => s.pair.port))}`,
          WHY, FIX),
      };
    });
}

function unresolvedAttachmentFindings(context: RuleContext): FindingDraft[] {
  return [...groupBy(context.exposure.unresolvedAttachments, u => locationKey(u.cluster.location)).values()]
    .map(group => ({
      location: group[0].cluster.location,
      message: formatMessage(RuleId.UNVERIFIABLE_NETWORK,
        `domain ${group[0].cluster.location.resource} is attached to a security group that cannot be checked (${group.map(u => u.reason).join('; ')}), so what reaches its ${describePorts(group[0].cluster.ports)} is unknown`,
        WHY, FIX),
    }));
}

function unknownPlacementFindings(context: RuleContext): FindingDraft[] {
  return context.model.clusters
    .filter(c => c.facts.inVpc && !c.facts.inVpc.known)
    .map(c => ({
      location: c.location,
      message: formatMessage(RuleId.UNVERIFIABLE_NETWORK,
        `whether domain ${c.location.resource} is placed in a VPC is unknown at synthesis (${(c.facts.inVpc as { reason: string }).reason})`,
        WHY, FIX),
    }));
}

function unresolvedFilterFindings(context: RuleContext): FindingDraft[] {
  return context.exposure.unresolvedFilters.map(u => ({
    location: u.node.location,
    message: formatMessage(RuleId.UNVERIFIABLE_NETWORK,
      `${u.node.name} is guarded by a filter that cannot be checked (${u.reasons.join('; ')}), so what reaches its ${describePorts(u.ports)} is unknown`,
      WHY, FIX),
  }));
}

/** Whether the worst reading of a path carries public addresses that the best one does not. */
function worstPathExceedsBest(path: PathAnalysis): boolean {
  return carriesPublic(path.worst) && admitsMorePublic(path.worst, path.best);
}

function unknownPathFindings(context: RuleContext): FindingDraft[] {
  const paths = context.exposure.paths;
  // A forward already reported as a certain public-endpoint needs no second finding.
  const certain = new Set(paths.filter(p => p.target && carriesPublic(p.best) && isBroadPath(p)).map(forwardKey));
  const suspects = paths.filter(p => worstPathExceedsBest(p) && !certain.has(forwardKey(p)));
  return [...groupBy(suspects, forwardKey).values()].map(group => {
    const { entry, forward } = group[0];
    const reasons = [...new Set(group.flatMap(p => p.unknowns))];
    return {
      location: forward.location ?? entry.location,
      message: formatMessage(RuleId.UNVERIFIABLE_NETWORK,
        `${describeEntryForward(entry, forward)} could carry the internet to ${describeTargets(group)}: values on the path are unknown at synthesis (${reasons.join('; ') || 'an unknown value'})`,
        WHY, FIX),
      path: pathHops(group, p => p.worst),
    };
  });
}

function opaqueFindings(context: RuleContext): FindingDraft[] {
  return (context.model.opaque ?? []).map(o => ({
    location: o.location,
    message: formatMessage(RuleId.UNVERIFIABLE_NETWORK,
      `${o.description} can create a network path to a cluster port that the input does not show`,
      'what the scan cannot see may open the cluster to the internet, and unknown is not safe',
      'Bring the network resources it creates into the input (a local module, the nested template, literal resources), or acknowledge unverifiable-network with a reason for this resource'),
  }));
}
