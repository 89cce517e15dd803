/**
 * `items` in consecutive slices of at most `size`: a statement whose bound parameters grow with
 * a list (a multi-row INSERT, an `IN (…)`) stays within both databases' parameter limits.
 */
export function batches<T>(items: readonly T[], size: number): T[][] {
  const slices: T[][] = [];
  for (let start = 0; start < items.length; start += size) {
    slices.push(items.slice(start, start + size));
  }
  return slices;
}
