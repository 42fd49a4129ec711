import * as fc from 'fast-check';
import { PortSet } from '../../../src/core/net/port-set';

/*
 * Oracle: a port set is a boolean array of 65536 slots. A random port text marks its slots one by one,
 * and union, intersection and subtraction are per-slot boolean logic, sharing nothing with the interval
 * merges under test. Port numbers are drawn mostly near the edges (0, 65535) and near cluster ports so
 * that ranges touch, overlap and nest often.
 */
type Bitmap = Uint8Array;
const PORTS = 65536;

const randomPort = fc.oneof(
  fc.integer({ min: 0, max: 65535 }),
  fc.integer({ min: 0, max: 40 }),
  fc.integer({ min: 65500, max: 65535 }),
  fc.integer({ min: 9190, max: 9310 }),
);

interface RandomPortText {
  readonly text: string;
  readonly from: number;
  readonly to: number;
}

const randomPortText: fc.Arbitrary<RandomPortText> = fc.oneof(
  { weight: 1, arbitrary: fc.constant({ text: '*', from: 0, to: 65535 }) },
  { weight: 5, arbitrary: randomPort.map((port) => ({ text: String(port), from: port, to: port })) },
  {
    weight: 10,
    arbitrary: fc.tuple(randomPort, randomPort).map(([x, y]) => {
      const [from, to] = x <= y ? [x, y] : [y, x];
      return { text: `${from}-${to}`, from, to };
    }),
  },
);

const randomPortTexts = fc.array(randomPortText, { maxLength: 6 });

function oracleOf(texts: readonly RandomPortText[]): Bitmap {
  const bitmap = new Uint8Array(PORTS);
  for (const { from, to } of texts) {
    for (let port = from; port <= to; port++) {
      bitmap[port] = 1;
    }
  }
  return bitmap;
}

function bitmapOf(set: PortSet): Bitmap {
  const bitmap = new Uint8Array(PORTS);
  set.intervals.forEach((interval, k) => {
    if (interval.start > interval.end || (k > 0 && interval.start <= set.intervals[k - 1].end + 1)) {
      throw new Error(`interval ${interval.start}-${interval.end} is not normalized`);
    }
    bitmap.fill(1, interval.start, interval.end + 1);
  });
  return bitmap;
}

function combine(a: Bitmap, b: Bitmap, op: (x: boolean, y: boolean) => boolean): Bitmap {
  const result = new Uint8Array(PORTS);
  for (let port = 0; port < PORTS; port++) {
    result[port] = op(a[port] === 1, b[port] === 1) ? 1 : 0;
  }
  return result;
}

function sameBitmap(a: Bitmap, b: Bitmap): boolean {
  for (let port = 0; port < PORTS; port++) {
    if (a[port] !== b[port]) return false;
  }
  return true;
}

function count(bitmap: Bitmap): number {
  return bitmap.reduce((total, slot) => total + slot, 0);
}

describe('port set algebra against a brute-force boolean-array oracle', () => {
  test('parsing, union, intersection, subtraction, membership, size, equality and text agree with the oracle.', () => {
    fc.assert(fc.property(randomPortTexts, randomPortTexts, randomPort, (textsA, textsB, port) => {
      const a = PortSet.parseList(textsA.map((t) => t.text));
      const b = textsB.reduce((set, t) => set.union(PortSet.parse(t.text)), PortSet.empty());
      const oracleA = oracleOf(textsA);
      const oracleB = oracleOf(textsB);

      expect(sameBitmap(bitmapOf(a), oracleA)).toBe(true);
      expect(sameBitmap(bitmapOf(b), oracleB)).toBe(true);
      expect(sameBitmap(bitmapOf(a.union(b)), combine(oracleA, oracleB, (x, y) => x || y))).toBe(true);
      expect(sameBitmap(bitmapOf(a.intersect(b)), combine(oracleA, oracleB, (x, y) => x && y))).toBe(true);
      expect(sameBitmap(bitmapOf(a.subtract(b)), combine(oracleA, oracleB, (x, y) => x && !y))).toBe(true);

      expect(a.has(port)).toBe(oracleA[port] === 1);
      expect(a.size()).toBe(count(oracleA));
      expect(a.isEmpty()).toBe(count(oracleA) === 0);
      expect(a.equals(b)).toBe(sameBitmap(oracleA, oracleB));

      const text = a.toString();
      const reparsed = text === 'none' ? PortSet.empty() : PortSet.parseList(text.split(', '));
      expect(reparsed.equals(a)).toBe(true);
      expect(text === '*').toBe(count(oracleA) === PORTS);
    }), { numRuns: 1000 });
  });
});
