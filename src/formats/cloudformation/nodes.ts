/**
 * Where cluster ports listen (spec: "Paths"): managed domains and self-managed nodes, each with the
 * union of its security groups as its one filter stage, and the public addresses on them.
 *
 * - Managed domains: every group of `VPCOptions.SecurityGroupIds`; a domain outside a VPC has a public
 *   endpoint (OpenSearch Service developer guide, "VPC support": "a domain ... not in a VPC ... has a
 *   public endpoint ... accessible from the internet").
 * - Self-managed: an `AWS::EC2::Instance`, or an `AWS::AutoScaling::AutoScalingGroup` launching a
 *   `LaunchTemplate` / `LaunchConfiguration`, whose user data installs or starts Elasticsearch,
 *   OpenSearch or Kibana, or that is tagged `search-guardrails:cluster` (instances with the same tag
 *   value form one cluster).
 * - Public IPs: `AssociatePublicIpAddress`, a subnet with `MapPublicIpOnLaunch`, `AWS::EC2::EIP` /
 *   `EIPAssociation`. A public IPv4 address is mapped one-to-one to the interface's private address
 *   (EC2 user guide, "Public IPv4 addresses"): the instance sees the client's address, so it is pass-through.
 */
import { IntrinsicResolver } from './intrinsics';
import { References, SUBNET } from './references';
import { isObject, TemplateResource, TemplateSet } from './template-set';
import { userDataText } from './user-data';
import { ClusterFacts, Cluster, ClusterNode, EntryPoint, FilterStage, known, Known, resourceKey, unknown } from '../../core/model/model';
import { AddressSet } from '../../core/net/address-set';
import { PortSet } from '../../core/net/port-set';
import { readSearchNodeBoot, searchNodeFacts, SearchNodeBoot } from '../boot-data';

export const INSTANCE = 'AWS::EC2::Instance';
export const LAUNCH_TEMPLATE = 'AWS::EC2::LaunchTemplate';
export const LAUNCH_CONFIGURATION = 'AWS::AutoScaling::LaunchConfiguration';
export const AUTO_SCALING_GROUP = 'AWS::AutoScaling::AutoScalingGroup';
export const NETWORK_INTERFACE = 'AWS::EC2::NetworkInterface';
export const NETWORK_INTERFACE_ATTACHMENT = 'AWS::EC2::NetworkInterfaceAttachment';
export const EIP = 'AWS::EC2::EIP';
export const EIP_ASSOCIATION = 'AWS::EC2::EIPAssociation';
const DOMAIN_TYPES = ['AWS::OpenSearchService::Domain', 'AWS::Elasticsearch::Domain'];

/** The tag that marks an instance or group as a node of the cluster named by its value. */
export const CLUSTER_TAG = 'search-guardrails:cluster';

/** A value with the template it is read in. */
interface InTemplate { readonly t: number; readonly v: any }

/** How one node is launched, from an instance, its launch template, or an Auto Scaling group's. */
interface LaunchSpec {
  readonly userData?: InTemplate;
  readonly securityGroupIds: InTemplate[];
  readonly securityGroups: InTemplate[];
  readonly interfaces: { readonly t: number; readonly spec: Record<string, any> }[];
  readonly tags: InTemplate[];
  /** Set explicitly (launch configuration, or the instance itself). */
  readonly associatePublicIp?: InTemplate;
  readonly subnets: InTemplate[];
  readonly privateIps: InTemplate[];
  /** `Ipv6AddressCount` / `Ipv6Addresses` of the instance itself. */
  readonly ipv6?: InTemplate[];
}

export interface TranslatedNodes {
  readonly clusters: Cluster[];
  readonly nodes: ClusterNode[];
  readonly entryPoints: EntryPoint[];
}

export class NodeTranslator {
  private readonly nodeByResource = new Map<TemplateResource, ClusterNode>();
  private readonly nodes: ClusterNode[] = [];
  private readonly instanceSpecs = new Map<TemplateResource, LaunchSpec>();
  private attachments?: { readonly symbolic: boolean; readonly byInstance: Map<TemplateResource, TemplateResource[]> };
  private interfaceIndex?: { readonly nodes: number; readonly symbolic: boolean; readonly byInterface: Map<TemplateResource, string> };

