import {
  formatIpv4, formatIpv6, intervalToBlocks, IPV4_BITS, IPV4_MAPPED_END, IPV4_MAPPED_START, IPV4_MAX, IPV6_BITS,
  IPV6_MAX, parseCidrText,
} from './cidr-text';
import {
  BIGINT_STEPS, Interval, intersectIntervals, intervalsEqual, intervalsOverlap, intervalsSize, normalizeIntervals,
  subtractIntervals, unionIntervals,
} from './interval-math';
import { GuardrailsInputError } from '../errors';

/** An inclusive range of addresses, as numbers in the family's address space. */
export type AddressInterval = Interval<bigint>;

const ALL_IPV4: readonly AddressInterval[] = [{ start: 0n, end: IPV4_MAX }];
/** IPv6 without `::ffff:0:0/96`: those addresses are IPv4 and live in the IPv4 list. */
const ALL_IPV6: readonly AddressInterval[] = [
  { start: 0n, end: IPV4_MAPPED_START - 1n },
  { start: IPV4_MAPPED_END + 1n, end: IPV6_MAX },
];

/** Texts parsed so far (bounded: cleared when full, so memory stays flat on huge inputs). */
const PARSED = new Map<string, AddressSet>();
const PARSE_CACHE_LIMIT = 50_000;

/**
 * A set of IPv4 and IPv6 addresses held as sorted, disjoint, inclusive intervals over BigInt: one list in
 * [0, 2^32) and one in [0, 2^128). IPv4-mapped IPv6 addresses (`::ffff:0:0/96`) are stored as IPv4, so
 * `::ffff:10.0.0.1` and `10.0.0.1` are the same member and the IPv6 list never holds that range.
 * Immutable; every operation is a linear merge of the sorted lists.
 */
export class AddressSet {
  /** No address. */
  public static empty(): AddressSet { return EMPTY; }
  /** Every IPv4 and every IPv6 address. */
  public static all(): AddressSet { return ALL; }
  /** Every IPv4 address. */
  public static allIpv4(): AddressSet { return ALL_IPV4_SET; }
  /** Every IPv6 address (outside `::ffff:0:0/96`, which maps to IPv4). */
  public static allIpv6(): AddressSet { return ALL_IPV6_SET; }

  /**
   * Parses one CIDR or bare address (`10.0.0.0/8`, `1.2.3.4`, `2001:db8::/32`, `::ffff:1.2.3.4`).
   * Host bits set (`10.0.0.1/8`) are accepted and masked to the block (`10.0.0.0/8`): AWS rejects such a
   * CIDR at deploy time, but for judging exposure the whole block is the safe reading.
   * Surrounding whitespace is ignored; legacy IPv4 forms (`127.1`, `0x7f.0.0.1`, `010.0.0.1`) and zone ids are not.
   * @throws GuardrailsInputError (code `invalid-cidr`) with a message naming the value and what is wrong.
   */
  public static parse(text: string): AddressSet {
    // Sets are immutable and real inputs repeat a handful of prefixes: parse each text once.
    const cached = PARSED.get(text);
    if (cached) {
      return cached;
    }
    const parsed = parseCidrText(text);
    const interval = { start: parsed.start, end: parsed.end };
    const set = parsed.family === 'ipv4' ? new AddressSet([interval], []) : AddressSet.fromIntervals([], [interval]);
    if (PARSED.size >= PARSE_CACHE_LIMIT) {
      PARSED.clear();
    }
    PARSED.set(text, set);
    return set;
  }

  /** `parse` that returns undefined instead of throwing. */
  public static tryParse(text: string): AddressSet | undefined {
    try {
      return AddressSet.parse(text);
    } catch (error) {
      if (GuardrailsInputError.isGuardrailsInputError(error)) {
        return undefined;
      }
      /* c8 ignore next 2 */
      throw error;
    }
  }

  /**
   * The union of many CIDRs in one sort. Prefer this (or `unionAll`) to folding `union` over thousands of
   * rules: each `union` copies the accumulated lists, so a fold is quadratic.
   * @throws GuardrailsInputError (code `invalid-cidr`) for the first text that is no CIDR.
   */
  public static parseAll(texts: readonly string[]): AddressSet {
    return AddressSet.unionAll(texts.map((text) => AddressSet.parse(text)));
  }

