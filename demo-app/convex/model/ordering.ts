/**
 * Below this gap two neighbours are renumbered instead of bisected again: after ~50 halvings a
 * double can no longer tell them apart.
 */
export const minOrderGap = 1e-6;

/**
 * The `order` for a task placed between two neighbours (either may be absent at an end of the
 * list), or `null` when the gap is too small and the board must be renumbered first.
 */
export function orderBetween(before: number | undefined, after: number | undefined): number | null {
  if (before === undefined && after === undefined) return 1;
  if (before === undefined) return (after as number) - 1;
  if (after === undefined) return before + 1;
  if (after - before < minOrderGap) return null;
  return (before + after) / 2;
}
