/**
 * Sources that are the address space of a virtual network or subnet of the input (spec: "Public
 * sources": such a source admits only hosts inside it, so it is private whatever its numbers): by
 * reference (`azurerm_virtual_network.x.address_space`, `tolist(azurerm_subnet.s.address_prefixes)`,
 * `element(..., 0)`, `...[0]`) or by value (a CIDR inside one of those spaces).
 */
import { asList, blocks, parsePrefixes, SUBNET_TYPE, VNET_TYPE } from './links';
import { TrafficSource } from '../../../core/model/model';
import { AddressSet } from '../../../core/net/address-set';
import { DocumentResolver } from '../resolver';

const SPACE_ATTRIBUTES: Record<string, readonly string[]> = {
  [VNET_TYPE]: ['address_space'],
  [SUBNET_TYPE]: ['address_prefixes', 'address_prefix'],
};
const TRAVERSAL = /^(azurerm_virtual_network|azurerm_subnet)\.([A-Za-z_][\w-]*)\.(address_space|address_prefixes|address_prefix)$/;

/** `tolist(x)`, `toset(x)`, `one(x)`, `element(x, N)`, `x[N]`, in any nesting -> the traversal and the index, if any. */
function unwrap(expression: string): { type: string; name: string; attribute: string; index?: number; wraps: boolean } | undefined {
  let text = expression.trim();
  let index: number | undefined;
  let wraps = false;
  for (let guard = 0; guard < 6; guard++) {
    const indexed = /^(.*)\[(\d+)\]$/s.exec(text);
    const call = /^(tolist|toset|one|flatten|element)\(\s*(.*?)\s*\)$/s.exec(text);
    if (indexed && !call) {
      index ??= Number(indexed[2]);
      text = indexed[1].trim();
    } else if (call && call[1] === 'element') {
      const args = /^(.*),\s*(\d+)$/s.exec(call[2]);
      if (!args) {
        return undefined;
      }
      index ??= Number(args[2]);
      wraps = true;
      text = args[1].trim();
    } else if (call) {
      text = call[2];
    } else {
      break;
    }
  }
  const match = TRAVERSAL.exec(text);
  return match ? { type: match[1], name: match[2], attribute: match[3], index, wraps } : undefined;
}

const SPACES = new WeakMap<DocumentResolver, AddressSet>();

/** A `network` source for a reference to (or a literal inside) the address space of a VNet / subnet of the document. */
export function networkSourceOf(resolver: DocumentResolver, value: unknown): TrafficSource | undefined {
  if (typeof value !== 'string') {
    return undefined;
  }
  const inner = /^\$\{([\s\S]*)\}$/.exec(value)?.[1];
  const match = inner !== undefined ? unwrap(inner) : undefined;
  if (match) {
    const { type, name, attribute, index, wraps } = match;
    const resource = resolver.resource(`${type}.${name}`);
    if (!resource || !SPACE_ATTRIBUTES[type].includes(attribute)) {
      return undefined;
    }
    const present = SPACE_ATTRIBUTES[type].find(a => resource.values[a] !== undefined) ?? attribute;
    const read = resolver.read(resource.values[attribute] ?? resource.values[present]);
    const text = `the address space of ${resource.address}`;
    if (read.state !== 'literal') {
      return { kind: 'network', text };
    }
    let texts = asList(read.value).map(String);
    if (index !== undefined && texts.length > 0) {
      // element() wraps around; an index past the end is an error in Terraform, read as the whole list.
      texts = wraps ? [texts[index % texts.length]] : texts[index] !== undefined ? [texts[index]] : texts;
    }
    const addresses = parsePrefixes(texts);
    return { kind: 'network', text: `${text} (${texts.join(', ')})`, ...(addresses ? { addresses } : {}) };
  }
  // By value: only an address or CIDR (it starts with a digit, or holds a `:`) can be inside a space;
  // tags and other text are never tried (a failed parse is costly, and a quarter of real rules name a tag).
  const text = value.trim();
  if (value.includes('${') || !/^[0-9]|:/.test(text)) {
    return undefined;
  }
  const spaces = networkSpaces(resolver);
  if (spaces.isEmpty()) {
    return undefined;
  }
  const addresses = AddressSet.tryParse(text);
  if (!addresses || addresses.isEmpty()) {
    return undefined;
  }
  return insideSpaces(resolver, spaces, addresses) ? { kind: 'network', text: `${text} (inside a virtual network of the input)`, addresses } : undefined;
}

const INSIDE = new WeakMap<DocumentResolver, WeakMap<AddressSet, boolean>>();

/**
 * `spaces.containsAll(addresses)`, once per set: rules repeat a few prefixes, the spaces are the
 * document's (fixed once read), and a set is immutable (`AddressSet.parse` gives one per text).
 */
function insideSpaces(resolver: DocumentResolver, spaces: AddressSet, addresses: AddressSet): boolean {
  let known = INSIDE.get(resolver);
  if (!known) {
    known = new WeakMap();
    INSIDE.set(resolver, known);
  }
  let inside = known.get(addresses);
  if (inside === undefined) {
    inside = spaces.containsAll(addresses);
    known.set(addresses, inside);
  }
  return inside;
}

/** The union of every literal VNet address space and subnet prefix of the document. */
function networkSpaces(resolver: DocumentResolver): AddressSet {
  let spaces = SPACES.get(resolver);
  if (spaces) {
    return spaces;
  }
  const texts: string[] = [];
  const add = (value: unknown) => {
    const read = resolver.read(value);
    if (read.state === 'literal') {
      texts.push(...asList(read.value).map(String));
    }
  };
  for (const vnet of resolver.ofType(VNET_TYPE)) {
    add(vnet.values.address_space);
    blocks(vnet.values.subnet).forEach(s => add(s.address_prefixes ?? s.address_prefix));
  }
  for (const subnet of resolver.ofType(SUBNET_TYPE)) {
    add(subnet.values.address_prefixes ?? subnet.values.address_prefix);
  }
  // One union of all (a fold of `union` copies the growing set each time: quadratic in the subnets).
  spaces = AddressSet.unionAll(texts.map(text => AddressSet.tryParse(text.trim())).filter((set): set is AddressSet => set !== undefined));
  SPACES.set(resolver, spaces);
  return spaces;
}
