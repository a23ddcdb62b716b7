// The metric vocabulary every layer shares: which latency percentiles a run records (and the
// percentile each one reads), which target metrics are latencies. Written once here so the
// recorder, the target grammar, the result schema, the judges and the renderers cannot disagree.

/** Percentile keys with the percentile each one reads; 'max' is the recorded maximum. */
export const PERCENTILES = [
  ['p50', 50], ['p75', 75], ['p90', 90], ['p95', 95], ['p99', 99], ['p99.9', 99.9], ['max', 100],
] as const satisfies ReadonlyArray<readonly [string, number]>;

export type PercentileKey = (typeof PERCENTILES)[number][0];

export const PERCENTILE_KEYS: readonly PercentileKey[] = PERCENTILES.map(([key]) => key);

/** Target metrics measured in milliseconds: every percentile, and the mean. */
export const LATENCY_METRICS = [...PERCENTILE_KEYS, 'mean'] as const;
export type LatencyMetric = PercentileKey | 'mean';

export function isPercentileKey(metric: string): metric is PercentileKey {
  return (PERCENTILE_KEYS as readonly string[]).includes(metric);
}

export function isLatencyMetric(metric: string): metric is LatencyMetric {
  return metric === 'mean' || isPercentileKey(metric);
}