  constructor(
    private readonly templates: TemplateSet,
    private readonly resolver: IntrinsicResolver,
    private readonly refs: References,
    private readonly selfManagedPorts: readonly number[],
  ) {}

  /** The node id of an instance, Auto Scaling group or domain, when it is a node. */
  public nodeIdOf(resource: TemplateResource): string | undefined {
    return this.nodeByResource.get(resource)?.id;
  }

  /** The instance node an `AWS::EC2::NetworkInterface` of the input belongs to (`Fn::GetAtt Eni.PrimaryPrivateIpAddress` targets). */
  public nodeWithInterface(eni: TemplateResource): string | undefined {
    // One index of every instance node's interfaces (the first node wins, as a scan in node order
    // would), rebuilt when a node was added since.
    const symbolic = this.resolver.readsSymbolicText;
    if (this.interfaceIndex?.nodes !== this.nodes.length || this.interfaceIndex.symbolic !== symbolic) {
      const byInterface = new Map<TemplateResource, string>();
      for (const [resource, node] of this.nodeByResource) {
        if (resource.type !== INSTANCE) continue;
        for (const i of this.instanceSpec(resource).interfaces) {
          for (const r of this.interfaceResources(i.t, i.spec)) if (!byInterface.has(r)) byInterface.set(r, node.id);
        }
      }
      this.interfaceIndex = { nodes: this.nodes.length, symbolic, byInterface };
    }
    return this.interfaceIndex.byInterface.get(eni);
  }

  /** The nodes whose fixed private addresses hold `address` (by-IP targets). */
  public nodesHolding(address: AddressSet): string[] {
    return this.nodes.filter(n => n.addresses !== undefined && n.addresses.overlaps(address)).map(n => n.id);
  }

  public translate(domains: readonly Cluster[]): TranslatedNodes {
    const entryPoints: EntryPoint[] = [];
    // One lookup per domain, not a scan of every domain's key (linear in the number of domains).
    const domainsByKey = new Map<string, Cluster>();
    for (const c of domains) {
      const key = resourceKey(c.location);
      if (!domainsByKey.has(key)) domainsByKey.set(key, c);
    }
    for (const domain of this.refs.ofType(...DOMAIN_TYPES)) {
      const location = this.templates.location(domain);
      const cluster = domainsByKey.get(resourceKey(location));
      if (!cluster) continue;
      const { node, entryPoint } = this.domainNode(domain, cluster);
      this.add(domain, node);
      if (entryPoint) entryPoints.push(entryPoint);
    }

    const clusters = new Map<string, Cluster>();
    const candidates: { resource: TemplateResource; spec: LaunchSpec; name: string }[] = [
      ...this.refs.ofType(INSTANCE).map(r => ({ resource: r, spec: this.instanceSpec(r), name: `instance ${r.logicalId}` })),
      ...this.refs.ofType(AUTO_SCALING_GROUP).map(r => ({ resource: r, spec: this.groupSpec(r), name: `Auto Scaling group ${r.logicalId}` })),
    ];
    for (const { resource, spec, name } of candidates) {
      const boot = this.boot(spec);
      const tag = this.clusterTag(spec);
      if (!tag && (!boot || boot.software.length === 0)) continue;
      const location = this.templates.location(resource);
      const clusterKey = tag !== undefined ? `tag\u0000${tag}` : resourceKey(location);
      let cluster = clusters.get(clusterKey);
      if (!cluster) {
        cluster = {
          id: tag !== undefined ? `${CLUSTER_TAG}=${tag}` : resourceKey(location),
          location,
          kind: 'self-managed',
          ports: [...this.selfManagedPorts],
          facts: this.facts(boot, resource),
        };
        clusters.set(clusterKey, cluster);
      }
      const node: ClusterNode = {
        id: resourceKey(location),
        name,
        location,
        cluster: cluster.id!,
        filters: [this.groupStage(spec, resource)],
        ...this.addresses(spec),
      };
      this.add(resource, node);
      const publicIp = this.publicIp(resource, spec, node);
      if (publicIp) entryPoints.push(publicIp);
      const publicIpv6 = this.publicIpv6(spec, node);
      if (publicIpv6) entryPoints.push(publicIpv6);
    }
    entryPoints.push(...this.elasticIps());
    return { clusters: [...clusters.values()], nodes: this.nodes, entryPoints };
  }

