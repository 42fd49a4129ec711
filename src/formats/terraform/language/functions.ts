/**
 * The Terraform functions that keep a value known (https://developer.hashicorp.com/terraform/language/functions):
 * collection, string, encoding and IP network functions. Any other function is unknown (fail closed).
 */
import { firstUnknown, isObjectValue, isUnknown, toStringValue, Unknown, Value } from './values';
import { formatIpv4, formatIpv6, parseCidrText } from '../../../core/net/cidr-text';
import { hasMember, setMember } from '../members';

type TerraformFunction = (args: Value[]) => Value;

const list = (v: Value, name: string): Value[] | Unknown => {
  if (isUnknown(v)) return v;
  if (Array.isArray(v)) return v;
  if (isObjectValue(v)) return Object.values(v);
  return new Unknown(`${name}: ${JSON.stringify(v)} is not a list`);
};

const FUNCTIONS: Record<string, TerraformFunction> = {
  tolist: ([v]) => list(v, 'tolist'),
  toset: ([v]) => {
    const items = list(v, 'toset');
    if (isUnknown(items)) return items;
    const seen = new Set<string>();
    // Sets of strings iterate in lexical order (Terraform language, "Type Constraints": sets).
    return items.filter(i => (seen.has(JSON.stringify(i)) ? false : (seen.add(JSON.stringify(i)), true)))
      .sort((a, b) => (typeof a === 'string' && typeof b === 'string' ? (a < b ? -1 : a > b ? 1 : 0) : 0));
  },
  tomap: ([v]) => v,
  tostring: ([v]) => toStringValue(v, 'tostring'),
  tonumber: ([v]) => (isUnknown(v) ? v : Number.isFinite(Number(v)) ? Number(v) : new Unknown(`tonumber: ${JSON.stringify(v)} is not a number`)),
  concat: args => {
    const out: Value[] = [];
    for (const a of args) {
      const items = list(a, 'concat');
      if (isUnknown(items)) return items;
      out.push(...items);
    }
    return out;
  },
  element: ([l, i]) => {
    const items = list(l, 'element');
    if (isUnknown(items)) return items;
    if (isUnknown(i)) return i;
    if (items.length === 0) return new Unknown('element of an empty list');
    return items[((Number(i) % items.length) + items.length) % items.length];
  },
  lookup: ([m, k, d]) => {
    if (isUnknown(m)) return m;
    if (isUnknown(k)) return k;
    if (!isObjectValue(m)) return new Unknown('lookup: not a map');
    return hasMember(m, String(k)) ? m[String(k)] : d === undefined ? new Unknown(`lookup: key ${JSON.stringify(k)} is not in the map`) : d;
  },
  merge: args => {
    const out: { [key: string]: Value } = {};
    for (const a of args) {
      if (isUnknown(a)) return a;
      if (a === null) continue;
      if (!isObjectValue(a)) return new Unknown('merge: an argument is not a map');
      for (const key of Object.keys(a)) setMember(out, key, a[key]);
    }
    return out;
  },
  flatten: ([v]) => {
    const flat = (x: Value): Value[] | Unknown => {
      if (isUnknown(x)) return x;
      if (!Array.isArray(x)) return [x];
      const out: Value[] = [];
      for (const item of x) {
        const inner = flat(item);
        if (isUnknown(inner)) return inner;
        out.push(...inner);
      }
      return out;
    };
    return Array.isArray(v) || isUnknown(v) ? flat(v) : new Unknown('flatten: not a list');
  },
  format: ([f, ...args]) => {
    const unknownArg = [f, ...args].find(isUnknown);
    if (unknownArg) return unknownArg;
    let index = 0;
    let failed: Unknown | undefined;
    const text = String(f).replace(/%(%|[-+ #0]*\d*(?:\.\d+)?[sdvqftbxXoeEgG])/g, (_m, spec: string) => {
      if (spec === '%') return '%';
      const arg = args[index++];
      const str = toStringValue(arg ?? null, 'format argument');
      if (isUnknown(str)) {
        failed ??= str;
        return '';
      }
      return spec.endsWith('q') ? JSON.stringify(str) : str;
    });
    return failed ?? text;
  },
  join: ([sep, ...lists]) => {
    if (isUnknown(sep)) return sep;
    const parts: string[] = [];
    for (const l of lists) {
      const items = list(l, 'join');
      if (isUnknown(items)) return items;
      for (const item of items) {
        const s = toStringValue(item, 'join element');
        if (isUnknown(s)) return s;
        parts.push(s);
      }
    }
    return parts.join(String(sep));
  },
  split: ([sep, s]) => (isUnknown(sep) ? sep : isUnknown(s) ? s : String(s).split(String(sep))),
  length: ([v]) => (isUnknown(v) ? v : typeof v === 'string' ? [...v].length : Array.isArray(v) ? v.length : isObjectValue(v) ? Object.keys(v).length : new Unknown('length of a value that is no collection')),
  keys: ([m]) => (isUnknown(m) ? m : isObjectValue(m) ? Object.keys(m).sort() : new Unknown('keys: not a map')),
  values: ([m]) => (isUnknown(m) ? m : isObjectValue(m) ? Object.keys(m).sort().map(k => m[k]) : new Unknown('values: not a map')),
  lower: ([s]) => (isUnknown(s) ? s : String(s).toLowerCase()),
  upper: ([s]) => (isUnknown(s) ? s : String(s).toUpperCase()),
  distinct: ([l]) => {
    const items = list(l, 'distinct');
    if (isUnknown(items)) return items;
    const seen = new Set<string>();
    return items.filter(i => (seen.has(JSON.stringify(i)) ? false : (seen.add(JSON.stringify(i)), true)));
  },
  coalesce: args => args.find(a => isUnknown(a) || (a !== null && a !== '')) ?? new Unknown('coalesce: no non-empty argument'),
  jsonencode: ([v]) => {
    const u = firstUnknown(v);
    return u ?? JSON.stringify(v);
  },
  jsondecode: ([s]) => {
    if (isUnknown(s)) return s;
    try {
      return JSON.parse(String(s));
    } catch {
      return new Unknown('jsondecode of text that is not JSON');
    }
  },
  // Encoding functions of literal text (https://developer.hashicorp.com/terraform/language/functions/base64encode).
  base64encode: ([s]) => (isUnknown(s) ? s : Buffer.from(String(s), 'utf8').toString('base64')),
  base64decode: ([s]) => (isUnknown(s) ? s : Buffer.from(String(s), 'base64').toString('utf8')),
  cidrsubnet: ([prefix, newbits, netnum]) => cidrsubnet(prefix, newbits, netnum),
  cidrhost: ([prefix, hostnum]) => cidrhost(prefix, hostnum),
};

/** Calls a function; unknown when it is not one of those above. */
export function callFunction(name: string, args: Value[]): Value {
  const fn = hasMember(FUNCTIONS, name) ? FUNCTIONS[name] : undefined;
  if (!fn) return new Unknown(`the function ${name}() is not evaluated by this guard`);
  try {
    return fn(args);
  } catch (e) {
    return new Unknown(`${name}(): ${(e as Error).message}`);
  }
}

/** `cidrsubnet("10.0.0.0/16", 8, 2)` = `10.0.2.0/24` (IPv4 and IPv6, BigInt arithmetic). */
function cidrsubnet(prefix: Value, newbits: Value, netnum: Value): Value {
  const u = [prefix, newbits, netnum].find(isUnknown);
  if (u) return u;
  const parsed = parsePrefix(String(prefix));
  const bits = Number(newbits);
  const length = parsed.length + bits;
  if (!Number.isInteger(bits) || bits < 0 || length > parsed.width) return new Unknown(`cidrsubnet: ${bits} more bits do not fit ${String(prefix)}`);
  const number = BigInt(Number(netnum));
  if (number < 0n || number >= 2n ** BigInt(bits)) return new Unknown(`cidrsubnet: ${String(netnum)} does not fit in ${bits} bits`);
  // The new bits sit below the prefix, where the base is zero: adding them sets them.
  const network = parsed.base + number * 2n ** BigInt(parsed.width - length);
  return `${formatAddress(network, parsed.width)}/${length}`;
}

/** `cidrhost("10.0.1.0/24", 5)` = `10.0.1.5`. */
function cidrhost(prefix: Value, hostnum: Value): Value {
  const u = [prefix, hostnum].find(isUnknown);
  if (u) return u;
  const parsed = parsePrefix(String(prefix));
  const size = 2n ** BigInt(parsed.width - parsed.length);
  let host = BigInt(Number(hostnum));
  if (host < 0n) host += size;
  if (host < 0n || host >= size) return new Unknown(`cidrhost: ${String(hostnum)} is outside ${String(prefix)}`);
  return formatAddress(parsed.base + host, parsed.width);
}

function parsePrefix(text: string): { base: bigint; length: number; width: number } {
  const [, length] = text.split('/');
  if (length === undefined) throw new Error(`${text} is not a CIDR prefix`);
  const parsed = parseCidrText(text);
  return { base: parsed.start, length: Number(length), width: parsed.family === 'ipv4' ? 32 : 128 };
}

function formatAddress(value: bigint, width: number): string {
  return width === 32 ? formatIpv4(value) : formatIpv6(value);
}
