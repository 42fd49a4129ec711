/**
 * public-endpoint: a public address reaches a cluster port: a managed domain outside a VPC, or a public
 * frontend (public IP, load balancer, NAT rule, gateway listener, firewall DNAT) whose path to a node is
 * admitted by every filter on it (spec: "Paths").
 */
import { isKnown } from './facts';
import { describeResource, FindingDraft, formatMessage, groupBy, locationKey, Rule, RuleContext } from './rule';
import { describeAddressCount } from '../exposure/describe';
import { describeAdmission, describeEntryForward, describeTargets } from '../exposure/describe-path';
import { pathHops } from '../exposure/path-hops';
import { carriesPublic, PathAnalysis } from '../exposure/paths';
import { RuleId } from '../findings/finding';
import { isBroadPublic } from '../net/public-space';

const WHY = 'a public address in front of cluster nodes is reachable from the internet whatever the network rules say next year';

export const publicEndpointRule: Rule = {
  id: RuleId.PUBLIC_ENDPOINT,
  evaluate(context: RuleContext): FindingDraft[] {
    const { model } = context;
    const findings: FindingDraft[] = [];
    const entryLocations = new Set((model.entryPoints ?? []).filter(e => e.kind === 'public-endpoint').map(e => locationKey(e.location)));
    for (const cluster of model.clusters) {
      // A translator that describes the domain's endpoint as an entry point gets the path finding instead.
      if (cluster.kind === 'managed-domain' && isKnown(cluster.facts.inVpc, false) && !entryLocations.has(locationKey(cluster.location))) {
        findings.push({
          location: cluster.location,
          message: formatMessage(RuleId.PUBLIC_ENDPOINT,
            `domain ${describeResource(cluster.location)} has no VPCOptions, so its endpoint is public`,
            'a public endpoint is one access-policy mistake away from the internet, and no security group can protect it',
            'Place the domain in a VPC (VPCOptions with private subnets and a security group), for example with SecureSearchDomain'),
        });
      }
      for (const endpoint of cluster.facts.publicEndpoints ?? []) {
        findings.push({
          location: endpoint.origin,
          message: formatMessage(RuleId.PUBLIC_ENDPOINT,
            `${endpoint.description} gives cluster ${cluster.location.resource} a public address`,
            WHY,
            'Remove the public IP or public frontend; reach the cluster through an internal load balancer, peering, VPN or Azure Bastion'),
        });
      }
    }
    const exposed = context.exposure.paths.filter(p => p.target && carriesPublic(p.best) && isBroadPath(p));
    findings.push(...[...groupBy(exposed, forwardKey).values()].map(pathFinding));
    return findings;
  },
};

/** Whether a path carries a broad public source in its best reading. */
export function isBroadPath(path: PathAnalysis): boolean {
  return path.best.broadPublicTags.length > 0 || isBroadPublic(path.best.publicAddresses);
}

/** Paths are reported per forward (the resource that creates the hop). */
export function forwardKey(path: PathAnalysis): string {
  return `${path.entry.id}\u0000${locationKey(path.forward.location ?? path.entry.location)}\u0000${path.forward.name}`;
}

function pathFinding(paths: PathAnalysis[]): FindingDraft {
  const { entry, forward } = paths[0];
  const reached = paths.reduce((acc, p) => acc.union(p.best.publicAddresses), paths[0].best.publicAddresses);
  const tags = [...new Set(paths.flatMap(p => p.best.broadPublicTags))];
  const count = [describeAddressCount(reached), ...tags].filter(t => t !== 'no public address').join(' and ');
  const clusters = [...new Set(paths.map(p => p.target?.cluster?.location.resource).filter((c): c is string => c !== undefined))];
  return {
    location: forward.location ?? entry.location,
    message: formatMessage(RuleId.PUBLIC_ENDPOINT,
      `${describeEntryForward(entry, forward)} forwards to ${describeTargets(paths)}${clusters.length ? ` of ${clusters.join(', ')}` : ''}, and ${describeAdmission(paths, p => p.best)} (so ${count} can reach the cluster)`,
      WHY,
      forward.preservesClientAddress
        ? 'Remove the public frontend, or refuse the internet on the forwarded port in the filters on the path (a Deny for Internet, a private source)'
        : 'Remove the public frontend or make it internal; a filter that admits the proxy (VirtualNetwork, its subnet, its security group) does not protect a node behind a public proxy'),
    path: pathHops(paths, p => p.best),
  };
}
