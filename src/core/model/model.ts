/**
 * The one normalized model that every front end (AWS CDK, CDK for Terraform, the scan CLI) feeds.
 *
 * Front ends translate what they read (CloudFormation, Terraform JSON, plan JSON, HCL) into these
 * shapes at the edge; the rules only ever see this model. Nothing here imports a framework.
 *
 * Internal: these types use unions and bigint and are not part of the jsii API.
 */
import { AddressSet } from '../net/address-set';
import { PortSet } from '../net/port-set';
import { Protocol } from '../net/protocol';

/** Where a resource comes from, so that a finding can name it. */
export interface ResourceLocation {
  /** CloudFormation logical id, or Terraform address (`module.x.azurerm_network_security_rule.open`). */
  readonly resource: string;
  /** `AWS::EC2::SecurityGroup`, `azurerm_network_security_group`, ... */
  readonly resourceType: string;
  /** The file it was read from (template, `cdk.tf.json`, plan JSON, `.tf`), when there is one. */
  readonly file?: string;
  /** 1-based line in `file`, when known. */
  readonly line?: number;
  /** The construct path (`aws:cdk:path` metadata, cdktf `//` metadata), when known. */
  readonly constructPath?: string;
  /** The stack (CloudFormation stack / cdktf stack) the resource belongs to, when known. */
  readonly stack?: string;
}

/** A value that is known at synthesis, or unknown with the reason why. */
export type Known<T> =
  | { readonly known: true; readonly value: T }
  | { readonly known: false; readonly reason: string };

/** Helpers to build `Known` values. */
export const known = <T>(value: T): Known<T> => ({ known: true, value });
export const unknown = <T = never>(reason: string): Known<T> => ({ known: false, reason });

/**
 * Where traffic comes from. Front ends resolve what they can: CIDRs and prefix lists become
 * `addresses`, Azure service tags stay `service-tag` (the engine knows what each tag means),
 * security group references and application security groups are `private`.
 */
export type TrafficSource =
  /** Literal addresses (one or more CIDRs/IPs, a resolved prefix list). `text` is shown in messages. */
  | { readonly kind: 'addresses'; readonly text: string; readonly addresses: AddressSet }
  /** An Azure service tag (`Internet`, `*`, `Any`, `VirtualNetwork`, `AzureCloud.westeurope`, ...). */
  | { readonly kind: 'service-tag'; readonly tag: string }
  /** A reference that only admits private traffic: a security group, an application security group. */
  | { readonly kind: 'private'; readonly text: string }
  /** A value that cannot be known at synthesis (token, parameter, variable, import, missing group). */
  | { readonly kind: 'unknown'; readonly text: string; readonly reason: string };

/** Whether an inbound rule admits or refuses what it matches. */
export type RuleAccess = 'allow' | 'deny';

/** One inbound rule, as it will be deployed. */
export interface IngressRule {
  /** The resource that declared the rule: the group itself (inline) or a standalone rule resource. */
  readonly origin: ResourceLocation;
  /** A name for messages: the Azure rule name, or a description of the AWS rule (`tcp 9200 from 0.0.0.0/0`). */
  readonly name: string;
  /** AWS rules are always `allow`. */
  readonly access: Known<RuleAccess>;
  /** Azure only: lower numbers are evaluated first. AWS rules leave it undefined. */
  readonly priority?: Known<number>;
  readonly protocol: Known<Protocol>;
  /** Destination ports (TCP/UDP). `PortSet.all()` for all ports. */
  readonly ports: Known<PortSet>;
  /** The union of these sources is matched (Azure `source_address_prefixes`, one entry on AWS). */
  readonly sources: readonly TrafficSource[];
}

/** The kind of network filter a firewall is, which decides how its rules combine. */
export type FirewallKind =
  /** Allow-only; the union of every rule admits. */
  | 'aws-security-group'
  /** Ordered by priority, first match wins, then Azure's default inbound rules. */
  | 'azure-network-security-group';

