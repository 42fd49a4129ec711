/**
 * How azurerm resources of one document point at each other: subnet and NIC NSG associations,
 * backend pool memberships, a subnet's address prefixes. References are read loosely here
 * (`${azurerm_subnet.es.id}`, `${tolist(azurerm_subnet.es.address_prefixes)}`,
 * `${one(azurerm_application_gateway.g.backend_address_pool).id}`): what matters is which resource
 * of the input a value names, not the attribute path.
 */
import { FilterStage, Known, known, resourceKey, unknown } from '../../../core/model/model';
import { AddressSet } from '../../../core/net/address-set';
import { locationOf } from '../locations';
import { DocumentResolver } from '../resolver';
import { isPlainObject, TerraformResourceInput } from '../terraform-document';

const NAMED_REFERENCE = /\b([a-z][a-z0-9]*_[a-z0-9_]+)\.([A-Za-z_][A-Za-z0-9_-]*)\b/g;

export const NSG_TYPE = 'azurerm_network_security_group';
export const SUBNET_TYPE = 'azurerm_subnet';
export const VNET_TYPE = 'azurerm_virtual_network';
export const NIC_TYPE = 'azurerm_network_interface';

/** `value` as a list: a single value, a list, or nothing. */
export function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined || value === null || value === '' ? [] : [value];
}

/** Nested blocks (one object, or a list of objects). */
export function blocks(value: unknown): Record<string, any>[] {
  return asList(value).filter(isPlainObject);
}

/**
 * The resource of the document a value names (the first `type.name` in it that is in the document,
 * of one of `types` when given), or undefined.
 */
export function linkedResource(resolver: DocumentResolver, value: unknown, types?: readonly string[]): TerraformResourceInput | undefined {
  if (typeof value !== 'string') {
    return undefined;
  }
  if (!value.includes('${')) {
    // A plan of deployed resources holds Azure resource ids, not references: match the `id` they report.
    const byId = resourceById(resolver).get(value.toLowerCase());
    return byId && (!types || types.includes(byId.type)) ? byId : undefined;
  }
  for (const named of namedResources(resolver, value)) {
    if (!types || types.includes(named.type)) {
      return named.resource;
    }
  }
  return undefined;
}

interface NamedResource {
  /** The type as the reference spells it (`match[1]`), which `types` filter on. */
  readonly type: string;
  readonly resource: TerraformResourceInput;
}

const NAMED = new WeakMap<DocumentResolver, Map<string, readonly NamedResource[]>>();

/**
 * The `type.name` references in an expression that name a resource of the document, in order.
 * Memoized per resolver and text: both fix the answer (the resolver's addresses are read once, at
 * construction), and the same reference text recurs once per user of a resource.
 */
function namedResources(resolver: DocumentResolver, value: string): readonly NamedResource[] {
  let cache = NAMED.get(resolver);
  if (!cache) {
    cache = new Map();
    NAMED.set(resolver, cache);
  }
  let named = cache.get(value);
  if (!named) {
    const found: NamedResource[] = [];
    for (const match of value.matchAll(NAMED_REFERENCE)) {
      if (value.endsWith('data.', match.index!)) {
        continue; // `data.azurerm_x.y` reads a resource out of sight, not the managed `azurerm_x.y` of the document
      }
      const resource = resolver.resource(`${match[1]}.${match[2]}`) ?? instanceNamed(resolver, value, match);
      if (resource) {
        found.push({ type: match[1], resource });
      }
    }
    named = found;
    cache.set(value, named);
  }
  return named;
}

/**
 * An instance of a `count` / `for_each` resource that a reference names by its key
 * (`pool[0]`, `pool.0`, `pool["a"]`): the document holds the instances (`pool[0]`), not `pool`.
 */
function instanceNamed(resolver: DocumentResolver, value: string, match: RegExpMatchArray): TerraformResourceInput | undefined {
  const key = INSTANCE_KEY.exec(value.slice(match.index! + match[0].length));
  if (!key) {
    return undefined;
  }
  return resolver.resource(`${match[1]}.${match[2]}[${key[1] ?? key[2] ?? key[3]}]`);
}

