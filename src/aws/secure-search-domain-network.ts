/**
 * Network access to a SecureSearchDomain: refuses broad public peers at once, judged with the core
 * address math (spec: "Public sources"), never by string matching.
 */
import { Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { GuardrailsInputError } from '../core/errors';
import { RuleId } from '../core/findings/finding';
import { AddressSet } from '../core/net/address-set';
import { isBroadPublic } from '../core/net/public-space';
import { ruleMetadata } from '../core/rules/catalogue';
import { formatMessage } from '../core/rules/rule';

/** `connections` of a SecureSearchDomain: every `allowFrom*` goes through the public-peer check. */
export class GuardedConnections extends ec2.Connections {
  constructor(private readonly domainPath: string, securityGroup: ec2.ISecurityGroup) {
    super({ securityGroups: [securityGroup], defaultPort: ec2.Port.tcp(443) });
  }

  public allowFrom(other: ec2.IConnectable, portRange: ec2.Port, description?: string): void {
    refuseIfPublicPeer(this.domainPath, other);
    super.allowFrom(other, portRange, description);
  }
}

/** @throws GuardrailsInputError with the `public-ingress` message when `peer` is a broad public source. */
export function refuseIfPublicPeer(domainPath: string, peer: ec2.IConnectable): void {
  const cidr = literalCidrOf(peer);
  if (cidr === undefined) return; // security groups, prefix lists, tokens: judged by the guard at synthesis
  const addresses = AddressSet.parse(cidr);
  if (!isBroadPublic(addresses)) return;
  const rule = ruleMetadata(RuleId.PUBLIC_INGRESS);
  throw new GuardrailsInputError(RuleId.PUBLIC_INGRESS, formatMessage(RuleId.PUBLIC_INGRESS,
    `network access from ${cidr} to search domain ${domainPath} port 443 (HTTPS) is refused`,
    rule.rationale.charAt(0).toLowerCase() + rule.rationale.slice(1),
    'Grant access to a security group (grantNetworkAccess(otherConstruct)) or a private CIDR such as the VPC\'s (Peer.ipv4(vpc.vpcCidrBlock))'));
}

function literalCidrOf(peer: ec2.IConnectable): string | undefined {
  const asPeer = peer as Partial<ec2.IPeer>;
  if (typeof asPeer.toIngressRuleConfig !== 'function') return undefined;
  const config = asPeer.toIngressRuleConfig();
  const cidr = config.cidrIp ?? config.cidrIpv6;
  return typeof cidr === 'string' && !Token.isUnresolved(cidr) ? cidr : undefined;
}
