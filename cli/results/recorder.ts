// Collects every outcome of the measured window into per-endpoint HDR histograms and counters,
// plus one small histogram per second for the timeline (saved, so that timelines of shards add up). Outcomes of requests started outside the
// window (warm-up, or after the end while draining) are ignored.
import type { Histogram } from 'hdr-histogram-js';
import { ERROR_CLASSES, type EndpointResult, type ErrorClass, type TimelinePoint } from './types.js';
import {
  HISTOGRAM_SETTINGS, atLeastPercentiles, encodeHistogram, msToUs, newLatencyHistogram, summarizeLatency, timelinePoint,
  overallTimeoutMs,
} from './summarize.js';

const INTERVAL_MS = HISTOGRAM_SETTINGS.timelineIntervalMs;

export interface EndpointInfo {
  name: string;
  method: string;
  path: string;
  timeoutMs: number;
}

/** One outcome counted in the measured window, as it is counted: what a live export streams. */
export interface RecordedSample {
  endpoint: string;
  status: number | null;
  error: ErrorClass | null;
  /** The latency sample the histogram got (ms), or null when it got none (connection errors). */
  latencyMs: number | null;
}

/** Told of each counted outcome; it must not throw (a live export keeps its own failures). */
export type RecordObserver = (sample: RecordedSample) => void;

class Tally {
  readonly hist: Histogram = newLatencyHistogram();
  attempted = 0;
  succeeded = 0;
  responses = 0;
  readonly statuses: Record<string, number> = {};
  readonly errorClasses = Object.fromEntries(ERROR_CLASSES.map((c) => [c, 0])) as Record<ErrorClass, number>;

  /** One outcome; `us` is 0 when there is no latency sample (connection errors). */
  add(status: number | null, error: ErrorClass | null, us: number): void {
    this.attempted++;
    if (error === null) this.succeeded++;
    else this.errorClasses[error]++;
    if (status !== null) {
      this.responses++;
      this.statuses[status] = (this.statuses[status] ?? 0) + 1;
    }
    if (us > 0) this.hist.recordValue(us);
  }
}

interface Second { hist: Histogram; completed: number; errors: number }

export class Recorder {
  private readonly tallies: Tally[];
  private readonly all = new Tally();
  private readonly seconds: Second[] = [];
  private windowStart = Number.POSITIVE_INFINITY;
  private windowEnd = Number.POSITIVE_INFINITY;

  constructor(private readonly endpoints: EndpointInfo[], private readonly observer?: RecordObserver) {
    this.tallies = endpoints.map(() => new Tally());
  }

  /** Times in the same clock as `record` (performance.now() milliseconds). */
  setWindow(start: number, end: number): void {
    this.windowStart = start;
    this.windowEnd = end;
  }

  inWindow(startedAt: number): boolean {
    return startedAt >= this.windowStart && startedAt < this.windowEnd;
  }

  /**
   * One outcome. `latencyMs` is null for connection errors (refused, reset): they have no meaningful
   * latency and must not pull percentiles down. Timeouts are passed as exactly their timeout.
   * Returns false when the request started outside the window and was ignored.
   */
  record(index: number, startedAt: number, endedAt: number, latencyMs: number | null,
    status: number | null, error: ErrorClass | null): boolean {
    if (!this.inWindow(startedAt)) return false;
    const t = this.tallies[index];
    if (!t) throw new RangeError(`no endpoint #${index}`);
    const sec = this.second(endedAt);
    const us = latencyMs === null ? 0 : msToUs(latencyMs);
    t.add(status, error, us);
    // The overall histogram is the sum of the endpoints' (built in results()): one record less here.
    this.all.add(status, error, 0);
    if (status !== null) sec.completed++;
    if (error !== null) sec.errors++;
    if (us > 0) sec.hist.recordValue(us);
    // Exactly what was counted above, so what a live export receives adds up to the result.
    this.observer?.({ endpoint: this.endpoints[index]!.name, status, error, latencyMs: us > 0 ? us / 1000 : null });
    return true;
  }

  /** Totals so far, for progress lines. */
  get totals(): { attempted: number; responses: number; errors: number } {
    return { attempted: this.all.attempted, responses: this.all.responses, errors: this.all.attempted - this.all.succeeded };
  }

  private second(endedAt: number): Second {
    // Answers that arrive while draining belong to the last second of the window.
    const end = Number.isFinite(this.windowEnd) ? this.windowEnd : endedAt;
    const last = Math.max(0, Math.ceil((end - this.windowStart) / INTERVAL_MS) - 1);
    const i = Math.min(last, Math.max(0, Math.floor((endedAt - this.windowStart) / INTERVAL_MS)));
    while (this.seconds.length <= i) this.seconds.push({ hist: newLatencyHistogram(true), completed: 0, errors: 0 });
    return this.seconds[i] as Second;
  }

  /** The plain-data results for a window of `measuredMs`. */
  results(measuredMs: number): { overall: EndpointResult; endpoints: EndpointResult[]; timeline: TimelinePoint[] } {
    const endpoints = this.tallies.map((t, i) => toResult(t, this.endpoints[i] as EndpointInfo, measuredMs));
    const overallTimeout = overallTimeoutMs(this.endpoints.map((e, i) => ({
      timeoutMs: e.timeoutMs, timeouts: this.tallies[i]?.errorClasses.timeout ?? 0,
    })));
    this.all.hist.reset();
    for (const t of this.tallies) this.all.hist.add(t.hist);
    const overall = toResult(this.all, { name: 'overall', method: '*', path: '*', timeoutMs: overallTimeout }, measuredMs);
    const seconds = Math.max(0, Math.ceil(Math.round(measuredMs) / INTERVAL_MS));
    const timeline: TimelinePoint[] = [];
    for (let s = 0; s < Math.max(seconds, this.seconds.length); s++) {
      const x = this.seconds[s];
      timeline.push(timelinePoint(s, x?.completed ?? 0, x?.errors ?? 0, x?.hist ?? newLatencyHistogram(true)));
    }
    return { overall, endpoints, timeline };
  }
}

function toResult(t: Tally, info: EndpointInfo, measuredMs: number): EndpointResult {
  const errors = t.attempted - t.succeeded;
  return {
    name: info.name,
    method: info.method,
    path: info.path,
    attempted: t.attempted,
    succeeded: t.succeeded,
    errors,
    errorRate: t.attempted ? errors / t.attempted : 0,
    rps: measuredMs > 0 ? Math.round((t.responses / measuredMs) * 1000 * 100) / 100 : 0,
    statuses: { ...t.statuses },
    errorClasses: { ...t.errorClasses },
    latency: summarizeLatency(t.hist),
    atLeast: atLeastPercentiles(t.hist, info.timeoutMs, t.errorClasses.timeout),
    timeoutMs: info.timeoutMs,
    histogram: encodeHistogram(t.hist),
  };
}
