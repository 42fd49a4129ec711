/**
 * Findings and acknowledgements: the output of the engine, shared by every front end and report.
 */

/** How bad a finding is. */
export enum Severity {
  /** Fails synthesis and, by default, the `scan` command. */
  ERROR = 'error',
  /** Reported; fails `scan` only with `--fail-on warning`. */
  WARNING = 'warning',
}

/** The stable ids of the rule catalogue (spec: "Rule catalogue"; never renamed). */
export enum RuleId {
  PUBLIC_INGRESS = 'public-ingress',
  PUBLIC_ENDPOINT = 'public-endpoint',
  ANONYMOUS_ACCESS = 'anonymous-access',
  UNVERIFIABLE_NETWORK = 'unverifiable-network',
  TRANSPORT_UNENCRYPTED = 'transport-unencrypted',
  UNENCRYPTED_AT_REST = 'unencrypted-at-rest',
  PUBLIC_ALLOWLIST = 'public-allowlist',
  AUDIT_LOGGING_DISABLED = 'audit-logging-disabled',
}

/** One step of an exposure path: internet -> rule -> cluster port (for Markdown diagrams). */
export interface ExposureStep {
  /** `0.0.0.0/0`, `Internet`, `203.0.113.0/24 + 1 more` */
  readonly source: string;
  /** The rule that admits it: `azurerm_network_security_group.es / allow-es` or `SecurityGroup ingress tcp 9200`. */
  readonly rule: string;
  /** The cluster port reached. */
  readonly port: number;
  /** The cluster (resource) when the port belongs to a known cluster; undefined for self-managed ports. */
  readonly cluster?: string;
}

/** What a hop of an exposure path is. */
export enum PathHopKind {
  /** Where the traffic comes from: the internet, an allowlist, a service tag. */
  SOURCE = 'source',
  /** A public address: a public IP, a load-balancer frontend, a gateway listener, a firewall DNAT rule, a public endpoint. */
  ENTRY_POINT = 'entry-point',
  /** A listener, a load-balancing rule, a NAT rule or a DNAT rule that forwards to nodes (with port translation). */
  FORWARD = 'forward',
  /** A security group, a network security group or a rule that lets the traffic through. */
  FILTER = 'filter',
  /** Where the cluster port listens: a NIC, an instance, a scale set, a managed domain. */
  NODE = 'node',
}

/** One hop of an exposure path, from the entry point to the cluster port (spec: "Finding shape", `path`). */
export interface PathHop {
  readonly kind: PathHopKind;
  /** For reports: `application gateway appgw (public IP 20.1.2.3)`, `listener 443`, `NIC es-0`. */
  readonly name: string;
  /** The resource that makes the hop (logical id or Terraform address), when there is one. */
  readonly resource?: string;
  /** The destination port at this hop (a frontend port, the cluster port). */
  readonly port?: number;
  /** What passes this hop: `0.0.0.0/0`, `the gateway's subnet 10.0.3.0/24`, `rule "allow-es"`. */
  readonly detail?: string;
}

/** One problem found by one rule in one resource. */
export interface Finding {
  readonly ruleId: RuleId;
  readonly severity: Severity;
  /** CloudFormation logical id or Terraform address. */
  readonly resource: string;
  readonly resourceType: string;
  readonly file?: string;
  readonly line?: number;
  readonly constructPath?: string;
  readonly stack?: string;
  /** `<rule-id>: <what is exposed, with the offending value> - <why it matters>. <what to change>.` */
  readonly message: string;
  /** True when an acknowledgement applies (only possible for acknowledgeable rules). */
  readonly acknowledged: boolean;
  /** The reason given by the acknowledgement that applies. */
  readonly acknowledgementReason?: string;
  /** For network findings: how the internet reaches the cluster. */
  readonly exposurePaths?: ExposureStep[];
  /** For network findings: the hops of the path from the entry point (or the source) to the cluster port. */
  readonly path?: PathHop[];
}

/** Which resources an acknowledgement covers. Every field that is set must match. */
export interface AcknowledgementScope {
  /** A construct path: the construct and everything below it. */
  readonly constructPath?: string;
  /** A resource (logical id or Terraform address); a Terraform `module.x` covers the module. */
  readonly resource?: string;
  /** A stack name. */
  readonly stack?: string;
  /** A file (as reported in findings). */
  readonly file?: string;
}

/** A decision, with a reason, to accept one acknowledgeable rule for one construct or resource subtree. */
export interface Acknowledgement {
  readonly ruleId: string;
  readonly reason: string;
  readonly scope: AcknowledgementScope;
  /** Where the acknowledgement was made (for reports): `Validations.of(...)`, a file, a construct path. */
  readonly origin?: string;
}