  private add(resource: TemplateResource, node: ClusterNode): void {
    this.nodeByResource.set(resource, node);
    this.nodes.push(node);
  }

  private domainNode(domain: TemplateResource, cluster: Cluster): { node: ClusterNode; entryPoint?: EntryPoint } {
    const location = this.templates.location(domain);
    const id = resourceKey(location);
    const inVpc = cluster.facts.inVpc;
    const vpcOptions = this.resolver.resolve(domain.templateIndex, domain.properties.VPCOptions);
    const firewalls: Known<string>[] = [];
    let addresses: AddressSet | undefined;
    if (!vpcOptions.known) {
      firewalls.push(unknown(`VPCOptions: ${vpcOptions.reason}`));
    } else if (!(inVpc?.known && !inVpc.value)) {
      for (const options of vpcOptions.values) {
        if (!isObject(options)) continue;
        if (options.SecurityGroupIds === undefined) {
          // OpenSearch Service API, VPCOptions: "If you don't specify a security group, OpenSearch Service uses the default security group for the VPC."
          firewalls.push(unknown('VPCOptions has no SecurityGroupIds: the VPC default security group, which is not in the input, is attached'));
        } else {
          firewalls.push(...this.refs.groupIds(domain.templateIndex, options.SecurityGroupIds, 'SecurityGroupIds'));
        }
        const subnets = this.refs.subnetAddresses(domain.templateIndex, options.SubnetIds);
        if (subnets.known) addresses = (addresses ?? AddressSet.empty()).union(subnets.value);
      }
    }
    const node: ClusterNode = {
      id,
      name: `domain ${domain.logicalId}`,
      location,
      cluster: id,
      filters: firewalls.length > 0 ? [{ description: 'security groups', firewalls }] : [],
      ...(addresses !== undefined ? { addresses } : {}),
    };
    if (!(inVpc?.known && !inVpc.value)) return { node };
    return {
      node,
      entryPoint: {
        id: `public-endpoint\u0000${id}`,
        kind: 'public-endpoint',
        name: `public endpoint of domain ${domain.logicalId} (no VPCOptions)`,
        location,
        forwards: [{
          name: `domain endpoint (${cluster.ports.join(', ')})`,
          frontendPorts: known(PortSet.of(...cluster.ports)),
          targets: [known(id)],
          preservesClientAddress: true,
        }],
      },
    };
  }

  /** `readInstanceSpec`, once per instance (asked again for every interface a load balancer or an EIP names). */
  private instanceSpec(instance: TemplateResource): LaunchSpec {
    // Resolved values differ inside `withSymbolicText`: only the plain reading is kept.
    if (this.resolver.readsSymbolicText) return this.readInstanceSpec(instance);
    let spec = this.instanceSpecs.get(instance);
    if (spec === undefined) {
      spec = this.readInstanceSpec(instance);
      this.instanceSpecs.set(instance, spec);
    }
    return spec;
  }

  /** The `AWS::EC2::NetworkInterfaceAttachment`s whose `InstanceId` names each instance, in template order. */
  private attachmentsOf(instance: TemplateResource): readonly TemplateResource[] {
    if (this.attachments === undefined || this.attachments.symbolic !== this.resolver.readsSymbolicText) {
      const byInstance = new Map<TemplateResource, TemplateResource[]>();
      for (const attachment of this.refs.ofType(NETWORK_INTERFACE_ATTACHMENT)) {
        for (const named of new Set(this.refs.referenced(attachment.templateIndex, attachment.properties.InstanceId).resources)) {
          const list = byInstance.get(named);
          if (list) list.push(attachment); else byInstance.set(named, [attachment]);
        }
      }
      this.attachments = { symbolic: this.resolver.readsSymbolicText, byInstance };
    }
    return this.attachments.byInstance.get(instance) ?? [];
  }

