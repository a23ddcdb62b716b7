// HDR histograms (recorded in microseconds) turned into the millisecond summaries a RunResult holds.
// One place builds every histogram so that all of them share the same resolution and can be added.
import {
  build,
  encodeIntoCompressedBase64,
  decodeFromCompressedBase64,
  type Histogram,
  type JsHistogram,
} from 'hdr-histogram-js';
import type { LatencySummary, PercentileKey, TimelinePoint } from './types.js';
import type { HistogramSettings } from './shard-types.js';

/** How every histogram of a run is recorded (saved in shard results: the merge checks they agree). */
export const HISTOGRAM_SETTINGS: HistogramSettings = {
  unit: 'us', digits: 3, timelineDigits: 2, timelineIntervalMs: 1000,
};

/** Percentile keys with the percentile each one reads ('max' is read from the maximum). */
export const PERCENTILES: ReadonlyArray<[PercentileKey, number]> = [
  ['p50', 50], ['p75', 75], ['p90', 90], ['p95', 95], ['p99', 99], ['p99.9', 99.9], ['max', 100],
];

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

/**
 * `maxUs` is the largest value really recorded, when known better than the histogram knows it: a
 * histogram read back from a file (or added from several) keeps only its buckets' bounds.
 */
export function summarizeLatency(h: Histogram, maxUs = h.maxValue): LatencySummary {
  if (h.totalCount === 0) {
    return { count: 0, min: 0, mean: 0, p50: 0, p75: 0, p90: 0, p95: 0, p99: 0, 'p99.9': 0, max: 0 };
  }
  return {
    count: h.totalCount,
    min: toMs(h.minNonZeroValue),
    mean: Math.round(h.mean) / 1000,
    p50: toMs(valueAt(h, 50, maxUs)),
    p75: toMs(valueAt(h, 75, maxUs)),
    p90: toMs(valueAt(h, 90, maxUs)),
    p95: toMs(valueAt(h, 95, maxUs)),
    p99: toMs(valueAt(h, 99, maxUs)),
    'p99.9': toMs(valueAt(h, 99.9, maxUs)),
    max: toMs(Math.min(h.maxValue, maxUs)),
  };
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
    .filter(([, p]) => (p === 100 ? h.maxValue : valueAt(h, p)) >= threshold)
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