const INSTANCE_KEY = /^(?:\[(\d+)\]|\.(\d+)\b|\[("[^"\\]*")\])/;

/**
 * Resources of `type` grouped by the resource their `field` names (`linkedResource` with `types`),
 * each group in document order. Built once per resolver, so "every X that names Y" is one lookup.
 */
export function resourcesByLink(
  resolver: DocumentResolver, type: string, field: string, types?: readonly string[],
): ReadonlyMap<TerraformResourceInput, readonly TerraformResourceInput[]> {
  let cache = BY_LINK.get(resolver);
  if (!cache) {
    cache = new Map();
    BY_LINK.set(resolver, cache);
  }
  const key = JSON.stringify([type, field, types ?? null]);
  let index = cache.get(key);
  if (!index) {
    const built = new Map<TerraformResourceInput, TerraformResourceInput[]>();
    for (const user of resolver.ofType(type)) {
      const target = linkedResource(resolver, user.values[field], types);
      if (target) {
        const list = built.get(target);
        if (list) {
          list.push(user);
        } else {
          built.set(target, [user]);
        }
      }
    }
    index = built;
    cache.set(key, index);
  }
  return index;
}

const BY_LINK = new WeakMap<DocumentResolver, Map<string, ReadonlyMap<TerraformResourceInput, readonly TerraformResourceInput[]>>>();

const BY_ID = new WeakMap<DocumentResolver, Map<string, TerraformResourceInput>>();

/** Resources of the document by their literal Azure resource id (`/subscriptions/...`), lower-cased. */
function resourceById(resolver: DocumentResolver): Map<string, TerraformResourceInput> {
  let index = BY_ID.get(resolver);
  if (!index) {
    index = new Map();
    for (const resource of resolver.document.resources) {
      const id = resource.values.id;
      if (typeof id === 'string' && /^\/subscriptions\//i.test(id)) {
        index.set(id.toLowerCase(), resource);
      }
    }
    BY_ID.set(resolver, index);
  }
  return index;
}

/** Whether two raw values name the same thing: the same resource of the input, or the same literal. */
export function sameTarget(resolver: DocumentResolver, a: unknown, b: unknown): boolean {
  const ra = linkedResource(resolver, a);
  const rb = linkedResource(resolver, b);
  if (ra || rb) {
    return ra !== undefined && ra === rb;
  }
  return typeof a === 'string' && a !== '' && a.toLowerCase() === String(b).toLowerCase();
}

/** The model id of a network security group of the document (the default firewall id, `resourceKey`). */
export function firewallIdOf(resolver: DocumentResolver, nsg: TerraformResourceInput): string {
  return resourceKey(locationOf(nsg, resolver.document));
}

/** The address prefixes of a subnet of the document (`address_prefixes`, or the older `address_prefix`). */
export function subnetPrefixes(resolver: DocumentResolver, subnet: TerraformResourceInput): Known<AddressSet> {
  const field = resolver.read(subnet.values.address_prefixes ?? subnet.values.address_prefix);
  if (field.state !== 'literal') {
    return unknown(`the address prefixes of ${subnet.address} are ${field.state === 'unknown' ? field.reason : 'not set'}`);
  }
  const set = parsePrefixes(asList(field.value).map(String));
  return set ? known(set) : unknown(`the address prefixes of ${subnet.address} are not CIDRs`);
}

/**
 * Azure NSG filters in front of a network interface: its subnet's NSG, then its own (traffic must
 * pass both: "For inbound traffic, Azure processes the rules in a network security group associated
 * to a subnet first, then the rules in a network security group associated to the network interface",
 * https://learn.microsoft.com/azure/virtual-network/network-security-group-how-it-works).
 */
export class NetworkSecurityLinks {
  private readonly subnetNsg = new Map<string, Known<string>[]>();
  /** Inline subnets per virtual network, for references that name one by index. */
  private readonly inlineSubnets = new Map<string, Record<string, any>[]>();
  private readonly nicNsg = new Map<string, Known<string>[]>();

  constructor(private readonly resolver: DocumentResolver) {
    for (const association of resolver.ofType('azurerm_subnet_network_security_group_association')) {
      this.link(this.subnetNsg, association.values.subnet_id, [SUBNET_TYPE], association.values.network_security_group_id);
    }
    for (const association of resolver.ofType('azurerm_network_interface_security_group_association')) {
      this.link(this.nicNsg, association.values.network_interface_id, [NIC_TYPE], association.values.network_security_group_id);
    }
    // Subnets declared inline in a virtual network name their NSG in `security_group`.
    for (const vnet of resolver.ofType(VNET_TYPE)) {
      this.inlineSubnets.set(vnet.address, blocks(vnet.values.subnet));
      for (const subnet of blocks(vnet.values.subnet)) {
        const nsg = linkedResource(resolver, subnet.security_group, [NSG_TYPE]);
        if (nsg && typeof subnet.name === 'string') {
          this.subnetNsg.set(`${vnet.address}/${subnet.name}`, [known(firewallIdOf(resolver, nsg))]);
        }
      }
    }
  }

  /** The subnet NSG stage for an IP configuration's `subnet_id` (unknown when the subnet is not in the input). */
  public subnetStage(subnetId: unknown): FilterStage {
    const description = 'subnet NSG';
    const subnet = linkedResource(this.resolver, subnetId, [SUBNET_TYPE]);
    if (subnet) {
      return { description, firewalls: this.subnetNsg.get(subnet.address) ?? [] };
    }
    const vnet = linkedResource(this.resolver, subnetId, [VNET_TYPE]);
    if (vnet) {
      // An inline subnet: by a name in the expression, or the only one; else which one is unknown.
      const inline = this.inlineSubnets.get(vnet.address) ?? [];
      const named = inline.find(s => typeof s.name === 'string' && String(subnetId).includes(`"${s.name}"`)) ?? (inline.length === 1 ? inline[0] : undefined);
      if (!named) {
        return { description, firewalls: [unknown(`${JSON.stringify(subnetId)} names a subnet of ${vnet.address} this guard cannot tell apart`)] };
      }
      return { description, firewalls: this.subnetNsg.get(`${vnet.address}/${String(named.name)}`) ?? [] };
    }
    const literal = literalKey(subnetId);
    if (literal !== undefined && this.subnetNsg.has(literal)) {
      return { description, firewalls: this.subnetNsg.get(literal)! };
    }
    return {
      description,
      firewalls: [unknown(subnetId === undefined || subnetId === null
        ? 'the IP configuration names no subnet, so its network security group cannot be known'
        : `subnet ${JSON.stringify(subnetId)} is not in the input, so its network security group cannot be known`)],
    };
  }

  /** The NIC NSG stage of a network interface of the document. */
  public nicStage(nic: TerraformResourceInput): FilterStage {
    return { description: 'NIC NSG', firewalls: this.nicNsg.get(nic.address) ?? [] };
  }

  /** A scale set's `network_security_group_id` (on its `network_interface` block) as a stage. */
  public scaleSetNicStage(value: unknown): FilterStage {
    if (value === undefined || value === null || value === '') {
      return { description: 'NIC NSG', firewalls: [] };
    }
    const nsg = linkedResource(this.resolver, value, [NSG_TYPE]);
    return {
      description: 'NIC NSG',
      firewalls: [nsg ? known(firewallIdOf(this.resolver, nsg)) : unknown(`network security group ${JSON.stringify(value)} is not in the input`)],
    };
  }

  private link(map: Map<string, Known<string>[]>, from: unknown, types: string[], nsgId: unknown): void {
    const source = linkedResource(this.resolver, from, types);
    // A subnet or NIC that is not in the input but named by a literal id: the association still tells its NSG.
    const key = source ? source.address : literalKey(from);
    if (key === undefined) {
      return;
    }
    const nsg = linkedResource(this.resolver, nsgId, [NSG_TYPE]);
    const list = map.get(key) ?? [];
    list.push(nsg ? known(firewallIdOf(this.resolver, nsg)) : unknown(`network security group ${JSON.stringify(nsgId)} is not in the input`));
    map.set(key, list);
  }
}

/** A literal Azure resource id as a map key (`/subscriptions/...`, any letter case); undefined for anything else. */
function literalKey(value: unknown): string | undefined {
  return typeof value === 'string' && /^\/subscriptions\//i.test(value) ? `id:${value.toLowerCase()}` : undefined;
}

/** The union of CIDR texts, or undefined when one is not a CIDR. */
export function parsePrefixes(texts: readonly string[]): AddressSet | undefined {
  const sets: AddressSet[] = [];
  for (const text of texts) {
    const parsed = AddressSet.tryParse(text.trim());
    if (!parsed) {
      return undefined;
    }
    sets.push(parsed);
  }
  return sets.length === 0 ? AddressSet.empty() : sets.length === 1 ? sets[0] : AddressSet.unionAll(sets);
}

/**
 * A listener or DNAT port, 1-65535 (an Application Gateway `frontend_port.port`, a DNAT rule's
 * `destination_ports` / `translated_port`); anything else is unknown with the reason.
 */
export function readListenerPort(resolver: DocumentResolver, value: unknown, what: string): Known<number> {
  const read = resolver.read(value);
  if (read.state !== 'literal') {
    return unknown(`${what}: ${read.state === 'unknown' ? read.reason : 'not set'}`);
  }
  const port = Number(read.value);
  return Number.isInteger(port) && port > 0 && port <= 65535 ? known(port) : unknown(`${what} ${JSON.stringify(read.value)} is not a port`);
}