  private readInstanceSpec(instance: TemplateResource): LaunchSpec {
    const t = instance.templateIndex;
    const p = instance.properties;
    const template = this.launchTemplateOf(t, p.LaunchTemplate);
    const fromTemplate = template ? this.templateSpec(template) : emptySpec();
    const interfaces = Array.isArray(p.NetworkInterfaces) ? p.NetworkInterfaces.filter(isObject).map((spec: any) => ({ t, spec })) : [];
    // An ENI attached with AWS::EC2::NetworkInterfaceAttachment is one more interface of the instance.
    for (const attachment of this.attachmentsOf(instance)) {
      const { NetworkInterfaceId, DeviceIndex } = attachment.properties;
      interfaces.push({ t: attachment.templateIndex, spec: { NetworkInterfaceId, DeviceIndex } });
    }
    return {
      userData: p.UserData !== undefined ? { t, v: p.UserData } : fromTemplate.userData,
      securityGroupIds: p.SecurityGroupIds !== undefined ? [{ t, v: p.SecurityGroupIds }] : fromTemplate.securityGroupIds,
      securityGroups: p.SecurityGroups !== undefined ? [{ t, v: p.SecurityGroups }] : fromTemplate.securityGroups,
      interfaces: interfaces.length > 0 ? interfaces : fromTemplate.interfaces,
      tags: [...fromTemplate.tags, ...(p.Tags !== undefined ? [{ t, v: p.Tags }] : [])],
      subnets: p.SubnetId !== undefined ? [{ t, v: p.SubnetId }] : [],
      privateIps: p.PrivateIpAddress !== undefined ? [{ t, v: p.PrivateIpAddress }] : [],
      ipv6: [p.Ipv6AddressCount, p.Ipv6Addresses].filter(v => v !== undefined).map(v => ({ t, v })),
    };
  }

  private groupSpec(group: TemplateResource): LaunchSpec {
    const t = group.templateIndex;
    const p = group.properties;
    const launchTemplate = p.LaunchTemplate ?? p.MixedInstancesPolicy?.LaunchTemplate?.LaunchTemplateSpecification;
    const template = launchTemplate !== undefined ? this.launchTemplateOf(t, launchTemplate) : undefined;
    let spec = template ? this.templateSpec(template) : emptySpec();
    if (p.LaunchConfigurationName !== undefined) {
      const configuration = this.refs.referenced(t, p.LaunchConfigurationName).resources.find(r => r.type === LAUNCH_CONFIGURATION);
      if (configuration) {
        const c = configuration.properties;
        const ct = configuration.templateIndex;
        spec = {
          ...spec,
          ...(c.UserData !== undefined ? { userData: { t: ct, v: c.UserData } } : {}),
          securityGroups: c.SecurityGroups !== undefined ? [{ t: ct, v: c.SecurityGroups }] : [],
          ...(c.AssociatePublicIpAddress !== undefined ? { associatePublicIp: { t: ct, v: c.AssociatePublicIpAddress } } : {}),
        };
      }
    }
    return {
      ...spec,
      tags: [...spec.tags, ...(p.Tags !== undefined ? [{ t, v: p.Tags }] : [])],
      subnets: p.VPCZoneIdentifier !== undefined ? [{ t, v: p.VPCZoneIdentifier }] : [],
    };
  }

  private launchTemplateOf(t: number, specification: any): TemplateResource | undefined {
    if (!isObject(specification)) return undefined;
    const raw = specification.LaunchTemplateId ?? specification.LaunchTemplateName;
    const byReference = this.refs.referenced(t, raw).resources.find(r => r.type === LAUNCH_TEMPLATE);
    if (byReference) return byReference;
    const names = this.refs.strings(t, specification.LaunchTemplateName);
    return names === undefined ? undefined : this.refs.ofType(LAUNCH_TEMPLATE).find(lt => {
      const own = this.refs.strings(lt.templateIndex, lt.properties.LaunchTemplateName);
      return own !== undefined && own.some(n => names.includes(n));
    });
  }

