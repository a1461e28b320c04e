/** The q-quantile (0…1) of values, nearest-rank; NaN for no values. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

/** `p50 … p95 … max` of a sample, in ms, for a report line. */
export function summary(values: readonly number[]): string {
  const fmt = (v: number) => (Number.isNaN(v) ? '—' : `${Math.round(v)}`);
  return `p50 ${fmt(quantile(values, 0.5))}  p95 ${fmt(quantile(values, 0.95))}  max ${fmt(quantile(values, 1))}  (n=${values.length})`;
}
