// Adds the measurements of several shards: HDR histograms are summed bucket by bucket, so the merged
// percentiles are those one recorder fed every sample would give (to the histograms' precision).
// Counters add; rates are recomputed over the window the shards covered together.
import type { Histogram } from 'hdr-histogram-js';
import { ERROR_CLASSES, type EndpointResult, type ErrorClass, type TimelinePoint } from './types.js';
import {
  atLeastPercentiles, decodeHistogram, encodeHistogram, newLatencyHistogram, overallTimeoutMs, summarizeLatency,
  timelinePoint,
} from './summarize.js';

function addInto(target: Histogram, encoded: string): void {
  if (encoded === '') return;
  const h = decodeHistogram(encoded);
  target.add(h);
}

export function sumRecords(parts: ReadonlyArray<Record<string, number>>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const part of parts) for (const [k, v] of Object.entries(part)) out[k] = (out[k] ?? 0) + v;
  return out;
}

/** One endpoint (or the overall line) of the merged run, from the same endpoint of each shard. */
export function mergeEndpoint(parts: readonly EndpointResult[], windowMs: number, timeoutMs?: number): EndpointResult {
  const first = parts[0];
  if (!first) throw new RangeError('mergeEndpoint needs at least one part');
  const hist = newLatencyHistogram();
  for (const p of parts) addInto(hist, p.histogram);
  const attempted = parts.reduce((n, p) => n + p.attempted, 0);
  const succeeded = parts.reduce((n, p) => n + p.succeeded, 0);
  const statuses = sumRecords(parts.map((p) => p.statuses));
  const errorClasses = Object.fromEntries(
    ERROR_CLASSES.map((c) => [c, parts.reduce((n, p) => n + (p.errorClasses[c] ?? 0), 0)]),
  ) as Record<ErrorClass, number>;
  // A response is an answer with a status, whatever it was: the recorder counts rps from these too.
  const responses = Object.values(statuses).reduce((a, b) => a + b, 0);
  const timeout = timeoutMs ?? Math.min(...parts.map((p) => p.timeoutMs));
  const errors = attempted - succeeded;
  return {
    name: first.name,
    method: first.method,
    path: first.path,
    attempted,
    succeeded,
    errors,
    errorRate: attempted ? errors / attempted : 0,
    rps: windowMs > 0 ? Math.round((responses / windowMs) * 1000 * 100) / 100 : 0,
    statuses,
    errorClasses,
    // The parts' own maxima are exact; the added buckets only bound them.
    latency: summarizeLatency(hist, Math.round(Math.max(...parts.map((p) => p.latency.max)) * 1000)),
    atLeast: atLeastPercentiles(hist, timeout, errorClasses.timeout),
    timeoutMs: timeout,
    histogram: encodeHistogram(hist),
  };
}

/** Endpoints by name, in the order they first appear, each summed over the shards that ran it. */
export function mergeEndpoints(shards: ReadonlyArray<readonly EndpointResult[]>, windowMs: number): EndpointResult[] {
  const byName = new Map<string, EndpointResult[]>();
  for (const list of shards) {
    for (const e of list) {
      const parts = byName.get(e.name);
      if (parts) parts.push(e);
      else byName.set(e.name, [e]);
    }
  }
  return [...byName.values()].map((parts) => mergeEndpoint(parts, windowMs));
}

/** The overall line: summed like an endpoint, read against the timeout the recorder would pick. */
export function mergeOverall(
  overalls: readonly EndpointResult[], endpoints: readonly EndpointResult[], windowMs: number,
): EndpointResult {
  const timeout = endpoints.length
    ? overallTimeoutMs(endpoints.map((e) => ({ timeoutMs: e.timeoutMs, timeouts: e.errorClasses.timeout })))
    : undefined;
  return mergeEndpoint(overalls, windowMs, timeout);
}

/**
 * Timelines summed interval by interval. `offsets[i]` shifts shard i's intervals to the union's
 * clock (whole intervals by which its window began after the earliest shard's).
 */
export function mergeTimelines(timelines: ReadonlyArray<readonly TimelinePoint[]>, offsets: readonly number[]): TimelinePoint[] {
  const slots: Array<{ completed: number; errors: number; hist: Histogram }> = [];
  timelines.forEach((timeline, i) => {
    const offset = offsets[i] ?? 0;
    for (const point of timeline) {
      const at = point.second + offset;
      while (slots.length <= at) slots.push({ completed: 0, errors: 0, hist: newLatencyHistogram(true) });
      const slot = slots[at] as (typeof slots)[number];
      slot.completed += point.completed;
      slot.errors += point.errors;
      addInto(slot.hist, point.histogram ?? '');
    }
  });
  return slots.map((s, second) => timelinePoint(second, s.completed, s.errors, s.hist));
}