  private templateSpec(template: TemplateResource): LaunchSpec {
    const t = template.templateIndex;
    const data = isObject(template.properties.LaunchTemplateData) ? template.properties.LaunchTemplateData : {};
    const tagSpecifications = Array.isArray(data.TagSpecifications) ? data.TagSpecifications : [];
    return {
      ...(data.UserData !== undefined ? { userData: { t, v: data.UserData } } : {}),
      securityGroupIds: data.SecurityGroupIds !== undefined ? [{ t, v: data.SecurityGroupIds }] : [],
      securityGroups: data.SecurityGroups !== undefined ? [{ t, v: data.SecurityGroups }] : [],
      // A launch template's interfaces name their groups `Groups` (LaunchTemplate NetworkInterface).
      interfaces: (Array.isArray(data.NetworkInterfaces) ? data.NetworkInterfaces : []).filter(isObject)
        .map((spec: any) => ({ t, spec: { ...spec, GroupSet: spec.Groups } })),
      tags: tagSpecifications.filter((s: any) => isObject(s) && (s.ResourceType ?? 'instance') === 'instance').map((s: any) => ({ t, v: s.Tags })),
      subnets: [],
      privateIps: [],
    };
  }

  private boot(spec: LaunchSpec): SearchNodeBoot | undefined {
    if (!spec.userData) return undefined;
    const text = userDataText(this.resolver, spec.userData.t, spec.userData.v);
    if (!text) return undefined;
    if ('unreadable' in text) return { format: 'other', software: [], unreadable: text.unreadable };
    return readSearchNodeBoot(text.text);
  }

  private facts(boot: SearchNodeBoot | undefined, resource: TemplateResource): ClusterFacts {
    return searchNodeFacts(boot ?? { format: 'other', software: [], unreadable: `${resource.logicalId} has no user data to read the config file from` });
  }

  private clusterTag(spec: LaunchSpec): string | undefined {
    for (const { t, v } of spec.tags) {
      const { elements } = this.resolver.resolveListElements(t, v);
      for (const tag of elements) {
        if (!isObject(tag) || tag.Key !== CLUSTER_TAG) continue;
        const value = this.refs.strings(t, tag.Value);
        return value?.[0] ?? '(not known at synthesis)';
      }
    }
    return undefined;
  }

  /**
   * Every security group on any interface of the node, as one stage (the worst reading when interfaces
   * differ). None named: EC2 API, RunInstances: "If you don't specify a security group ID, we use the
   * default security group for the VPC" - which is not in the input.
   */
  private groupStage(spec: LaunchSpec, resource: TemplateResource): FilterStage {
    const firewalls: Known<string>[] = [];
    for (const { t, v } of spec.securityGroupIds) firewalls.push(...this.refs.groupIds(t, v, 'SecurityGroupIds'));
    for (const { t, v } of spec.securityGroups) firewalls.push(...this.refs.groupNamesOrIds(t, v, 'SecurityGroups'));
    for (const { t, spec: nic } of spec.interfaces) {
      if (nic.GroupSet !== undefined) firewalls.push(...this.refs.groupIds(t, nic.GroupSet, 'NetworkInterfaces.GroupSet'));
      for (const eni of this.interfaceResources(t, nic)) {
        if (eni.properties.GroupSet !== undefined) firewalls.push(...this.refs.groupIds(eni.templateIndex, eni.properties.GroupSet, `${eni.logicalId}.GroupSet`));
        else firewalls.push(unknown(`${eni.logicalId} names no GroupSet: the VPC default security group, which is not in the input, applies`));
      }
    }
    if (firewalls.length === 0) {
      firewalls.push(unknown(`${resource.logicalId} names no security group: the VPC default security group, which is not in the input, applies`));
    }
    return { description: 'security groups', firewalls };
  }

  private interfaceResources(t: number, nic: Record<string, any>): TemplateResource[] {
    return nic.NetworkInterfaceId === undefined ? []
      : this.refs.referenced(t, nic.NetworkInterfaceId).resources.filter(r => r.type === NETWORK_INTERFACE);
  }

