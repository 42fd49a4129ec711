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
  /**
   * A reference that only admits private traffic: a security group, an application security group.
   * `group` is the model id of the security group it names (`resourceKey` of that firewall, or a
   * `Firewall.id`), so that traffic a proxy sends from that group is recognised as admitted.
   */
  | { readonly kind: 'private'; readonly text: string; readonly group?: string }
  /**
   * The address space of a VPC, subnet or virtual network of the input (by reference or by value):
   * it admits only hosts inside it, so it is private whatever its numbers (spec: "Public sources").
   * `addresses` (when known) let the engine tell whether a proxy inside that network is admitted.
   */
  | { readonly kind: 'network'; readonly text: string; readonly addresses?: AddressSet }
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
  /**
   * Set when the rule's port list also holds values unknown at synthesis (`["9200", var.x]`): the
   * known part (`ports`) matches for certain, the rest only in the worst reading. The reason, for messages.
   */
  readonly morePortsUnknown?: string;
  /** The union of these sources is matched (Azure `source_address_prefixes`, one entry on AWS). */
  readonly sources: readonly TrafficSource[];
  /**
   * Azure only: the source ports the rule matches (`source_port_range(s)`); absent = all. A Deny
   * that names source ports shadows only traffic from those ports, i.e. not a whole address.
   */
  readonly sourcePorts?: Known<PortSet>;
  /**
   * Azure only: the destinations the rule matches (`destination_address_prefix(es)`, destination
   * application security groups). Absent = any destination. The engine asks, per node, whether the
   * destination covers it (`DestinationMatch`), so a Deny shadows exactly what it matches.
   */
  readonly destinations?: readonly RuleDestination[];
}

/**
 * A destination of an Azure rule: addresses (`10.0.1.0/24`, a tag such as `VirtualNetwork` / `*`), an
 * application security group (its model id), or unknown.
 */
export type RuleDestination =
  | { readonly kind: 'any'; readonly text: string }
  | { readonly kind: 'addresses'; readonly text: string; readonly addresses: AddressSet }
  | { readonly kind: 'application-security-group'; readonly text: string; readonly group: string }
  | { readonly kind: 'unknown'; readonly text: string; readonly reason: string };

/** The kind of network filter a firewall is, which decides how its rules combine. */
export type FirewallKind =
  /** Allow-only; the union of every rule admits. */
  | 'aws-security-group'
  /** Ordered by priority, first match wins, then Azure's default inbound rules. */
  | 'azure-network-security-group';

