import {
  Interval, intersectIntervals, intervalsContain, intervalsEqual, intervalsSize, normalizeIntervals, NUMBER_STEPS,
  subtractIntervals, unionIntervals,
} from './interval-math';
import { invalidPort } from '../errors';

const MAX_PORT = 65535;

/** An inclusive range of ports. */
export type PortInterval = Interval<number>;

/** Port texts parsed so far (sets are immutable; bounded so memory stays flat on huge inputs). */
const PARSED_PORTS = new Map<string, PortSet>();
const PARSE_CACHE_LIMIT = 10_000;
/** Sets made by `range`, by `from * 65536 + to` (same bound). */
const RANGES = new Map<number, PortSet>();

/** A set of TCP/UDP ports 0-65535 held as sorted, disjoint, inclusive intervals. Immutable. */
export class PortSet {
  public static empty(): PortSet { return EMPTY; }

  /** Ports 0-65535. */
  public static all(): PortSet { return ALL; }

  /** `from`-`to` inclusive. @throws GuardrailsInputError (code `invalid-port`) when out of 0-65535 or from > to. */
  public static range(from: number, to: number): PortSet {
    // The text is only built for the error message (this is called once per rule of an input).
    if (!isPort(from)) checkPort(`${from}-${to}`, from);
    if (!isPort(to)) checkPort(`${from}-${to}`, to);
    if (from > to) {
      throw invalidPort(`${from}-${to}`, `the range starts after it ends (${from} > ${to})`);
    }
    // Sets are immutable and real inputs repeat a handful of ranges: one set per range.
    const key = from * (MAX_PORT + 1) + to;
    let set = RANGES.get(key);
    if (set === undefined) {
      if (RANGES.size >= PARSE_CACHE_LIMIT) {
        RANGES.clear();
      }
      // `+ 0` makes a -0 bound 0, so that the shared set does not depend on which call came first.
      set = new PortSet([{ start: from + 0, end: to + 0 }]);
      RANGES.set(key, set);
    }
    return set;
  }

  /** The listed ports. @throws GuardrailsInputError (code `invalid-port`) when one is out of 0-65535 or not an integer. */
  public static of(...ports: number[]): PortSet {
    for (const port of ports) {
      checkPort(String(port), port);
    }
    return new PortSet(normalizeIntervals(ports.map((port) => ({ start: port, end: port })), NUMBER_STEPS));
  }

  /** Azure/Terraform port text: `*`, `N`, `N-M` (surrounding whitespace ignored). @throws GuardrailsInputError (code `invalid-port`) */
  public static parse(text: string): PortSet {
    if (typeof text !== 'string') {
      throw invalidPort(String(text), 'it is not text');
    }
    const cached = PARSED_PORTS.get(text);
    if (cached) {
      return cached;
    }
    const set = PortSet.parseText(text);
    if (PARSED_PORTS.size >= PARSE_CACHE_LIMIT) {
      PARSED_PORTS.clear();
    }
    PARSED_PORTS.set(text, set);
    return set;
  }


  /** The union of several port texts (`destination_port_ranges`). @throws GuardrailsInputError (code `invalid-port`) */
  public static parseList(texts: readonly string[]): PortSet {
    return PortSet.unionAll(texts.map((text) => PortSet.parse(text)));
  }

  /** The union of many sets in one sort. */
  public static unionAll(sets: readonly PortSet[]): PortSet {
    return new PortSet(normalizeIntervals(sets.flatMap((set) => set.intervals), NUMBER_STEPS));
  }

  /**
   * Builds a set from intervals in any order, overlapping or not.
   * @throws GuardrailsInputError (code `invalid-port`) when a bound is out of 0-65535 or not a whole number, or a start is after its end.
   */
  public static fromIntervals(intervals: readonly PortInterval[]): PortSet {
    for (const { start, end } of intervals) {
      PortSet.range(start, end);
    }
    return new PortSet(normalizeIntervals(intervals, NUMBER_STEPS));
  }