  private addresses(spec: LaunchSpec): { addresses?: AddressSet } {
    const texts: string[] = [];
    const add = (t: number, raw: any) => texts.push(...(this.refs.strings(t, raw) ?? []));
    for (const { t, v } of spec.privateIps) add(t, v);
    for (const { t, spec: nic } of spec.interfaces) {
      add(t, nic.PrivateIpAddress);
      for (const entry of Array.isArray(nic.PrivateIpAddresses) ? nic.PrivateIpAddresses : []) if (isObject(entry)) add(t, entry.PrivateIpAddress);
      for (const eni of this.interfaceResources(t, nic)) add(eni.templateIndex, eni.properties.PrivateIpAddress);
    }
    const parsed = texts.map(text => AddressSet.tryParse(text)).filter((a): a is AddressSet => a !== undefined);
    return parsed.length > 0 ? { addresses: AddressSet.unionAll(parsed) } : {};
  }

  /**
   * The public IP a node gets at launch. The primary interface's `AssociatePublicIpAddress` decides;
   * without it, the subnet's `MapPublicIpOnLaunch` (EC2 user guide, "Public IPv4 addresses": "If you
   * launch into a subnet with the public IPv4 addressing attribute enabled, your instance receives a
   * public IP address ... you can override it with the option to auto-assign a public IP").
   */
  private publicIp(resource: TemplateResource, spec: LaunchSpec, node: ClusterNode): EntryPoint | undefined {
    const primary = spec.interfaces.find(i => String(i.spec.DeviceIndex ?? '0') === '0');
    const explicit: InTemplate | undefined = primary?.spec.AssociatePublicIpAddress !== undefined
      ? { t: primary.t, v: primary.spec.AssociatePublicIpAddress } : spec.associatePublicIp;
    let reason: string | undefined;
    let target: Known<string> | undefined;
    if (explicit) {
      const values = this.refs.strings(explicit.t, explicit.v);
      if (values === undefined) target = unknown(`AssociatePublicIpAddress of ${resource.logicalId} is not known at synthesis`);
      else if (values.includes('true')) target = known(node.id);
      reason = 'AssociatePublicIpAddress';
    } else {
      const subnets = [...spec.subnets];
      if (primary?.spec.SubnetId !== undefined) subnets.push({ t: primary.t, v: primary.spec.SubnetId });
      for (const { t, v } of subnets) {
        for (const subnet of this.refs.referenced(t, v).resources.filter(r => r.type === SUBNET)) {
          const map = this.refs.strings(subnet.templateIndex, subnet.properties.MapPublicIpOnLaunch ?? false);
          if (map === undefined) {target ??= unknown(`MapPublicIpOnLaunch of ${subnet.logicalId} is not known at synthesis`);} else if (map.includes('true')) {
            target = known(node.id);
            reason = `subnet ${subnet.logicalId} has MapPublicIpOnLaunch`;
          }
        }
      }
    }
    if (!target) return undefined;
    return {
      id: `public-ip\u0000${node.id}`,
      kind: 'public-ip',
      name: `public IP of ${node.name} (${reason ?? 'AssociatePublicIpAddress'})`,
      location: node.location,
      forwards: [{ name: 'every port', frontendPorts: known(PortSet.all()), targets: [target], preservesClientAddress: true }],
    };
  }