  /** The union of many sets in one sort. */
  public static unionAll(sets: readonly AddressSet[]): AddressSet {
    return new AddressSet(
      normalizeIntervals(sets.flatMap((set) => set.ipv4), BIGINT_STEPS),
      normalizeIntervals(sets.flatMap((set) => set.ipv6), BIGINT_STEPS));
  }

  /**
   * Builds a set from intervals in any order, overlapping or not. IPv6 intervals that reach into
   * `::ffff:0:0/96` give that part to IPv4. Out-of-range bounds are clipped to the address space.
   */
  public static fromIntervals(ipv4: readonly AddressInterval[], ipv6: readonly AddressInterval[]): AddressSet {
    const v4 = ipv4.map((i) => clip(i, IPV4_MAX));
    const v6: AddressInterval[] = [];
    for (const interval of ipv6.map((i) => clip(i, IPV6_MAX))) {
      const mappedStart = interval.start > IPV4_MAPPED_START ? interval.start : IPV4_MAPPED_START;
      const mappedEnd = interval.end < IPV4_MAPPED_END ? interval.end : IPV4_MAPPED_END;
      if (mappedStart > mappedEnd) {
        v6.push(interval);
        continue;
      }
      v4.push({ start: mappedStart - IPV4_MAPPED_START, end: mappedEnd - IPV4_MAPPED_START });
      v6.push({ start: interval.start, end: IPV4_MAPPED_START - 1n }, { start: IPV4_MAPPED_END + 1n, end: interval.end });
    }
    return new AddressSet(normalizeIntervals(v4, BIGINT_STEPS), normalizeIntervals(v6, BIGINT_STEPS));
  }

  /** Branded check instead of `instanceof`, which breaks with two copies of the package. */
  public static isAddressSet(x: unknown): x is AddressSet {
    return typeof x === 'object' && x !== null && (x as any)[ADDRESS_SET_BRAND] === true;
  }

  /** Normalized lists -> a set; the one empty set when both are empty (most results of the engine are). */
  private static ofNormalized(ipv4: readonly AddressInterval[], ipv6: readonly AddressInterval[]): AddressSet {
    return ipv4.length === 0 && ipv6.length === 0 ? EMPTY : new AddressSet(ipv4, ipv6);
  }

  /** Sorted, disjoint, non-touching IPv4 intervals in [0, 2^32). */
  public readonly ipv4: readonly AddressInterval[];
  /** Sorted, disjoint, non-touching IPv6 intervals in [0, 2^128), never inside `::ffff:0:0/96`. */
  public readonly ipv6: readonly AddressInterval[];

  /** Takes lists that are already normalized; use `fromIntervals` for anything else. */
  private constructor(ipv4: readonly AddressInterval[], ipv6: readonly AddressInterval[]) {
    this.ipv4 = ipv4;
    this.ipv6 = ipv6;
  }

  // Sets are immutable: an operation with the empty set (the common case: most rules admit no public
  // address) returns an operand as it is instead of copying its lists.
  public union(other: AddressSet): AddressSet {
    if (other.isEmpty()) return this;
    if (this.isEmpty()) return other;
    return AddressSet.ofNormalized(
      unionIntervals(this.ipv4, other.ipv4, BIGINT_STEPS),
      unionIntervals(this.ipv6, other.ipv6, BIGINT_STEPS));
  }

  public intersect(other: AddressSet): AddressSet {
    if (this.isEmpty()) return this;
    if (other.isEmpty()) return other;
    return AddressSet.ofNormalized(intersectIntervals(this.ipv4, other.ipv4), intersectIntervals(this.ipv6, other.ipv6));
  }

  public subtract(other: AddressSet): AddressSet {
    if (this.isEmpty() || other.isEmpty()) return this;
    return AddressSet.ofNormalized(
      subtractIntervals(this.ipv4, other.ipv4, BIGINT_STEPS),
      subtractIntervals(this.ipv6, other.ipv6, BIGINT_STEPS));
  }

  public isEmpty(): boolean {
    return this.ipv4.length === 0 && this.ipv6.length === 0;
  }

