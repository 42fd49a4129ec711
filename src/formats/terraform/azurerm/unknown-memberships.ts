/**
 * Backend memberships the input does not fix. The contract ("Unknown is not safe"): "A value that
 * cannot be known at synthesis (... `var.x` ...) on a hop or rule that could reach a cluster port is
 * an `unverifiable-network` error, never a pass." A node is in a load-balancer backend pool, an
 * Application Gateway backend pool or an inbound NAT rule by an association (NIC) or by the pool and
 * NAT rule ids of its IP configuration (scale set). When that id is a variable, a data source, a
 * value known only after apply, an unresolved reference, or an id that names no pool of the input,
 * the node may be behind a public frontend out of sight, on any port: it is on an unknown path.
 *
 * Which case is which:
 * - An id that names a pool / NAT rule of the input (a reference, or the deployed id a plan reports)
 *   is judged as before, by the entry points of that load balancer or gateway: a pool of an internal
 *   load balancer or of a gateway without a public listener is no entry, and keeps passing.
 * - A literal Azure id that names no pool of the input is out of sight, like a variable: unknown.
 * - A pool or NAT rule of the input whose `loadbalancer_id` names no load balancer of the input may
 *   belong to a public one out of sight: unknown too.
 * - Everything else that does not resolve to a pool of the input is unknown.
 *
 * An unknown membership becomes an entry point whose frontend ports and backend port are unknown,
 * forwarding to the node (the model's reading of an unknown forward): the best reading carries
 * nothing, the worst sends every client through the node's own filters, with the client's address
 * for a load balancer (pass-through) and from an unknown gateway subnet for an Application Gateway
 * (a proxy). So the node's filters can prove that it does not matter (they refuse the internet, or
 * any proxy, on every cluster port); otherwise it is `unverifiable-network` at the association (or
 * the scale set), naming the unknown value. A known public path next to it is its own entry point
 * and stays a certain exposure.
 */
import { namesGatewayPoolOfInput } from './application-gateways';
import { asList, linkedResource, NIC_TYPE } from './links';
import { LB_TYPE, NAT_POOL_TYPE, NAT_RULE_TYPE, POOL_TYPE } from './load-balancers';
import { NodeEntry, NodeIndex } from './nodes';
import { EntryPoint, EntryPointKind, known, resourceKey, unknown } from '../../../core/model/model';
import { AddressSet } from '../../../core/net/address-set';
import { locationOf } from '../locations';
import { DocumentResolver } from '../resolver';
import { TerraformResourceInput } from '../terraform-document';

/** What a membership id names, and how the hop in front of it treats the client's address. */
interface MembershipKind {
  /** `load-balancer backend pool`, `Application Gateway backend pool`, `inbound NAT rule`. */
  readonly noun: string;
  readonly entryKind: EntryPointKind;
  /** Undefined when the id names a pool / NAT rule of the input (of a load balancer of the input), else why not. */
  readonly unresolved: (value: unknown) => string | undefined;
}

/** One node entry per unknown id of one resource (an association, a scale set, a pool address). */
interface UnknownMembership {
  readonly holder: TerraformResourceInput;
  readonly field: string;
  readonly value: unknown;
  readonly kind: MembershipKind;
  readonly reason: string;
  readonly nodes: NodeEntry[];
}