  /**
   * IPv6 addresses of a VPC are globally unique and reachable from the internet when the subnet's route
   * table sends `::/0` to an internet gateway (VPC user guide, "IPv6 addressing": "IPv6 addresses are
   * globally unique ... you can control whether instances are reachable via their IPv6 addresses ...
   * an egress-only internet gateway" allows outbound only). No address translation: pass-through.
   */
  private publicIpv6(spec: LaunchSpec, node: ClusterNode): EntryPoint | undefined {
    const counts: InTemplate[] = [...(spec.ipv6 ?? [])];
    for (const { t, spec: nic } of spec.interfaces) {
      for (const v of [nic.Ipv6AddressCount, nic.Ipv6Addresses]) if (v !== undefined) counts.push({ t, v });
    }
    const subnets = [...spec.subnets];
    for (const { t, spec: nic } of spec.interfaces) if (nic.SubnetId !== undefined) subnets.push({ t, v: nic.SubnetId });
    for (const { t, v } of subnets) {
      for (const subnet of this.refs.referenced(t, v).resources.filter(r => r.type === SUBNET)) {
        // An explicit count or list decides; without one, the subnet's AssignIpv6AddressOnCreation.
        const assigned = counts.length > 0 ? counts.some(c => hasIpv6(this.refs, c))
          : (this.refs.strings(subnet.templateIndex, subnet.properties.AssignIpv6AddressOnCreation ?? false) ?? ['true']).includes('true');
        if (!assigned) continue;
        const gateway = this.internetGatewayRoute(subnet);
        if (!gateway) continue;
        return {
          id: `public-ipv6\u0000${node.id}`,
          kind: 'public-ip',
          name: `public IPv6 address of ${node.name} (subnet ${subnet.logicalId} routes ::/0 to internet gateway ${gateway})`,
          location: node.location,
          forwards: [{ name: 'every port', frontendPorts: known(PortSet.all()), targets: [known(node.id)], preservesClientAddress: true }],
        };
      }
    }
    return undefined;
  }

  /** The internet gateway a subnet's route table sends `::/0` to, when the input says so. */
  private internetGatewayRoute(subnet: TemplateResource): string | undefined {
    for (const association of this.refs.ofType('AWS::EC2::SubnetRouteTableAssociation')) {
      if (!this.refs.referenced(association.templateIndex, association.properties.SubnetId).resources.includes(subnet)) continue;
      const tables = this.refs.referenced(association.templateIndex, association.properties.RouteTableId).resources;
      for (const route of this.refs.ofType('AWS::EC2::Route')) {
        if (!tables.some(table => this.refs.referenced(route.templateIndex, route.properties.RouteTableId).resources.includes(table))) continue;
        const destination = this.refs.strings(route.templateIndex, route.properties.DestinationIpv6CidrBlock);
        if (!destination?.includes('::/0')) continue;
        const gateway = this.refs.referenced(route.templateIndex, route.properties.GatewayId).resources.find(r => r.type === 'AWS::EC2::InternetGateway');
        if (gateway) return gateway.logicalId;
      }
    }
    return undefined;
  }

  /** `AWS::EC2::EIP` with `InstanceId`, `AWS::EC2::EIPAssociation` with `InstanceId` or `NetworkInterfaceId`. */
  private elasticIps(): EntryPoint[] {
    const entries: EntryPoint[] = [];
    for (const eip of this.refs.ofType(EIP, EIP_ASSOCIATION)) {
      const t = eip.templateIndex;
      const targets = new Set<string>();
      for (const r of this.refs.referenced(t, eip.properties.InstanceId).resources) {
        const id = this.nodeIdOf(r);
        if (id) targets.add(id);
      }
      for (const eni of this.refs.referenced(t, eip.properties.NetworkInterfaceId).resources) {
        const id = this.nodeWithInterface(eni);
        if (id) targets.add(id);
      }
      for (const target of targets) {
        const node = this.nodes.find(n => n.id === target)!;
        entries.push({
          id: `eip\u0000${resourceKey(this.templates.location(eip))}\u0000${target}`,
          kind: 'public-ip',
          name: `Elastic IP ${eip.logicalId} on ${node.name}`,
          location: this.templates.location(eip),
          forwards: [{ name: 'every port', frontendPorts: known(PortSet.all()), targets: [known(target)], preservesClientAddress: true }],
        });
      }
    }
    return entries;
  }
}

function emptySpec(): LaunchSpec {
  return { securityGroupIds: [], securityGroups: [], interfaces: [], tags: [], subnets: [], privateIps: [] };
}

/** An `Ipv6AddressCount` above 0 or a non-empty `Ipv6Addresses` list. */
function hasIpv6(refs: References, value: InTemplate): boolean {
  if (Array.isArray(value.v)) return value.v.length > 0;
  const counts = refs.strings(value.t, value.v);
  return counts === undefined || counts.some(c => Number(c) > 0);
}
