/**
 * Set algebra on sorted, disjoint, inclusive integer intervals, shared by `AddressSet` (bigint)
 * and `PortSet` (number). Every binary operation is one linear merge over both lists, so judging
 * the union of thousands of rules stays O(n) per step; only `normalizeIntervals` sorts.
 *
 * Invariant of a "normalized" list: sorted by start, `start <= end`, and no two intervals overlap
 * or touch (`next.start > previous.end + 1`). Every function here returns a normalized list when
 * its inputs are normalized.
 */

/** One inclusive interval `[start, end]`. */
export interface Interval<T extends number | bigint> {
  readonly start: T;
  readonly end: T;
}

/** The two steps the algebra needs on its integer type: the next and the previous integer. */
export interface IntegerSteps<T extends number | bigint> {
  readonly next: (value: T) => T;
  readonly previous: (value: T) => T;
  /** `end - start + 1` as a bigint (sizes of IPv6 sets exceed Number.MAX_SAFE_INTEGER). */
  readonly width: (interval: Interval<T>) => bigint;
}

export const BIGINT_STEPS: IntegerSteps<bigint> = {
  next: (value) => value + 1n,
  previous: (value) => value - 1n,
  width: (interval) => interval.end - interval.start + 1n,
};

export const NUMBER_STEPS: IntegerSteps<number> = {
  next: (value) => value + 1,
  previous: (value) => value - 1,
  width: (interval) => BigInt(interval.end - interval.start + 1),
};

/** Sorts and merges any list of intervals (overlapping, touching, unsorted) into a normalized list. */
export function normalizeIntervals<T extends number | bigint>(
  intervals: readonly Interval<T>[], steps: IntegerSteps<T>): Interval<T>[] {
  const sorted = intervals.filter((i) => i.start <= i.end)
    .sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  return coalesceSorted(sorted, steps);
}

/** Merges overlapping or touching neighbours of a list already sorted by start. */
function coalesceSorted<T extends number | bigint>(sorted: readonly Interval<T>[], steps: IntegerSteps<T>): Interval<T>[] {
  const result: Interval<T>[] = [];
  for (const interval of sorted) {
    const last = result[result.length - 1];
    if (last !== undefined && interval.start <= steps.next(last.end)) {
      if (interval.end > last.end) {
        result[result.length - 1] = { start: last.start, end: interval.end };
      }
    } else {
      result.push(interval);
    }
  }
  return result;
}

/** Union of two normalized lists: a two-pointer merge by start, then one coalescing pass. */
export function unionIntervals<T extends number | bigint>(
  a: readonly Interval<T>[], b: readonly Interval<T>[], steps: IntegerSteps<T>): Interval<T>[] {
  if (a.length === 0) return [...b];
  if (b.length === 0) return [...a];
  const merged: Interval<T>[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && a[i].start <= b[j].start)) {
      merged.push(a[i++]);
    } else {
      merged.push(b[j++]);
    }
  }
  return coalesceSorted(merged, steps);
}

/** Whether two normalized lists share a value: `intersectIntervals` is non-empty, with no list built. */
export function intervalsOverlap<T extends number | bigint>(a: readonly Interval<T>[], b: readonly Interval<T>[]): boolean {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const start = a[i].start > b[j].start ? a[i].start : b[j].start;
    const end = a[i].end < b[j].end ? a[i].end : b[j].end;
    if (start <= end) {
      return true;
    }
    if (a[i].end < b[j].end) {
      i++;
    } else {
      j++;
    }
  }
  return false;
}

/** Intersection of two normalized lists: advance whichever interval ends first. */
export function intersectIntervals<T extends number | bigint>(
  a: readonly Interval<T>[], b: readonly Interval<T>[]): Interval<T>[] {
  const result: Interval<T>[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const start = a[i].start > b[j].start ? a[i].start : b[j].start;
    const end = a[i].end < b[j].end ? a[i].end : b[j].end;
    if (start <= end) {
      result.push({ start, end });
    }
    if (a[i].end < b[j].end) {
      i++;
    } else {
      j++;
    }
  }
  return result;
}

/**
 * `a` minus `b` for normalized lists. The pointer into `b` only moves forward: an interval of `b`
 * that reaches past the current interval of `a` is kept for the next one.
 */
export function subtractIntervals<T extends number | bigint>(
  a: readonly Interval<T>[], b: readonly Interval<T>[], steps: IntegerSteps<T>): Interval<T>[] {
  const result: Interval<T>[] = [];
  let j = 0;
  for (const interval of a) {
    let cursor = interval.start;
    while (j < b.length && b[j].end < cursor) {
      j++;
    }
    while (j < b.length && b[j].start <= interval.end) {
      if (b[j].start > cursor) {
        result.push({ start: cursor, end: steps.previous(b[j].start) });
      }
      cursor = steps.next(b[j].end);
      if (b[j].end > interval.end) {
        break;
      }
      j++;
    }
    if (cursor <= interval.end) {
      result.push({ start: cursor, end: interval.end });
    }
  }
  return result;
}

/** Number of integers in a normalized list. */
export function intervalsSize<T extends number | bigint>(intervals: readonly Interval<T>[], steps: IntegerSteps<T>): bigint {
  let total = 0n;
  for (const interval of intervals) {
    total += steps.width(interval);
  }
  return total;
}

/** Whether two normalized lists hold the same integers (normalized lists are unique, so compare element-wise). */
export function intervalsEqual<T extends number | bigint>(a: readonly Interval<T>[], b: readonly Interval<T>[]): boolean {
  return a.length === b.length && a.every((interval, k) => interval.start === b[k].start && interval.end === b[k].end);
}

/** Whether `value` lies in a normalized list (binary search). */
export function intervalsContain<T extends number | bigint>(intervals: readonly Interval<T>[], value: T): boolean {
  let low = 0;
  let high = intervals.length - 1;
  while (low <= high) {
    const middle = Math.floor((low + high) / 2);
    if (intervals[middle].end < value) {
      low = middle + 1;
    } else if (intervals[middle].start > value) {
      high = middle - 1;
    } else {
      return true;
    }
  }
  return false;
}
