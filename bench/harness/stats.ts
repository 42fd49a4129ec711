/** Small statistics for a handful of samples. */

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function min(values: readonly number[]): number {
  return values.length ? Math.min(...values) : NaN;
}

export function max(values: readonly number[]): number {
  return values.length ? Math.max(...values) : NaN;
}

/**
 * The run order for `rounds` rounds of `variants`: each round is the variant list rotated by the
 * round number, and every other round reversed, so no variant always runs first, last or after the
 * same neighbour (machine noise and warm file caches spread over all variants).
 */
export function alternatingOrder<T>(variants: readonly T[], rounds: number): T[][] {
  const order: T[][] = [];
  for (let r = 0; r < rounds; r++) {
    const rotated = [...variants.slice(r % variants.length), ...variants.slice(0, r % variants.length)];
    order.push(r % 2 === 1 ? rotated.reverse() : rotated);
  }
  return order;
}
