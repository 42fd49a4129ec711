import * as fc from 'fast-check';
import { AddressInterval, AddressSet } from '../../../src/core/net/address-set';

/*
 * Oracle: a small universe of explicit addresses (four aligned blocks below), in which a set is a bitmap
 * with one slot per address. The members of a random CIDR are found by brute force: every address of
 * its universe block whose leading `prefix` bits equal the CIDR's. Set algebra on the bitmaps is plain
 * per-slot boolean logic, so it shares no code or idea with the interval merges under test. Random
 * IPv4 CIDRs are sometimes written in IPv4-mapped IPv6 form (`::ffff:10.0.1.2/120`), which must land on
 * the same IPv4 slots.
 */
interface UniverseBlock {
  readonly family: 'ipv4' | 'ipv6';
  /** First address of the block, as a number in its family's space; aligned to the block size. */
  readonly base: bigint;
  /** The smallest prefix a random CIDR in this block may have: the block itself. */
  readonly minPrefix: number;
  readonly size: number;
  /** Where the block's slots start in the bitmap. */
  readonly slot: number;
}

const BLOCK_SPECS: ReadonlyArray<Omit<UniverseBlock, 'size' | 'slot'>> = [
  { family: 'ipv4', base: 0n, minPrefix: 24 }, // 0.0.0.0/24: the bottom edge of IPv4
  { family: 'ipv4', base: 10n * 2n ** 24n, minPrefix: 21 }, // 10.0.0.0/21
  { family: 'ipv4', base: 2n ** 32n - 256n, minPrefix: 24 }, // 255.255.255.0/24: the top edge of IPv4
  { family: 'ipv6', base: 0x20010db80001n * 2n ** 80n, minPrefix: 116 }, // 2001:db8:1::/116, inside one /112
];

const BLOCKS: UniverseBlock[] = [];
let nextSlot = 0;
for (const spec of BLOCK_SPECS) {
  const size = 2 ** ((spec.family === 'ipv4' ? 32 : 128) - spec.minPrefix);
  BLOCKS.push({ ...spec, size, slot: nextSlot });
  nextSlot += size;
}
const UNIVERSE_SIZE = nextSlot;

type Bitmap = Uint8Array;

interface RandomCidr {
  readonly text: string;
  readonly block: UniverseBlock;
  readonly offset: number;
  readonly prefix: number;
}

function ipv4Text(value: bigint): string {
  const octets = [];
  for (let rest = value, k = 0; k < 4; k++, rest /= 256n) {
    octets.unshift(String(rest % 256n));
  }
  return octets.join('.');
}

/** An address of the universe as text; IPv4 optionally in `::ffff:a.b.c.d` form. */
function addressText(block: UniverseBlock, offset: number, mapped: boolean): string {
  const value = block.base + BigInt(offset);
  if (block.family === 'ipv6') {
    return `2001:db8:1::${offset.toString(16)}`;
  }
  return mapped ? `::ffff:${ipv4Text(value)}` : ipv4Text(value);
}

const randomCidr: fc.Arbitrary<RandomCidr> = fc.integer({ min: 0, max: BLOCKS.length - 1 })
  .chain((index) => {
    const block = BLOCKS[index];
    const bits = block.family === 'ipv4' ? 32 : 128;
    return fc.record({
      offset: fc.integer({ min: 0, max: block.size - 1 }),
      prefix: fc.integer({ min: block.minPrefix, max: bits }),
      mapped: fc.boolean(),
    }).map(({ offset, prefix, mapped }) => {
      const asMapped = mapped && block.family === 'ipv4';
      const text = `${addressText(block, offset, asMapped)}/${asMapped ? prefix + 96 : prefix}`;
      return { text, block, offset, prefix };
    });
  });

const randomCidrs = fc.array(randomCidr, { maxLength: 6 });

function oracleOf(cidrs: readonly RandomCidr[]): Bitmap {
  const bitmap = new Uint8Array(UNIVERSE_SIZE);
  for (const cidr of cidrs) {
    const hostSpan = 2 ** ((cidr.block.family === 'ipv4' ? 32 : 128) - cidr.prefix);
    for (let offset = 0; offset < cidr.block.size; offset++) {
      if (Math.floor(offset / hostSpan) === Math.floor(cidr.offset / hostSpan)) {
        bitmap[cidr.block.slot + offset] = 1;
      }
    }
  }
  return bitmap;
}

function combine(a: Bitmap, b: Bitmap, op: (x: boolean, y: boolean) => boolean): Bitmap {
  const result = new Uint8Array(UNIVERSE_SIZE);
  for (let k = 0; k < UNIVERSE_SIZE; k++) {
    result[k] = op(a[k] === 1, b[k] === 1) ? 1 : 0;
  }
  return result;
}

function countFamily(bitmap: Bitmap, family: 'ipv4' | 'ipv6'): bigint {
  let count = 0;
  for (const block of BLOCKS.filter((b) => b.family === family)) {
    for (let k = 0; k < block.size; k++) {
      count += bitmap[block.slot + k];
    }
  }
  return BigInt(count);
}

