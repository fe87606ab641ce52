/**
 * The largest |a[i] - b[i]|: how far two implementations' outputs lie apart (the tests that compare two
 * independent implementations, the export parity checks). Infinity when the lengths differ or a value is NaN,
 * so a mismatch can never read as agreement.
 */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Number.POSITIVE_INFINITY;
  let max = 0;
  for (let i = 0; i < a.length; i += 1) max = Math.max(max, Math.abs((a[i] as number) - (b[i] as number)));
  return Number.isNaN(max) ? Number.POSITIVE_INFINITY : max;
}
