/**
 * Internet-facing load balancers -> entry points whose forwards reach nodes (spec: "Paths").
 *
 * - `AWS::ElasticLoadBalancingV2::LoadBalancer`: `Scheme` defaults to `internet-facing` and `Type` to
 *   `application` (CloudFormation reference, AWS::ElasticLoadBalancingV2::LoadBalancer). Its
 *   `Listener`s (and `ListenerRule`s) forward (`TargetGroupArn` or `ForwardConfig.TargetGroups`) to
 *   `TargetGroup`s, whose `Targets` (instance ids or IPs) and Auto Scaling groups (`TargetGroupARNs`)
 *   are the backends; a target's `Port` overrides the group's.
 * - An ALB is a proxy: "the load balancer ... establishes a connection to the target using its private
 *   IP address" (ELB user guide, "How Elastic Load Balancing works"; the client address travels only
 *   in `X-Forwarded-For`). An NLB keeps the client's address when client IP preservation is on, which
 *   by default it is for instance targets and for IP targets over UDP / TCP_UDP, and it is not for IP
 *   targets over TCP / TLS (NLB guide, "Edit target group attributes": "Instance type target groups:
 *   Enabled ... IP type target groups (TCP, TLS): Disabled"; attribute `preserve_client_ip.enabled`).
 * - `AWS::ElasticLoadBalancing::LoadBalancer` (Classic): `Listeners[].InstancePort` on `Instances` and
 *   on Auto Scaling groups naming it in `LoadBalancerNames`; a proxy (Classic ELB guide: the back-end
 *   connection comes from the load balancer, the client address only in `X-Forwarded-For` / proxy protocol).
 * The load balancer's `SecurityGroups` filter what enters it, and are the groups its traffic comes from.
 */
import { NodeTranslator, AUTO_SCALING_GROUP, INSTANCE, NETWORK_INTERFACE } from './nodes';
import { References } from './references';
import { TemplateResource, TemplateSet, isObject } from './template-set';
import { EntryPoint, FilterStage, Forward, known, Known, ProxySource, unknown } from '../../core/model/model';
import { AddressSet } from '../../core/net/address-set';
import { PortSet } from '../../core/net/port-set';

export const LOAD_BALANCER_V2 = 'AWS::ElasticLoadBalancingV2::LoadBalancer';
export const LISTENER = 'AWS::ElasticLoadBalancingV2::Listener';
export const LISTENER_RULE = 'AWS::ElasticLoadBalancingV2::ListenerRule';
export const TARGET_GROUP = 'AWS::ElasticLoadBalancingV2::TargetGroup';
export const CLASSIC_LOAD_BALANCER = 'AWS::ElasticLoadBalancing::LoadBalancer';

export class LoadBalancerTranslator {
  constructor(
    private readonly templates: TemplateSet,
    private readonly refs: References,
    private readonly nodes: NodeTranslator,
  ) {}

  public translate(): EntryPoint[] {
    const entries: EntryPoint[] = [];
    for (const lb of this.refs.ofType(LOAD_BALANCER_V2)) {
      const entry = this.loadBalancerV2(lb);
      if (entry) entries.push(entry);
    }
    for (const lb of this.refs.ofType(CLASSIC_LOAD_BALANCER)) {
      const entry = this.classic(lb);
      if (entry) entries.push(entry);
    }
    return entries;
  }