  /** Branded check instead of `instanceof`, which breaks with two copies of the package. */
  public static isPortSet(x: unknown): x is PortSet {
    return typeof x === 'object' && x !== null && (x as any)[PORT_SET_BRAND] === true;
  }
  private static parseText(text: string): PortSet {
    const trimmed = text.trim();
    if (trimmed === '') {
      throw invalidPort(text, 'it is empty');
    }
    if (trimmed === '*') {
      return ALL;
    }
    const match = /^(\S+?)\s*-\s*(\S+)$/.exec(trimmed);
    if (match === null) {
      return PortSet.of(parsePortNumber(text, trimmed));
    }
    const from = parsePortNumber(text, match[1]);
    const to = parsePortNumber(text, match[2]);
    if (from > to) {
      throw invalidPort(text, `the range starts after it ends (${from} > ${to})`);
    }
    return new PortSet([{ start: from, end: to }]);
  }

  /** Sorted, disjoint, non-touching intervals within 0-65535. */
  public readonly intervals: readonly PortInterval[];

  private constructor(intervals: readonly PortInterval[]) {
    this.intervals = intervals;
  }

  public union(other: PortSet): PortSet {
    // Immutable: a union with the empty set is the other operand as it is.
    if (other.isEmpty()) return this;
    if (this.isEmpty()) return other;
    return new PortSet(unionIntervals(this.intervals, other.intervals, NUMBER_STEPS));
  }

  public intersect(other: PortSet): PortSet {
    return new PortSet(intersectIntervals(this.intervals, other.intervals));
  }

  public subtract(other: PortSet): PortSet {
    return new PortSet(subtractIntervals(this.intervals, other.intervals, NUMBER_STEPS));
  }

  public has(port: number): boolean {
    return intervalsContain(this.intervals, port);
  }

  public isEmpty(): boolean {
    return this.intervals.length === 0;
  }

  /** Number of ports in the set. */
  public size(): number {
    return Number(intervalsSize(this.intervals, NUMBER_STEPS));
  }

  public equals(other: PortSet): boolean {
    return intervalsEqual(this.intervals, other.intervals);
  }

  /** `9200`, `9200-9300`, `*` for all, `80, 443` for several, `none` for the empty set. */
  public toString(): string {
    if (this.isEmpty()) {
      return 'none';
    }
    if (this.equals(ALL)) {
      return '*';
    }
    // Every rule of an input names its ports: render each set once (in a side table, so that the set
    // keeps its shape and two equal sets stay deeply equal).
    let text = PORT_TEXTS.get(this);
    if (text === undefined) {
      text = this.intervals.map((i) => (i.start === i.end ? String(i.start) : `${i.start}-${i.end}`)).join(', ');
      PORT_TEXTS.set(this, text);
    }
    return text;
  }
}

const PORT_TEXTS = new WeakMap<PortSet, string>();

const PORT_SET_BRAND = Symbol.for('search-guardrails.PortSet');
// On the prototype, not on each instance: one property for every set (non-enumerable, as before).
Object.defineProperty(PortSet.prototype, PORT_SET_BRAND, { value: true });

function isPort(port: number): boolean {
  return Number.isInteger(port) && port >= 0 && port <= MAX_PORT;
}

function checkPort(text: string, port: number): void {
  if (!Number.isInteger(port)) {
    throw invalidPort(text, `${port} is not a whole number`);
  }
  if (port < 0 || port > MAX_PORT) {
    throw invalidPort(text, `${port} is out of range 0-${MAX_PORT}`);
  }
}

function parsePortNumber(text: string, part: string): number {
  if (/^-\d+$/.test(part)) {
    throw invalidPort(text, `${part} is negative`);
  }
  if (!/^\d+$/.test(part)) {
    throw invalidPort(text, `${JSON.stringify(part)} is not a whole number`);
  }
  const port = Number(part);
  if (port > MAX_PORT) {
    throw invalidPort(text, `${part} is out of range 0-${MAX_PORT}`);
  }
  return port;
}

const EMPTY = PortSet.fromIntervals([]);
const ALL = PortSet.fromIntervals([{ start: 0, end: MAX_PORT }]);
