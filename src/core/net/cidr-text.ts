/**
 * Reading and writing CIDR text. Parsing is strict (four decimal octets, no zone ids, prefix lengths in
 * range) because a value the engine misreads could hide an exposure; `ipaddr.js` alone accepts legacy
 * forms such as `127.1` or `0x7f.0.0.1`, so those are rejected before it sees them.
 */
import * as ipaddr from 'ipaddr.js';
import { invalidCidr } from '../errors';

export const IPV4_BITS = 32;
export const IPV6_BITS = 128;
// Arithmetic instead of bit operators throughout (house lint rule no-bitwise); BigInt keeps it exact.
export const IPV4_MAX = 2n ** 32n - 1n;
export const IPV6_MAX = 2n ** 128n - 1n;
/** `::ffff:0:0/96`, the IPv4-mapped IPv6 addresses (RFC 4291 section 2.5.5.2). */
export const IPV4_MAPPED_START = 0xffffn * 2n ** 32n;
export const IPV4_MAPPED_END = IPV4_MAPPED_START + IPV4_MAX;

/** One parsed CIDR as an inclusive range in its family's address space. */
export interface ParsedCidr {
  readonly family: 'ipv4' | 'ipv6';
  readonly start: bigint;
  readonly end: bigint;
}

/**
 * Parses `a.b.c.d[/n]` or an IPv6 address with an optional `/n`. Host bits below the prefix are
 * masked (`10.0.0.1/8` reads as `10.0.0.0/8`): AWS rejects such a CIDR at deploy time and Azure
 * normalizes it, but for judging exposure the whole block is the safe reading.
 */
export function parseCidrText(text: string): ParsedCidr {
  if (typeof text !== 'string') {
    throw invalidCidr(String(text), 'it is not text');
  }
  const trimmed = text.trim();
  if (trimmed === '') {
    throw invalidCidr(text, 'it is empty');
  }
  const parts = trimmed.split('/');
  if (parts.length > 2) {
    throw invalidCidr(text, 'it has more than one "/"');
  }
  const [addressText, prefixText] = parts;
  const family = addressText.includes(':') ? 'ipv6' : 'ipv4';
  const bits = family === 'ipv4' ? IPV4_BITS : IPV6_BITS;
  const address = family === 'ipv4' ? parseIpv4(text, addressText) : parseIpv6(text, addressText);
  const prefix = prefixText === undefined ? bits : parsePrefixLength(text, prefixText, family, bits);
  const blockSize = 2n ** BigInt(bits - prefix);
  const start = address - (address % blockSize);
  return { family, start, end: start + blockSize - 1n };
}

function parseIpv4(text: string, addressText: string): bigint {
  if (!ipaddr.IPv4.isValidFourPartDecimal(addressText)) {
    throw invalidCidr(text, `${JSON.stringify(addressText)} is not an IPv4 address (four decimal numbers 0-255, no leading zeros)`);
  }
  return ipaddr.IPv4.parse(addressText).octets.reduce((value, octet) => value * 256n + BigInt(octet), 0n);
}

function parseIpv6(text: string, addressText: string): bigint {
  if (addressText.includes('%')) {
    throw invalidCidr(text, 'a zone id (%...) is not allowed in a network rule');
  }
  const lastGroup = addressText.slice(addressText.lastIndexOf(':') + 1);
  const embeddedIpv4Ok = !lastGroup.includes('.') || ipaddr.IPv4.isValidFourPartDecimal(lastGroup);
  if (!embeddedIpv4Ok || !ipaddr.IPv6.isValid(addressText)) {
    throw invalidCidr(text, `${JSON.stringify(addressText)} is not an IPv6 address`);
  }
  return ipaddr.IPv6.parse(addressText).parts.reduce((value, part) => value * 65536n + BigInt(part), 0n);
}

function parsePrefixLength(text: string, prefixText: string, family: string, bits: number): number {
  if (!/^\d{1,3}$/.test(prefixText)) {
    throw invalidCidr(text, `the prefix length ${JSON.stringify(prefixText)} is not a number`);
  }
  const prefix = Number(prefixText);
  if (prefix > bits) {
    throw invalidCidr(text, `the prefix length /${prefix} is out of range /0-/${bits} for ${family === 'ipv4' ? 'IPv4' : 'IPv6'}`);
  }
  return prefix;
}

/** `a.b.c.d` for an address in [0, 2^32). */
export function formatIpv4(value: bigint): string {
  return [2n ** 24n, 2n ** 16n, 2n ** 8n, 1n].map((unit) => String((value / unit) % 256n)).join('.');
}

/** RFC 5952 compressed text for an address in [0, 2^128). */
export function formatIpv6(value: bigint): string {
  const parts: number[] = [];
  for (let unit = 2n ** 112n; unit >= 1n; unit /= 65536n) {
    parts.push(Number((value / unit) % 65536n));
  }
  return new ipaddr.IPv6(parts).toRFC5952String();
}

/** One aligned block: `base/prefix`. */
export interface CidrBlock {
  readonly base: bigint;
  readonly prefix: number;
}

/**
 * The fewest aligned blocks that cover `[start, end]` exactly: from the left, always take the largest
 * block that is aligned at the cursor and fits. Blocks never span two disjoint intervals, so doing
 * this per interval of a normalized list gives the minimal cover of the whole list.
 */
export function intervalToBlocks(start: bigint, end: bigint, bits: number): CidrBlock[] {
  const blocks: CidrBlock[] = [];
  let cursor = start;
  while (cursor <= end) {
    let prefix = 0;
    let size = 2n ** BigInt(bits);
    while (cursor % size !== 0n || size > end - cursor + 1n) {
      prefix += 1;
      size /= 2n;
    }
    blocks.push({ base: cursor, prefix });
    cursor += size;
  }
  return blocks;
}