  private loadBalancerV2(lb: TemplateResource): EntryPoint | undefined {
    const t = lb.templateIndex;
    const scheme = this.scheme(lb);
    if (scheme === undefined) return undefined;
    const type = this.refs.strings(t, lb.properties.Type ?? 'application');
    const isNetwork = type !== undefined && type.every(v => v === 'network');
    if (type !== undefined && type.every(v => v === 'gateway')) return undefined; // a GWLB is no internet entry
    const groups = lb.properties.SecurityGroups !== undefined ? this.refs.groupIds(t, lb.properties.SecurityGroups, 'SecurityGroups') : [];
    // ELB guide: an ALB always has security groups (the VPC default group when none is named); an
    // NLB without security groups filters nothing.
    const filters: FilterStage[] = groups.length > 0 ? [{ description: `security groups of ${lb.logicalId}`, firewalls: groups }]
      : isNetwork ? [] : [{ description: `security groups of ${lb.logicalId}`, firewalls: [unknown(`${lb.logicalId} names no SecurityGroups: the VPC default security group, which is not in the input, applies`)] }];
    const proxy = this.proxySource(lb, groups, lb.properties.Subnets ?? subnetMappings(lb.properties.SubnetMappings));

    const forwards: Forward[] = [];
    for (const listener of this.refs.ofType(LISTENER)) {
      if (!this.refs.referenced(listener.templateIndex, listener.properties.LoadBalancerArn).resources.includes(lb)) continue;
      const port = this.port(listener.templateIndex, listener.properties.Port, `${listener.logicalId}.Port`);
      const frontendPorts: Known<PortSet> = port.known ? known(PortSet.of(port.value)) : unknown(port.reason);
      const defaults: any[] = Array.isArray(listener.properties.DefaultActions) ? listener.properties.DefaultActions : [];
      const actions = [
        ...defaults.map(a => ({ t: listener.templateIndex, a })),
        ...this.refs.ofType(LISTENER_RULE)
          .filter(rule => this.refs.referenced(rule.templateIndex, rule.properties.ListenerArn).resources.includes(listener))
          .flatMap(rule => (Array.isArray(rule.properties.Actions) ? rule.properties.Actions : []).map((a: any) => ({ t: rule.templateIndex, a }))),
      ];
      const seen = new Set<TemplateResource>();
      for (const { t: at, a } of actions) {
        for (const reference of forwardTargets(a)) {
          const referenced = this.refs.referenced(at, reference);
          for (const reason of referenced.unresolved) {
            forwards.push(this.forward(listener, frontendPorts, undefined, [unknown(`target group: ${reason}`)], true, proxy, port));
          }
          for (const literal of referenced.literals) {
            forwards.push(this.forward(listener, frontendPorts, undefined, [unknown(`target group ${literal} is not in the input`)], true, proxy, port));
          }
          for (const group of referenced.resources) {
            if (group.type !== TARGET_GROUP || seen.has(group)) continue;
            seen.add(group);
            forwards.push(...this.targetGroupForwards(listener, group, frontendPorts, isNetwork, proxy, port));
          }
        }
      }
    }
    if (forwards.length === 0) return undefined;
    return {
      id: `load-balancer\u0000${this.refs.firewallId(lb)}`,
      kind: isNetwork ? 'network-load-balancer' : 'application-load-balancer',
      name: `${scheme} ${isNetwork ? 'network' : 'application'} load balancer ${lb.logicalId}`,
      location: this.templates.location(lb),
      filters,
      forwards,
    };
  }

  private targetGroupForwards(
    listener: TemplateResource, group: TemplateResource, frontendPorts: Known<PortSet>,
    isNetwork: boolean, proxy: ProxySource, listenerPort: Known<number>,
  ): Forward[] {
    const t = group.templateIndex;
    const p = group.properties;
    const targetType = this.refs.strings(t, p.TargetType ?? 'instance')?.[0] ?? 'instance';
    if (targetType === 'lambda') return [];
    const groupPort = p.Port !== undefined ? this.port(t, p.Port, `${group.logicalId}.Port`) : listenerPort;
    // An NLB in front of an Application Load Balancer: what that ALB forwards to is not followed here, so
    // it fails closed (ELB User Guide, "Application Load Balancers as targets" of Network Load Balancers).
    if (targetType === 'alb') {
      return [this.forward(listener, frontendPorts, groupPort,
        [unknown(`target group ${group.logicalId} forwards to an Application Load Balancer, whose targets this guard does not follow`)],
        false, proxy, listenerPort, group)];
    }
    const byPort = new Map<string, { port: Known<number>; targets: Known<string>[] }>();
    const add = (port: Known<number>, target: Known<string>) => {
      const key = port.known ? String(port.value) : `?${port.reason}`;
      const entry = byPort.get(key) ?? { port, targets: [] };
      if (!entry.targets.some(x => sameKnown(x, target))) entry.targets.push(target);
      byPort.set(key, entry);
    };
    for (const target of Array.isArray(p.Targets) ? p.Targets : []) {
      if (!isObject(target)) continue;
      const port = target.Port !== undefined ? this.port(t, target.Port, `${group.logicalId} target Port`) : groupPort;
      for (const node of this.targetNodes(t, target.Id, targetType, group)) add(port, node);
    }
    for (const asg of this.refs.ofType(AUTO_SCALING_GROUP)) {
      if (!this.refs.referenced(asg.templateIndex, asg.properties.TargetGroupARNs).resources.includes(group)) continue;
      const node = this.nodes.nodeIdOf(asg);
      if (node) add(groupPort, known(node));
    }
    const preserves = isNetwork && this.preservesClientAddress(group, targetType);
    return [...byPort.values()]
      .map(({ port, targets }) => this.forward(listener, frontendPorts, port, targets, preserves, proxy, listenerPort, group));
  }

