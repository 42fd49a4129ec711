/**
 * The rule catalogue: stable ids, severities and whether a rule may be acknowledged
 * (spec: "Rule catalogue"). docs/rules.md is generated from this list.
 */
import { RuleId, Severity } from '../findings/finding';
import type { RuleInfo } from '../rule-catalogue';

/** What every report and front end knows about a rule (the public `RuleInfo` struct). */
export type RuleMetadata = RuleInfo;

export const RULE_CATALOGUE: readonly RuleMetadata[] = [
  {
    id: RuleId.PUBLIC_INGRESS,
    severity: Severity.ERROR,
    acknowledgeable: false,
    title: 'A network rule admits a broad public source to a cluster port (judged on every filter of the node, as if the whole internet arrived)',
    rationale: 'Anyone on the internet can reach the cluster on any path that arrives with the client\'s address; in 2019 one such rule exposed 250 million records',
    fix: 'Admit only private sources (the VPC/VNet, a security group, an application security group) or a small allowlist',
  },
  {
    id: RuleId.PUBLIC_ENDPOINT,
    severity: Severity.ERROR,
    acknowledgeable: false,
    title: 'A public address reaches a cluster port: the cluster\'s own endpoint, or a path from a public frontend (public IP, load balancer, NAT rule, gateway listener, firewall DNAT) that every filter on the way admits',
    rationale: 'A public endpoint is reachable from the internet whatever the network rules say next year; behind a proxy the node sees the proxy\'s address, so a filter that admits VirtualNetwork or the proxy\'s group does not protect it',
    fix: 'Place the domain in a VPC, remove public IPs and public frontends from the path to cluster nodes, or refuse the internet in a filter on the path (a pass-through hop keeps the client\'s address)',
  },
  {
    id: RuleId.ANONYMOUS_ACCESS,
    severity: Severity.ERROR,
    acknowledgeable: false,
    title: 'Requests are served without authentication',
    rationale: 'One network mistake away from an open database: authentication is the second lock',
    fix: 'Enable fine-grained access control / Elasticsearch security, name principals in the access policy, turn anonymous access off',
  },
  {
    id: RuleId.UNVERIFIABLE_NETWORK,
    severity: Severity.ERROR,
    acknowledgeable: true,
    title: 'A network value on a path to a cluster port cannot be known at synthesis, or a resource can create a path out of sight',
    rationale: 'An unknown source, port, group, backend or target on a path may turn out to be the internet; a registry module or custom resource may open a path the scan cannot see; unknown is not safe',
    fix: 'Use a literal or a reference the input defines, or acknowledge the rule with a reason for this construct',
  },
  {
    id: RuleId.TRANSPORT_UNENCRYPTED,
    severity: Severity.ERROR,
    acknowledgeable: true,
    title: 'Traffic to or between nodes is not encrypted with TLS 1.2 or later',
    rationale: 'Credentials and documents cross the network in clear text',
    fix: 'Enforce HTTPS with a TLS 1.2+ policy and enable node-to-node (transport) encryption',
  },
  {
    id: RuleId.UNENCRYPTED_AT_REST,
    severity: Severity.ERROR,
    acknowledgeable: true,
    title: 'Encryption at rest is off',
    rationale: 'Snapshots and disks hold the data in clear',
    fix: 'Enable encryption at rest (optionally with a customer-managed key)',
  },
  {
    id: RuleId.PUBLIC_ALLOWLIST,
    severity: Severity.WARNING,
    acknowledgeable: true,
    title: 'A small set of public addresses reaches a cluster port, by a rule on the node or on a path',
    rationale: 'Allowlists of public addresses drift and are shared; private connectivity is safer',
    fix: 'Prefer private connectivity (VPN, peering, private endpoints); acknowledge with a reason if the allowlist is intended',
  },
  {
    id: RuleId.AUDIT_LOGGING_DISABLED,
    severity: Severity.WARNING,
    acknowledgeable: true,
    title: 'Audit, error or slow logs are not shipped',
    rationale: 'Without logs nobody can tell who read what after an exposure',
    fix: 'Publish audit, application (error) and slow logs to a log service with a retention',
  },
];

/** The metadata of one rule. @throws Error for an id outside the catalogue (a programming error). */
export function ruleMetadata(id: RuleId | string): RuleMetadata {
  const found = RULE_CATALOGUE.find(r => r.id === id);
  if (!found) {
    throw new Error(`Unknown rule id ${JSON.stringify(id)}`);
  }
  return found;
}

/** Whether `id` names a rule of the catalogue. */
export function isRuleId(id: string): id is RuleId {
  return RULE_CATALOGUE.some(r => r.id === id);
}
