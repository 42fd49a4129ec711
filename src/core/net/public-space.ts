import { AddressInterval, AddressSet } from './address-set';

/**
 * The IANA special-purpose ranges that are not globally reachable (spec "Public sources"; IANA IPv4 and
 * IPv6 Special-Purpose Address Registries, RFC 6890). `::ffff:0:0/96` is absent on purpose: it maps to
 * IPv4 and is judged as the IPv4 address it carries.
 */
export const NON_PUBLIC_RANGES: readonly string[] = [
  '0.0.0.0/8', '10.0.0.0/8', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16', '172.16.0.0/12', '192.0.0.0/24',
  '192.0.2.0/24', '192.168.0.0/16', '198.18.0.0/15', '198.51.100.0/24', '203.0.113.0/24', '224.0.0.0/4', '240.0.0.0/4',
  '::/128', '::1/128', 'fc00::/7', 'fe80::/10', 'ff00::/8', '2001:db8::/32', '100::/64',
];

/** More public IPv4 addresses than this is a `public-ingress` error (spec: "more than 256 IPv4 addresses"). */
export const BROAD_PUBLIC_IPV4_LIMIT = 256n;
/** More public IPv6 addresses than this (a /64) is a `public-ingress` error (spec: "more than a /64 of IPv6"). */
export const BROAD_PUBLIC_IPV6_LIMIT = 2n ** 64n;

const IPV6_GROUP = 2n ** 16n;
const ipv4 = (a: number, b: number, c: number, d: number) => BigInt(((a * 256 + b) * 256 + c) * 256 + d);
/** The value of an IPv6 address whose leading groups are `groups` and whose other groups are 0. */
const ipv6 = (...groups: number[]) =>
  groups.reduce((value, group) => value * IPV6_GROUP + BigInt(group), 0n) * IPV6_GROUP ** BigInt(8 - groups.length);

/**
 * `NON_PUBLIC_RANGES` as numbers (family, first address, prefix length), item by item: the public space
 * is built once per process, on cold code, where parsing the texts (IPv6 above all) costs more than the
 * rest of a small evaluation. A test pins each block to its text.
 */
export const NON_PUBLIC_BLOCKS: readonly { readonly family: 'ipv4' | 'ipv6'; readonly base: bigint; readonly prefix: number }[] = [
  ...([[[0, 0, 0, 0], 8], [[10, 0, 0, 0], 8], [[100, 64, 0, 0], 10], [[127, 0, 0, 0], 8], [[169, 254, 0, 0], 16], [[172, 16, 0, 0], 12],
    [[192, 0, 0, 0], 24], [[192, 0, 2, 0], 24], [[192, 168, 0, 0], 16], [[198, 18, 0, 0], 15], [[198, 51, 100, 0], 24],
    [[203, 0, 113, 0], 24], [[224, 0, 0, 0], 4], [[240, 0, 0, 0], 4]] as const)
    .map(([[a, b, c, d], prefix]) => ({ family: 'ipv4' as const, base: ipv4(a, b, c, d), prefix })),
  { family: 'ipv6', base: 0n, prefix: 128 },
  { family: 'ipv6', base: 1n, prefix: 128 },
  { family: 'ipv6', base: ipv6(0xfc00), prefix: 7 },
  { family: 'ipv6', base: ipv6(0xfe80), prefix: 10 },
  { family: 'ipv6', base: ipv6(0xff00), prefix: 8 },
  { family: 'ipv6', base: ipv6(0x2001, 0xdb8), prefix: 32 },
  { family: 'ipv6', base: ipv6(0x100), prefix: 64 },
];

let cachedPublicAddresses: AddressSet | undefined;

/** Every address outside the IANA special-purpose ranges that are not globally reachable (spec: "Public sources"). */
export function publicAddresses(): AddressSet {
  if (cachedPublicAddresses === undefined) {
    const v4: AddressInterval[] = [];
    const v6: AddressInterval[] = [];
    for (const { family, base, prefix } of NON_PUBLIC_BLOCKS) {
      const size = 2n ** BigInt((family === 'ipv4' ? 32 : 128) - prefix);
      (family === 'ipv4' ? v4 : v6).push({ start: base, end: base + size - 1n });
    }
    cachedPublicAddresses = AddressSet.all().subtract(AddressSet.fromIntervals(v4, v6));
  }
  return cachedPublicAddresses;
}

/** Whether one address is public. */
export function isPublicAddress(address: string): boolean { return publicAddresses().contains(address); }

/** The part of `set` that is publicly routable. */
export function publicPart(set: AddressSet): AddressSet {
  return set.intersect(publicAddresses());
}

/**
 * Whether `set` admits a broad public source: more than 256 public IPv4 addresses or more than a /64
 * (2^64) of public IPv6 addresses. Only the public part counts, so `10.0.0.0/8` is not broad.
 */
export function isBroadPublic(set: AddressSet): boolean {
  if (set.isEmpty()) return false;
  const exposed = publicPart(set);
  return exposed.ipv4Size() > BROAD_PUBLIC_IPV4_LIMIT || exposed.ipv6Size() > BROAD_PUBLIC_IPV6_LIMIT;
}
