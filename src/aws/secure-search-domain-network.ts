/**
 * Network access to a SecureSearchDomain: refuses broad public peers at once, judged with the core
 * address math (spec: "Public sources"), never by string matching.
 */
import { Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { IConstruct } from 'constructs';
import { hasPendingLookups } from './guard/construct-tree';
import { GuardrailsInputError } from '../core/errors';
import { RuleId } from '../core/findings/finding';
import { AddressSet } from '../core/net/address-set';
import { isBroadPublic } from '../core/net/public-space';
import { ruleMetadata } from '../core/rules/catalogue';
import { formatMessage } from '../core/rules/rule';

/**
 * The CIDR `Vpc.fromLookup` returns while its context lookup is pending (aws-cdk-lib
 * aws-ec2/lib/vpc.ts, `DUMMY_VPC_PROPS.vpcCidrBlock`). The CLI performs the lookup only if this
 * first synthesis succeeds, so it is not judged here: the guard judges the template once the real
 * value is known (and defers while lookups are pending, stage-evaluation.ts).
 */
const PENDING_LOOKUP_CIDR = '1.2.3.4/5';

/** `connections` of a SecureSearchDomain: every `allowFrom*` goes through the public-peer check. */
export class GuardedConnections extends ec2.Connections {
  constructor(private readonly domain: IConstruct, securityGroup: ec2.ISecurityGroup) {
    super({ securityGroups: [securityGroup], defaultPort: ec2.Port.tcp(443) });
  }

  public allowFrom(other: ec2.IConnectable, portRange: ec2.Port, description?: string): void {
    const peer = connectableOf(this.domain, other);
    refuseIfPublicPeer(this.domain, peer);
    super.allowFrom(peer, portRange, description);
  }
}

/**
 * The peer a caller meant: a CIDR string (JavaScript callers, where nothing checks the type) becomes
 * `Peer.ipv4` / `Peer.ipv6`; anything else must be an `IConnectable`.
 *
 * @throws GuardrailsInputError (one line, no stack) for a value that is neither
 */
export function connectableOf(domain: IConstruct, peer: unknown): ec2.IConnectable {
  if (typeof peer === 'string') {
    let addresses: AddressSet;
    try {
      addresses = AddressSet.parse(peer);
    } catch (e) {
      if (!GuardrailsInputError.isGuardrailsInputError(e)) throw e;
      throw constructionError(new GuardrailsInputError('invalid-peer',
        `grantNetworkAccess on ${domain.node.path} got ${JSON.stringify(peer)}, which is not a CIDR. Pass a security group, another IConnectable, or a private CIDR such as '10.0.0.0/16' or Peer.ipv4(vpc.vpcCidrBlock).`));
    }
    return addresses.ipv6Size() > 0n ? ec2.Peer.ipv6(peer) : ec2.Peer.ipv4(peer);
  }
  if (typeof peer !== 'object' || peer === null || typeof (peer as ec2.IConnectable).connections !== 'object') {
    throw constructionError(new GuardrailsInputError('invalid-peer',
      `grantNetworkAccess on ${domain.node.path} got ${describe(peer)}, which is neither a CIDR nor an IConnectable. Pass a security group, another IConnectable (ec2.Peer.ipv4('10.0.0.0/16')), or a private CIDR string.`));
  }
  return peer as ec2.IConnectable;
}

/**
 * @throws GuardrailsInputError (one line, no stack) with the `public-ingress` message when `peer` is a broad public source.
 */
export function refuseIfPublicPeer(domain: IConstruct, peer: ec2.IConnectable): void {
  const cidr = literalCidrOf(peer);
  if (cidr === undefined) return; // security groups, prefix lists, tokens: judged by the guard at synthesis
  if (cidr === PENDING_LOOKUP_CIDR && hasPendingLookups(Stack.of(domain))) return;
  const addresses = AddressSet.parse(cidr);
  if (!isBroadPublic(addresses)) return;
  const rule = ruleMetadata(RuleId.PUBLIC_INGRESS);
  throw constructionError(new GuardrailsInputError(RuleId.PUBLIC_INGRESS, formatMessage(RuleId.PUBLIC_INGRESS,
    `network access from ${cidr} to search domain ${domain.node.path} port 443 (HTTPS) is refused`,
    rule.rationale.charAt(0).toLowerCase() + rule.rationale.slice(1),
    'Grant access to a security group (grantNetworkAccess(otherConstruct)) or a private CIDR such as the VPC\'s (Peer.ipv4(vpc.vpcCidrBlock))')));
}

/**
 * A construction error as one message: no stack frames, so neither Node nor ts-node (which prints
 * the source of the first frame it finds) shows a line of this library under `cdk synth`.
 */
function constructionError(error: GuardrailsInputError): GuardrailsInputError {
  Object.defineProperty(error, 'stack', { value: `${error.name}: ${error.message}`, configurable: true, writable: true });
  Object.defineProperty(error, 'code', { value: error.code, enumerable: false });
  Object.defineProperty(error, 'name', { value: error.name, enumerable: false, configurable: true, writable: true });
  return error;
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  return typeof value === 'object' ? `an object (${Object.keys(value).slice(0, 3).join(', ') || 'no keys'})` : `${typeof value} ${JSON.stringify(value)}`;
}

function literalCidrOf(peer: ec2.IConnectable): string | undefined {
  const asPeer = peer as Partial<ec2.IPeer>;
  if (typeof asPeer.toIngressRuleConfig !== 'function') return undefined;
  const config = asPeer.toIngressRuleConfig();
  const cidr = config.cidrIp ?? config.cidrIpv6;
  return typeof cidr === 'string' && !Token.isUnresolved(cidr) ? cidr : undefined;
}