/** A security group or network security group with every inbound rule that applies to it. */
export interface Firewall {
  /** The model id filters name it by; defaults to `resourceKey(location)`. */
  readonly id?: string;
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
  /**
   * Public addresses in front of the cluster (version 1 of the model). Translators now describe these
   * as `EntryPoint`s with forwards to `ClusterNode`s, which the engine judges through every filter on
   * the path; an entry here is reported as `public-endpoint` unconditionally.
   */
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
  /** The model id nodes name it by; defaults to `resourceKey(location)`. */
  readonly id?: string;
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

// ---------------------------------------------------------------------------------------------
// Paths (spec version 2, "Paths"): entry points -> forwards -> nodes, with the filters on each hop.
// ---------------------------------------------------------------------------------------------

/**
 * One filter on a hop. Traffic must pass every stage of a hop, in order (an Azure NIC: its subnet's
 * NSG, then its own NSG); within a stage the union of its firewalls admits (every security group on
 * an AWS interface or domain). An unknown entry is a group that is not in the input: fail closed.
 */
export interface FilterStage {
  /** For messages: `subnet NSG`, `NIC NSG`, `security groups`. */
  readonly description?: string;
  /** Firewall ids (`Firewall.id` or `resourceKey(firewall.location)`). */
  readonly firewalls: readonly Known<string>[];
}

/**
 * Where cluster ports listen: a node's network interface, an instance, a scale set's instances, a
 * managed domain's interfaces. Every cluster port of a node is judged on every path that reaches it.
 */
export interface ClusterNode {
  /** Unique in the model. */
  readonly id: string;
  /** For messages: `NIC azurerm_network_interface.es[0]`, `instance EsNode`, `domain Search`. */
  readonly name: string;
  readonly location: ResourceLocation;
  /** The id of its `Cluster` (`Cluster.id` or `resourceKey(cluster.location)`). */
  readonly cluster: string;
  /** TCP ports that listen here; defaults to the cluster's `ports`. */
  readonly ports?: readonly number[];
  /** The filters in front of the node itself (empty: nothing filters, everything that arrives is admitted). */
  readonly filters: readonly FilterStage[];
  /**
   * Its private addresses, when the input fixes them (by-IP backends, DNAT rules match them). A
   * destination-aware Deny shadows the node only when it covers all of them; unset = unknown.
   */
  readonly addresses?: AddressSet;
  /**
   * Azure: the ids of the application security groups its interface is a member of (matched by a rule's
   * `application-security-group` destination). Unset = unknown: such a destination then may or may not cover it.
   */
  readonly applicationSecurityGroups?: readonly string[];
}

/**
 * The kinds of entry point the engine knows, and whether each keeps the client's address (the
 * translators set `Forward.preservesClientAddress` accordingly).
 */
export type EntryPointKind =
  /** A managed domain outside a VPC, an OpenSearch Serverless collection with public network access. */
  | 'public-endpoint'
  /**
   * A public IP on a node's interface (or per instance of a scale set): pass-through, the NIC's NSGs see the client.
   * https://learn.microsoft.com/azure/virtual-network/ip-services/public-ip-addresses
   */
  | 'public-ip'
  /**
   * Azure public Load Balancer frontend (rules, inbound NAT rules and pools): pass-through, it does not
   * terminate or proxy the connection, so the backend's NSGs see the client's address.
   * https://learn.microsoft.com/azure/load-balancer/load-balancer-overview
   */
  | 'load-balancer'
  /**
   * Azure Application Gateway listener: a proxy; the backend sees the gateway's address as the source.
   * https://learn.microsoft.com/azure/application-gateway/proxy-protocol-header
   */
  | 'application-gateway'
  /**
   * Azure Firewall DNAT rule: a proxy; DNAT'd inbound traffic is also SNAT'd to a firewall private address.
   * https://learn.microsoft.com/azure/firewall/features#inbound-dnat-support
   */
  | 'firewall-dnat'
  /**
   * AWS internet-facing Application Load Balancer: a proxy (the client is only in X-Forwarded-For).
   * https://docs.aws.amazon.com/elasticloadbalancing/latest/application/x-forwarded-headers.html
   */
  | 'application-load-balancer'
  /**
   * AWS internet-facing Network Load Balancer: pass-through with client IP preservation (the default for
   * instance targets), else a proxy whose source is the load balancer's private address.
   * https://docs.aws.amazon.com/elasticloadbalancing/latest/network/edit-target-group-attributes.html#client-ip-preservation
   */
  | 'network-load-balancer'
  /**
   * AWS internet-facing Classic Load Balancer: a proxy (the client is only in X-Forwarded-For / proxy protocol).
   * https://docs.aws.amazon.com/elasticloadbalancing/latest/classic/x-forwarded-headers.html
   */
  | 'classic-load-balancer';

/** What a proxy's traffic looks like when it arrives at the node. */
export interface ProxySource {
  /** For messages: `the gateway's subnet 10.0.3.0/24`, `the load balancer's security group AlbSg`. */
  readonly text: string;
  /** The proxy's private addresses (its subnet), or unknown when the input does not fix them. */
  readonly addresses: Known<AddressSet>;
  /** Ids of the security groups the proxy sends from (AWS ALB / NLB / ELB), matched by `private.group`. */
  readonly groups?: readonly string[];
}

/** One way traffic is forwarded from an entry point to nodes: a listener, a load-balancing rule, a NAT rule, a DNAT rule. */
export interface Forward {
  /** For messages: `listener 443`, `rule es-http (443 -> 9200)`. */
  readonly name: string;
  /** The resource that declares it, when it is not the entry point itself (findings are named by it). */
  readonly location?: ResourceLocation;
  /** Ports the entry point accepts from the internet. */
  readonly frontendPorts: Known<PortSet>;
  /** The port it forwards to; absent = the port it arrived on (a public IP, HA ports). */
  readonly backendPort?: Known<number>;
  /**
   * Node ids it forwards to (a cluster id stands for all its nodes); unknown = a backend the input does
   * not resolve (fail closed: the worst reading reaches an unfiltered cluster port).
   */
  readonly targets: readonly Known<string>[];
  /** Pass-through hops keep the client's address; proxies replace it with `proxySource`. */
  readonly preservesClientAddress: boolean;
  /** Required when `preservesClientAddress` is false. */
  readonly proxySource?: ProxySource;
}

/** A public address and what it forwards. */
export interface EntryPoint {
  /** Unique in the model. */
  readonly id: string;
  readonly kind: EntryPointKind;
  /** For messages, with the offending value: `application gateway appgw (public IP 20.1.2.3)`. */
  readonly name: string;
  readonly location: ResourceLocation;
  /** Filters on the entry itself (the security groups of an ALB / NLB, the gateway subnet's NSG). */
  readonly filters?: readonly FilterStage[];
  readonly forwards: readonly Forward[];
}

/**
 * Something that can create a network path the translator cannot see (spec: "Unknown is not safe"): a
 * registry module, a nested stack without its template, `AWS::Include`, a custom resource calling a
 * network API, an ARM template deployment, `azapi_resource` of a network type. Always `unverifiable-network`.
 */
export interface OpaqueNetworkChange {
  readonly location: ResourceLocation;
  /** With the offending value: `module "es" from registry source "acme/es/azurerm"`. */
  readonly description: string;
}

/** Everything one front end read, ready for the rules. */
export interface InfrastructureModel {
  readonly clusters: readonly Cluster[];
  readonly firewalls: readonly Firewall[];
  /** Where cluster ports listen, with the filters in front of each (spec: "Paths"). */
  readonly nodes?: readonly ClusterNode[];
  /** Public addresses and what they forward to nodes. */
  readonly entryPoints?: readonly EntryPoint[];
  /** Resources that can open a path out of sight. */
  readonly opaque?: readonly OpaqueNetworkChange[];
  /**
   * Resource types the input holds that no translator models (for the "no silent pass" summary);
   * `canOpenPath` in `src/core/model/path-types.ts` decides which of them keep a scan from being clean.
   */
  readonly unmodelledResourceTypes?: readonly string[];
  /**
   * Ports that count on every firewall (self-managed Elasticsearch/OpenSearch/Kibana).
   * Defaults to `SELF_MANAGED_PORTS` plus any the caller adds (`--ports`, a construct's own ports).
   */
  readonly selfManagedPorts?: readonly number[];
}

/** TCP ports of self-managed Elasticsearch / OpenSearch / Kibana (spec: "Cluster ports"). */
export const SELF_MANAGED_PORTS: readonly number[] = [9200, 9300, 5601];

/** A resource's identity across stacks and files: the default model id of firewalls, clusters and nodes. */
export function resourceKey(location: ResourceLocation): string {
  return `${location.stack ?? ''}\u0000${location.file ?? ''}\u0000${location.resource}`;
}

/** The model id of a firewall. */
export function firewallId(firewall: Firewall): string {
  return firewall.id ?? resourceKey(firewall.location);
}

/** The model id of a cluster. */
export function clusterId(cluster: Cluster): string {
  return cluster.id ?? resourceKey(cluster.location);
}

/**
 * An AWS ingress rule the input does not pin down (an entry that is no object, a dynamic block, a group
 * reference that does not resolve): an allow whose protocol, ports and source are unknown, so it fails
 * closed wherever it could reach a cluster port. AWS rules are allow-only (spec: "Rule evaluation").
 */
export function unknownAllowRule(origin: ResourceLocation, reason: string): IngressRule {
  return {
    origin,
    name: `${origin.resource} ingress (not known at synthesis)`,
    access: known('allow'),
    protocol: unknown(reason),
    ports: unknown(reason),
    sources: [{ kind: 'unknown', text: 'ingress rule', reason }],
  };
}