/** A security group or network security group with every inbound rule that applies to it. */
export interface Firewall {
  readonly location: ResourceLocation;
  readonly kind: FirewallKind;
  /** Inline and standalone rules together, in any order (the engine orders Azure rules by priority). */
  readonly rules: readonly IngressRule[];
}

/** A fact about a cluster's configuration: known true/false, known value, or unknown. */
export type Fact<T = boolean> = Known<T>;

/** Something that gives a cluster a public address. */
export interface PublicEndpoint {
  /** What it is, with the offending value: `public IP azurerm_public_ip.es (Static)`. */
  readonly description: string;
  /** The resource that creates it. */
  readonly origin: ResourceLocation;
}

/**
 * Configuration facts of a cluster. `undefined` means "does not apply to this cluster or is
 * not visible to this front end"; an unknown `Fact` fails closed in the rule that reads it.
 */
export interface ClusterFacts {
  /** Managed domain: placed in a VPC (`VPCOptions` present). */
  readonly inVpc?: Fact;
  /** Public addresses in front of the cluster (Azure public IPs, public load-balancer frontends). */
  readonly publicEndpoints?: readonly PublicEndpoint[];
  /** `AnonymousAuthEnabled` / Elasticsearch anonymous roles. */
  readonly anonymousAccess?: Fact;
  /** Managed domain: fine-grained access control (`AdvancedSecurityOptions.Enabled`). */
  readonly fineGrainedAccessControl?: Fact;
  /** Managed domain: the access policy allows `*` (any principal). */
  readonly accessPolicyAllowsAnyone?: Fact;
  /** Self-managed: `xpack.security.enabled`. */
  readonly securityEnabled?: Fact;
  /** Managed domain: `DomainEndpointOptions.EnforceHTTPS`. Self-managed: TLS on the HTTP layer. */
  readonly httpsEnforced?: Fact;
  /** Managed domain: `DomainEndpointOptions.TLSSecurityPolicy` (`Policy-Min-TLS-1-2-...`). */
  readonly tlsSecurityPolicy?: Fact<string>;
  /** Managed: node-to-node encryption. Self-managed: TLS on the transport layer. */
  readonly nodeToNodeEncryption?: Fact;
  /** Encryption at rest. */
  readonly encryptionAtRest?: Fact;
  /** Log types that are shipped (`AUDIT_LOGS`, `ES_APPLICATION_LOGS`, `SEARCH_SLOW_LOGS`, ...). */
  readonly logsShipped?: Fact<readonly string[]>;
}

/** The kind of cluster, which decides which ports count and where. */
export type ClusterKind =
  /** `AWS::OpenSearchService::Domain` / `AWS::Elasticsearch::Domain`: ports count on attached groups only. */
  | 'managed-domain'
  /** Elasticsearch/OpenSearch on VMs: its ports count on every firewall in the input. */
  | 'self-managed';

/** A search cluster. */
export interface Cluster {
  readonly location: ResourceLocation;
  readonly kind: ClusterKind;
  /** TCP ports that reach the cluster (managed: 443, and 80 unless HTTPS is enforced). */
  readonly ports: readonly number[];
  /**
   * Managed domain: the security groups attached (`VPCOptions.SecurityGroupIds`), each the
   * `location.resource` of a `Firewall` in the model (or `<stack>/<resource>` when the group lives in
   * another stack), or unknown (imported, parameter, not in the input).
   */
  readonly attachedFirewalls?: readonly Known<string>[];
  readonly facts: ClusterFacts;
}

/** Everything one front end read, ready for the rules. */
export interface InfrastructureModel {
  readonly clusters: readonly Cluster[];
  readonly firewalls: readonly Firewall[];
  /**
   * Ports that count on every firewall (self-managed Elasticsearch/OpenSearch/Kibana).
   * Defaults to `SELF_MANAGED_PORTS` plus any the caller adds (`--ports`, a construct's own ports).
   */
  readonly selfManagedPorts?: readonly number[];
}

/** TCP ports of self-managed Elasticsearch / OpenSearch / Kibana (spec: "Cluster ports"). */
export const SELF_MANAGED_PORTS: readonly number[] = [9200, 9300, 5601];
