/**
 * public-endpoint: the cluster itself has a public address: a managed domain outside a VPC, or a
 * public IP / public load-balancer frontend in front of a self-managed cluster's nodes.
 */
import { isKnown } from './facts';
import { describeResource, FindingDraft, formatMessage, Rule, RuleContext } from './rule';
import { RuleId } from '../findings/finding';

export const publicEndpointRule: Rule = {
  id: RuleId.PUBLIC_ENDPOINT,
  evaluate({ model }: RuleContext): FindingDraft[] {
    const findings: FindingDraft[] = [];
    for (const cluster of model.clusters) {
      if (cluster.kind === 'managed-domain' && isKnown(cluster.facts.inVpc, false)) {
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
            'a public address in front of cluster nodes is reachable from the internet whatever the network rules say next year',
            'Remove the public IP or public frontend; reach the cluster through an internal load balancer, peering, VPN or Azure Bastion'),
        });
      }
    }
    return findings;
  },
};