  private targetNodes(t: number, raw: any, targetType: string, group: TemplateResource): Known<string>[] {
    const referenced = this.refs.referenced(t, raw);
    const out: Known<string>[] = referenced.unresolved.map(reason => unknown(`target of ${group.logicalId}: ${reason}`));
    for (const resource of referenced.resources) {
      const node = this.nodes.nodeIdOf(resource) ?? (resource.type === NETWORK_INTERFACE ? this.nodes.nodeWithInterface(resource) : undefined);
      // An instance or interface of the input that is no node is a known backend that is not a cluster.
      const knownNonNode = resource.type === INSTANCE || resource.type === NETWORK_INTERFACE;
      if (node) out.push(known(node));
      else if (!knownNonNode) out.push(unknown(`target ${resource.logicalId} of ${group.logicalId} is not an instance or address of the input`));
    }
    for (const literal of referenced.literals) {
      if (targetType !== 'ip') continue; // an instance id literal names an instance outside the input
      const address = AddressSet.tryParse(literal);
      if (address) for (const node of this.nodes.nodesHolding(address)) out.push(known(node));
    }
    return out;
  }

  private preservesClientAddress(group: TemplateResource, targetType: string): boolean {
    const t = group.templateIndex;
    const attributes = Array.isArray(group.properties.TargetGroupAttributes) ? group.properties.TargetGroupAttributes : [];
    const setting = attributes.find((a: any) => isObject(a) && a.Key === 'preserve_client_ip.enabled');
    if (setting) {
      const values = this.refs.strings(t, setting.Value);
      // Not known: read it as on, the reading in which the node sees the internet.
      return values === undefined || values.includes('true');
    }
    if (targetType !== 'ip') return true;
    const protocol = this.refs.strings(t, group.properties.Protocol ?? 'TCP');
    return protocol === undefined || protocol.some(v => !['TCP', 'TLS'].includes(v.toUpperCase()));
  }

  private classic(lb: TemplateResource): EntryPoint | undefined {
    const t = lb.templateIndex;
    const scheme = this.scheme(lb);
    if (scheme === undefined) return undefined;
    const groups = lb.properties.SecurityGroups !== undefined ? this.refs.groupIds(t, lb.properties.SecurityGroups, 'SecurityGroups') : [];
    const proxy = this.proxySource(lb, groups, lb.properties.Subnets);
    const targets: Known<string>[] = [];
    const referenced = this.refs.referenced(t, lb.properties.Instances);
    for (const reason of referenced.unresolved) targets.push(unknown(`Instances: ${reason}`));
    for (const instance of referenced.resources) {
      const node = this.nodes.nodeIdOf(instance);
      if (node) targets.push(known(node));
    }
    for (const asg of this.refs.ofType(AUTO_SCALING_GROUP)) {
      if (!this.refs.referenced(asg.templateIndex, asg.properties.LoadBalancerNames).resources.includes(lb)) continue;
      const node = this.nodes.nodeIdOf(asg);
      if (node) targets.push(known(node));
    }
    if (targets.length === 0) return undefined;
    const forwards: Forward[] = [];
    for (const listener of Array.isArray(lb.properties.Listeners) ? lb.properties.Listeners : []) {
      if (!isObject(listener)) continue;
      const front = this.port(t, listener.LoadBalancerPort, 'LoadBalancerPort');
      const back = this.port(t, listener.InstancePort, 'InstancePort');
      forwards.push({
        name: `listener ${front.known ? front.value : '?'} -> ${back.known ? back.value : '?'}`,
        frontendPorts: front.known ? known(PortSet.of(front.value)) : unknown(front.reason),
        backendPort: back,
        targets,
        preservesClientAddress: false,
        proxySource: proxy,
      });
    }
    return {
      id: `classic-load-balancer\u0000${this.refs.firewallId(lb)}`,
      kind: 'classic-load-balancer',
      name: `${scheme} classic load balancer ${lb.logicalId}`,
      location: this.templates.location(lb),
      ...(groups.length > 0 ? { filters: [{ description: `security groups of ${lb.logicalId}`, firewalls: groups }] } : {}),
      forwards,
    };
  }

