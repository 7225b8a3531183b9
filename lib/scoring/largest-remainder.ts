// Largest-remainder rounding: integers that sum exactly to the rounded total of the inputs, each
// within one of its input, the extra units going to the largest fractional parts (first on ties).

/** Exact inputs are first snapped to this many decimals so 26.9999999 and 27 round alike. */
const SNAP = 1e6;

/** Rounds non-negative `values` to integers whose sum is Math.round(sum of values). */
export function roundPreservingSum(values: readonly number[]): { total: number; parts: number[] } {
  const snapped = values.map((v) => Math.round(v * SNAP) / SNAP);
  const parts = snapped.map(Math.floor);
  const total = Math.round(snapped.reduce((sum, v) => sum + v, 0));
  let remaining = total - parts.reduce((sum, v) => sum + v, 0);
  if (remaining > 0) {
    const order = snapped
      .map((v, index) => ({ index, fraction: v - Math.floor(v) }))
      .sort((a, b) => b.fraction - a.fraction || a.index - b.index);
    for (const { index } of order) {
      if (remaining === 0) break;
      parts[index] = (parts[index] ?? 0) + 1;
      remaining -= 1;
    }
  }
  return { total, parts };
}
