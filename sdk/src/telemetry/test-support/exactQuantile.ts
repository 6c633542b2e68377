/**
 * The exact nearest-rank quantile the sketch estimates (ddsketch.ts): the smallest value with at
 * least a share `q` of the values at or below it. `sorted` is in ascending order.
 */
export function exactQuantile(sorted: ArrayLike<number>, q: number): number {
  return sorted[Math.max(0, Math.ceil(q * sorted.length - 1e-9) - 1)] as number;
}