  /** `internet-facing` (the default), undefined when internal; unknown is read as internet-facing. */
  private scheme(lb: TemplateResource): string | undefined {
    const values = this.refs.strings(lb.templateIndex, lb.properties.Scheme ?? 'internet-facing');
    if (values === undefined) return 'possibly internet-facing (Scheme not known at synthesis)';
    return values.includes('internet-facing') ? 'internet-facing' : undefined;
  }

  private proxySource(lb: TemplateResource, groups: readonly Known<string>[], subnets: any): ProxySource {
    const addresses = subnets !== undefined ? this.refs.subnetAddresses(lb.templateIndex, subnets) : unknown<AddressSet>(`${lb.logicalId} names no subnets`);
    const groupIds = groups.filter(g => g.known).map(g => (g as { value: string }).value);
    return {
      text: groupIds.length > 0 ? `the security groups of load balancer ${lb.logicalId}` : `the private addresses of load balancer ${lb.logicalId}`,
      addresses,
      ...(groupIds.length > 0 ? { groups: groupIds } : {}),
    };
  }

  private forward(listener: TemplateResource, frontendPorts: Known<PortSet>, backendPort: Known<number> | undefined, targets: Known<string>[],
    preserves: boolean, proxy: ProxySource, listenerPort: Known<number>, group?: TemplateResource): Forward {
    const back = backendPort ?? listenerPort;
    return {
      name: `listener ${listener.logicalId} (${listenerPort.known ? listenerPort.value : '?'})${group ? ` -> target group ${group.logicalId}` : ''} (port ${back.known ? back.value : '?'})`,
      location: this.templates.location(listener),
      frontendPorts,
      backendPort: back,
      targets,
      preservesClientAddress: preserves,
      ...(preserves ? {} : { proxySource: proxy }),
    };
  }

  private port(t: number, raw: any, what: string): Known<number> {
    const values = this.refs.strings(t, raw);
    if (values === undefined) return unknown(`${what} is not known at synthesis`);
    const numbers = values.map(Number).filter(Number.isInteger);
    return numbers.length === 1 ? known(numbers[0]) : unknown(`${what} ${JSON.stringify(values)} is not one port`);
  }
}

/** The target groups a listener action forwards to. */
function forwardTargets(action: any): any[] {
  if (!isObject(action)) return [];
  const out: any[] = [];
  if (action.TargetGroupArn !== undefined) out.push(action.TargetGroupArn);
  const groups = action.ForwardConfig?.TargetGroups;
  if (Array.isArray(groups)) for (const g of groups) if (isObject(g) && g.TargetGroupArn !== undefined) out.push(g.TargetGroupArn);
  return out;
}

function subnetMappings(raw: any): any {
  return Array.isArray(raw) ? raw.filter(isObject).map(m => m.SubnetId) : undefined;
}

function sameKnown(a: Known<string>, b: Known<string>): boolean {
  return a.known && b.known ? a.value === b.value : !a.known && !b.known && a.reason === b.reason;
}