/** Entry points for the memberships of the document's nodes that the input does not fix. */
export function unknownMembershipEntryPoints(resolver: DocumentResolver, index: NodeIndex): EntryPoint[] {
  if (index.entries.length === 0) {
    return [];
  }
  const loadBalancerPool = membershipKind('load-balancer backend pool', 'load-balancer', resolver, [POOL_TYPE]);
  const natRule = membershipKind('inbound NAT rule', 'load-balancer', resolver, [NAT_RULE_TYPE]);
  const natRuleOrPool = membershipKind('inbound NAT rule', 'load-balancer', resolver, [NAT_RULE_TYPE, NAT_POOL_TYPE]);
  const namesGatewayPool = namesGatewayPoolOfInput(resolver);
  const gatewayPool: MembershipKind = {
    noun: 'Application Gateway backend pool',
    entryKind: 'application-gateway',
    unresolved: value => (namesGatewayPool(value) ? undefined : whyUnknown(resolver, value)),
  };

  const found = new Map<string, UnknownMembership>();
  const add = (holder: TerraformResourceInput, field: string, value: unknown, kind: MembershipKind, nodes: readonly NodeEntry[]) => {
    const reason = nodes.length === 0 ? undefined : kind.unresolved(value);
    if (reason === undefined) {
      return;
    }
    const key = JSON.stringify([holder.address, field, value ?? null]);
    const membership = found.get(key) ?? { holder, field, value, kind, reason, nodes: [] };
    for (const node of nodes) {
      if (!membership.nodes.includes(node)) {
        membership.nodes.push(node);
      }
    }
    found.set(key, membership);
  };

  // NIC associations: the NIC's IP configuration (by `ip_configuration_name`) joins the pool / NAT rule.
  const associations: [string, string, MembershipKind][] = [
    ['azurerm_network_interface_backend_address_pool_association', 'backend_address_pool_id', loadBalancerPool],
    ['azurerm_network_interface_application_gateway_backend_address_pool_association', 'backend_address_pool_id', gatewayPool],
    ['azurerm_network_interface_nat_rule_association', 'nat_rule_id', natRule],
  ];
  for (const [type, field, kind] of associations) {
    for (const association of resolver.ofType(type)) {
      const nic = linkedResource(resolver, association.values.network_interface_id, [NIC_TYPE]);
      add(association, field, association.values[field], kind, index.onNic(nic, association.values.ip_configuration_name));
    }
  }

  // Scale sets: the ids on each IP configuration (azurerm_*_virtual_machine_scale_set and the legacy
  // resource's `network_profile` use the same names); a whole list from a variable is one unknown id.
  const scaleSetFields: [string, MembershipKind][] = [
    ['load_balancer_backend_address_pool_ids', loadBalancerPool],
    ['application_gateway_backend_address_pool_ids', gatewayPool],
    ['load_balancer_inbound_nat_rules_ids', natRuleOrPool],
  ];
  for (const entry of index.scaleSets) {
    for (const [field, kind] of scaleSetFields) {
      asList(entry.ipConfiguration?.[field]).forEach(value => add(entry.holder, field, value, kind, [entry]));
    }
  }

  // Pool members by IP address: the node at that address, or any node when the address is unknown too.
  for (const member of resolver.ofType('azurerm_lb_backend_address_pool_address')) {
    const ip = resolver.read(member.values.ip_address);
    const addresses = ip.state === 'literal' ? AddressSet.tryParse(String(ip.value)) : undefined;
    add(member, 'backend_address_pool_id', member.values.backend_address_pool_id, loadBalancerPool, addresses ? index.atAddresses(addresses) : index.entries);
  }

  const entries: EntryPoint[] = [];
  let n = 0;
  for (const membership of found.values()) {
    entries.push(unknownEntry(resolver, membership, n++));
  }
  return entries;
}

/**
 * A pool or NAT rule of the input resolves only with its load balancer: one whose `loadbalancer_id`
 * names no load balancer of the input may belong to a public one out of sight.
 */
function membershipKind(noun: string, entryKind: EntryPointKind, resolver: DocumentResolver, types: readonly string[]): MembershipKind {
  return {
    noun,
    entryKind,
    unresolved: value => {
      const named = linkedResource(resolver, value, types);
      if (!named) {
        return whyUnknown(resolver, value);
      }
      const lb = named.values.loadbalancer_id;
      return linkedResource(resolver, lb, [LB_TYPE]) ? undefined
        : `${named.address} belongs to load balancer ${JSON.stringify(lb ?? null)}, which is not in the input`;
    },
  };
}

/** An entry point of unknown frontend and backend ports to the nodes of one unknown membership. */
function unknownEntry(resolver: DocumentResolver, membership: UnknownMembership, n: number): EntryPoint {
  const { holder, field, value, kind, reason } = membership;
  const location = locationOf(holder, resolver.document);
  const proxy = kind.entryKind === 'application-gateway';
  return {
    id: `${resourceKey(location)}#unknown-membership-${n}`,
    kind: kind.entryKind,
    name: `${kind.noun} ${value === undefined || value === null ? '(not set)' : JSON.stringify(value)}`,
    location,
    forwards: [{
      name: `named by ${field} of ${holder.address}`,
      location,
      frontendPorts: unknown(`${reason}: which public frontend forwards to this ${kind.noun}, and on which ports, is not in the input`),
      backendPort: unknown(`which port the ${kind.noun} forwards to is not in the input`),
      targets: membership.nodes.map(e => known(e.node.id)),
      // Azure Load Balancer is pass-through (load-balancers.ts); an Application Gateway is a proxy
      // whose source is its own subnet (application-gateways.ts), which this input does not show.
      preservesClientAddress: !proxy,
      ...(proxy ? { proxySource: { text: 'the gateway\'s subnet', addresses: unknown(`which gateway owns this ${kind.noun} is not in the input`) } } : {}),
    }],
  };
}

function whyUnknown(resolver: DocumentResolver, value: unknown): string {
  if (value === undefined || value === null || value === '') {
    return 'not set';
  }
  if (typeof value === 'string' && value.includes('(known after apply)')) {
    return `${JSON.stringify(value)} is known only after apply`;
  }
  const read = resolver.read(value);
  if (read.state === 'unknown') {
    return read.reason;
  }
  return `${JSON.stringify(value)} names no pool or NAT rule of the input`;
}