/** Expands a set into a bitmap, checking on the way that its interval lists are normalized. */
function bitmapOf(set: AddressSet): Bitmap {
  const bitmap = new Uint8Array(UNIVERSE_SIZE);
  const mark = (intervals: readonly AddressInterval[], family: 'ipv4' | 'ipv6') => {
    intervals.forEach((interval, k) => {
      const block = BLOCKS.find((b) => b.family === family && interval.start >= b.base && interval.end < b.base + BigInt(b.size));
      const normalized = interval.start <= interval.end && (k === 0 || interval.start > intervals[k - 1].end + 1n);
      if (block === undefined || !normalized) {
        throw new Error(`interval ${interval.start}-${interval.end} is outside the universe or not normalized`);
      }
      bitmap.fill(1, block.slot + Number(interval.start - block.base), block.slot + Number(interval.end - block.base) + 1);
    });
  };
  mark(set.ipv4, 'ipv4');
  mark(set.ipv6, 'ipv6');
  return bitmap;
}

function sameBitmap(a: Bitmap, b: Bitmap): boolean {
  for (let k = 0; k < UNIVERSE_SIZE; k++) {
    if (a[k] !== b[k]) return false;
  }
  return true;
}

/** Fewest aligned blocks covering the bitmap, by descending the binary trie of every universe block. */
function minimalCoverSize(bitmap: Bitmap): number {
  const cover = (slot: number, size: number): number => {
    let members = 0;
    for (let k = slot; k < slot + size; k++) {
      members += bitmap[k];
    }
    if (members === 0) return 0;
    if (members === size) return 1;
    return cover(slot, size / 2) + cover(slot + size / 2, size / 2);
  };
  return BLOCKS.reduce((total, block) => total + cover(block.slot, block.size), 0);
}

const RUNS = { numRuns: 1000 };

describe('address set algebra against a brute-force bitmap oracle', () => {
  test('parsing, union, intersection, subtraction, sizes, equality and containment agree with the oracle.', () => {
    fc.assert(fc.property(randomCidrs, randomCidrs, (cidrsA, cidrsB) => {
      const a = cidrsA.reduce((set, cidr) => set.union(AddressSet.parse(cidr.text)), AddressSet.empty());
      const b = AddressSet.parseAll(cidrsB.map((cidr) => cidr.text));
      const oracleA = oracleOf(cidrsA);
      const oracleB = oracleOf(cidrsB);

      expect(sameBitmap(bitmapOf(a), oracleA)).toBe(true);
      expect(sameBitmap(bitmapOf(b), oracleB)).toBe(true);
      expect(a.equals(AddressSet.parseAll(cidrsA.map((cidr) => cidr.text).reverse()))).toBe(true);

      const union = combine(oracleA, oracleB, (x, y) => x || y);
      const intersection = combine(oracleA, oracleB, (x, y) => x && y);
      const difference = combine(oracleA, oracleB, (x, y) => x && !y);
      expect(sameBitmap(bitmapOf(a.union(b)), union)).toBe(true);
      expect(sameBitmap(bitmapOf(a.intersect(b)), intersection)).toBe(true);
      expect(sameBitmap(bitmapOf(a.subtract(b)), difference)).toBe(true);

      expect(a.ipv4Size()).toBe(countFamily(oracleA, 'ipv4'));
      expect(a.ipv6Size()).toBe(countFamily(oracleA, 'ipv6'));
      expect(a.union(b).ipv4Size()).toBe(countFamily(union, 'ipv4'));
      expect(a.subtract(b).ipv6Size()).toBe(countFamily(difference, 'ipv6'));
      expect(a.isEmpty()).toBe(oracleA.every((x) => x === 0));

      expect(a.equals(b)).toBe(sameBitmap(oracleA, oracleB));
      expect(a.containsAll(b)).toBe(sameBitmap(intersection, oracleB));
      expect(a.overlaps(b)).toBe(intersection.some((x) => x === 1));
      expect(a.overlaps(b)).toBe(!a.intersect(b).isEmpty());
      expect(a.union(b).equals(b.union(a))).toBe(true);
      expect(a.subtract(b).union(a.intersect(b)).equals(a)).toBe(true);
    }), RUNS);
  });

  test('contains agrees with the oracle for every kind of address text.', () => {
    const randomAddress = fc.record({
      index: fc.integer({ min: 0, max: BLOCKS.length - 1 }),
      offset: fc.integer({ min: 0, max: 4095 }),
      mapped: fc.boolean(),
    }).map(({ index, offset, mapped }) => {
      const block = BLOCKS[index];
      const inBlock = offset % block.size;
      return { text: addressText(block, inBlock, mapped), slot: block.slot + inBlock };
    });
    fc.assert(fc.property(randomCidrs, randomAddress, (cidrs, address) => {
      const set = AddressSet.parseAll(cidrs.map((cidr) => cidr.text));
      expect(set.contains(address.text)).toBe(oracleOf(cidrs)[address.slot] === 1);
    }), RUNS);
  });

  test('toCidrs lists IPv4 first, parses back to the same set and uses the fewest possible CIDRs.', () => {
    fc.assert(fc.property(randomCidrs, randomCidrs, (cidrsA, cidrsB) => {
      // Subtracting makes holes, so covers need many blocks of mixed sizes.
      const set = AddressSet.parseAll(cidrsA.map((c) => c.text)).subtract(AddressSet.parseAll(cidrsB.map((c) => c.text)));
      const cidrs = set.toCidrs();
      const firstIpv6 = cidrs.findIndex((cidr) => cidr.includes(':'));
      expect(firstIpv6 === -1 || cidrs.slice(firstIpv6).every((cidr) => cidr.includes(':'))).toBe(true);
      expect(AddressSet.parseAll(cidrs).equals(set)).toBe(true);
      expect(cidrs).toHaveLength(minimalCoverSize(bitmapOf(set)));
    }), RUNS);
  });
});