  /** Number of IPv4 addresses in the set. */
  public ipv4Size(): bigint {
    return intervalsSize(this.ipv4, BIGINT_STEPS);
  }

  /** Number of IPv6 addresses in the set (IPv4-mapped ones count as IPv4). */
  public ipv6Size(): bigint {
    return intervalsSize(this.ipv6, BIGINT_STEPS);
  }

  /**
   * Whether one address (text) is in the set. A CIDR is accepted too: then every address of it must be in the set.
   * @throws GuardrailsInputError (code `invalid-cidr`) when the text is no address.
   */
  public contains(address: string): boolean {
    return this.containsAll(AddressSet.parse(address));
  }

  /** Whether every address of `other` is in this set. */
  public containsAll(other: AddressSet): boolean {
    return other.subtract(this).isEmpty();
  }

  /** Whether the two sets share at least one address. */
  public overlaps(other: AddressSet): boolean {
    // `!this.intersect(other).isEmpty()`, without building the intersection (asked once per rule source).
    return intervalsOverlap(this.ipv4, other.ipv4) || intervalsOverlap(this.ipv6, other.ipv6);
  }

  public equals(other: AddressSet): boolean {
    return intervalsEqual(this.ipv4, other.ipv4) && intervalsEqual(this.ipv6, other.ipv6);
  }

  /**
   * The smallest list of CIDRs that covers exactly this set (for messages), IPv4 first, IPv6 in RFC 5952
   * compressed form. When the set holds every IPv4 address, the IPv6 cover may use blocks that contain
   * `::ffff:0:0/96` (so every address gives `0.0.0.0/0, ::/0`, not a hundred IPv6 blocks around the hole).
   */
  public toCidrs(): string[] {
    const v4 = this.ipv4.flatMap((i) => intervalToBlocks(i.start, i.end, IPV4_BITS))
      .map((block) => `${formatIpv4(block.base)}/${block.prefix}`);
    const holdsAllIpv4 = intervalsEqual(this.ipv4, ALL_IPV4);
    const v6Intervals = holdsAllIpv4
      ? unionIntervals(this.ipv6, [{ start: IPV4_MAPPED_START, end: IPV4_MAPPED_END }], BIGINT_STEPS)
      : this.ipv6;
    const v6 = v6Intervals.flatMap((i) => intervalToBlocks(i.start, i.end, IPV6_BITS))
      .filter((block) => !(block.base >= IPV4_MAPPED_START && block.base <= IPV4_MAPPED_END))
      .map((block) => `${formatIpv6(block.base)}/${block.prefix}`);
    return [...v4, ...v6];
  }

  /**
   * A short text for messages: `0.0.0.0/0`, or the first `max` CIDRs and how many more
   * (`203.0.113.0/24, 198.51.100.7/32 and 2 more`); `no address` when empty.
   */
  public describe(max: number = 3): string {
    const cidrs = this.toCidrs();
    if (cidrs.length === 0) {
      return 'no address';
    }
    const shown = Math.max(1, Math.floor(max));
    if (cidrs.length <= shown) {
      return cidrs.join(', ');
    }
    return `${cidrs.slice(0, shown).join(', ')} and ${cidrs.length - shown} more`;
  }

  /** Same as `describe()`. */
  public toString(): string {
    return this.describe();
  }
}

const ADDRESS_SET_BRAND = Symbol.for('search-guardrails.AddressSet');
// On the prototype, not on each instance: one property for every set (non-enumerable, as before).
Object.defineProperty(AddressSet.prototype, ADDRESS_SET_BRAND, { value: true });

function clip(interval: AddressInterval, max: bigint): AddressInterval {
  return {
    start: interval.start < 0n ? 0n : interval.start,
    end: interval.end > max ? max : interval.end,
  };
}

const EMPTY = AddressSet.fromIntervals([], []);
const ALL_IPV4_SET = AddressSet.fromIntervals(ALL_IPV4, []);
const ALL_IPV6_SET = AddressSet.fromIntervals([], ALL_IPV6);
const ALL = AddressSet.fromIntervals(ALL_IPV4, ALL_IPV6);
