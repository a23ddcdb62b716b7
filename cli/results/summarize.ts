// HDR histograms (recorded in microseconds) turned into the millisecond summaries a RunResult holds.
// One place builds every histogram so that all of them share the same resolution and can be added.
import {
  build,
  encodeIntoCompressedBase64,
  decodeFromCompressedBase64,
  type Histogram,
  type JsHistogram,
} from 'hdr-histogram-js';
import { PERCENTILES, type PercentileKey } from '../core/metrics.js';
import type { LatencySummary, TimelinePoint } from './types.js';
import type { HistogramSettings } from './shard-types.js';

/** How every histogram of a run is recorded (saved in shard results: the merge checks they agree). */
export const HISTOGRAM_SETTINGS: HistogramSettings = {
  unit: 'us', digits: 3, timelineDigits: 2, timelineIntervalMs: 1000,
};

/**
 * A latency histogram in microseconds: 3 significant digits (0.1 % error), growing as needed.
 * Plain JS (no WebAssembly) so that histograms are garbage collected like any object.
 * `coarse` (2 digits, 1 % error, ~8x smaller) serves the one-per-second timeline histograms.
 */
export function newLatencyHistogram(coarse = false): Histogram {
  return build({
    bitBucketSize: 32,
    autoResize: true,
    lowestDiscernibleValue: 1,
    numberOfSignificantValueDigits: (coarse ? HISTOGRAM_SETTINGS.timelineDigits : HISTOGRAM_SETTINGS.digits) as 1 | 2 | 3 | 4 | 5,
    useWebAssembly: false,
  });
}

/** Microseconds (integer) from milliseconds, never below 1 µs so that the value is always counted. */
export function msToUs(ms: number): number {
  return Math.max(1, Math.round(ms * 1000));
}

const toMs = (us: number): number => Math.round(us) / 1000;

/**
 * Value at a percentile, in µs. HDR answers with the top of the value's bucket, which can exceed
 * the largest value recorded (300.031 ms for timeouts of exactly 300 ms): clamp to the real maximum.
 */
export function valueAt(h: Histogram, percentile: number, maxUs = h.maxValue): number {
  return Math.min(h.getValueAtPercentile(percentile), maxUs);
}

/** A PERCENTILES entry's value in µs: the maximum for 100, else valueAt. The table, the targets and the chart all read this. */
export function percentileUs(h: Histogram, percentile: number, maxUs = h.maxValue): number {
  return percentile >= 100 ? Math.min(h.maxValue, maxUs) : valueAt(h, percentile, maxUs);
}

/**
 * `maxUs` is the largest value really recorded, when known better than the histogram knows it: a
 * histogram read back from a file (or added from several) keeps only its buckets' bounds.
 */
export function summarizeLatency(h: Histogram, maxUs = h.maxValue): LatencySummary {
  const empty = h.totalCount === 0;
  const percentiles = Object.fromEntries(
    PERCENTILES.map(([key, p]) => [key, empty ? 0 : toMs(percentileUs(h, p, maxUs))]),
  ) as Record<PercentileKey, number>;
  if (empty) return { count: 0, min: 0, mean: 0, ...percentiles };
  return { count: h.totalCount, min: toMs(h.minNonZeroValue), mean: Math.round(h.mean) / 1000, ...percentiles };
}

/**
 * Percentiles that landed on timed-out requests. A timed-out request is recorded as exactly its
 * timeout, and no answered request can take longer than its timeout, so any percentile whose value
 * falls in the timeout's histogram bucket (or above: several timeouts may be mixed) is a lower bound.
 * `timeoutMs` is the smallest timeout among the requests recorded in this histogram.
 */
export function atLeastPercentiles(h: Histogram, timeoutMs: number, timeouts: number): PercentileKey[] {
  if (h.totalCount === 0 || timeouts === 0) return [];
  const threshold = lowestEquivalent(h, msToUs(timeoutMs));
  return PERCENTILES
    .filter(([, p]) => percentileUs(h, p) >= threshold)
    .map(([key]) => key);
}

/**
 * The timeout the overall line is read against: the smallest among endpoints that timed out (or
 * among all when none did), so that `atLeast` on the overall marks percentiles that hit a timeout.
 */
export function overallTimeoutMs(endpoints: ReadonlyArray<{ timeoutMs: number; timeouts: number }>): number {
  const timedOut = endpoints.filter((e) => e.timeouts > 0);
  return Math.min(...(timedOut.length ? timedOut : endpoints).map((e) => e.timeoutMs));
}

function lowestEquivalent(h: Histogram, us: number): number {
  const js = h as Partial<JsHistogram>;
  return typeof js.lowestEquivalentValue === 'function' ? js.lowestEquivalentValue.call(h, us) : us;
}

/** One interval of the timeline from its counters and its (coarse) histogram. */
export function timelinePoint(second: number, completed: number, errors: number, h: Histogram): TimelinePoint {
  const p = (q: number) => (h.totalCount ? Math.round(valueAt(h, q)) / 1000 : 0);
  return { second, completed, errors, p50: p(50), p95: p(95), p99: p(99), histogram: encodeHistogram(h) };
}

export function encodeHistogram(h: Histogram): string {
  return encodeIntoCompressedBase64(h);
}

/** Reads back a histogram saved in a result (microseconds). */
export function decodeHistogram(encoded: string): Histogram {
  return decodeFromCompressedBase64(encoded, 32, false);
}
