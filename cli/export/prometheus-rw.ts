// Live metrics by Prometheus remote write (protobuf WriteRequest, snappy-compressed, POSTed), through
// the prometheus-remote-write package: per-endpoint request counts by status, errors by class and
// a latency histogram (`_bucket{le}`, `_sum`, `_count`), every series cumulative, the whole state
// pushed every interval and once more at the end, so a receiver that missed a push catches up.
import { pushTimeseries } from 'prometheus-remote-write';
import type { RecordObserver } from '../results/recorder.js';
import { LATENCY_BUCKETS_MS, statusLabel, type ExportLabels } from './labels.js';
import type { LiveSink, SinkOptions } from './live-export.js';

type Labels = Record<string, string>;

/** A series' identity: its labels in name order (remote write wants them sorted), as one key. */
function keyOf(labels: Labels): string {
  return JSON.stringify(Object.keys(labels).sort().map((k) => [k, labels[k]]));
}

function sorted(labels: Labels): Labels & { __name__: string } {
  return Object.fromEntries(Object.keys(labels).sort().map((k) => [k, labels[k]!])) as Labels & { __name__: string };
}

/** Cumulative values by series. */
class Series {
  private readonly values = new Map<string, { labels: Labels; value: number }>();

  add(labels: Labels, by: number): void {
    const key = keyOf(labels);
    const entry = this.values.get(key);
    if (entry) entry.value += by;
    else this.values.set(key, { labels, value: by });
  }

  snapshot(now: number): Array<{ labels: Labels & { __name__: string }; samples: Array<{ value: number; timestamp: number }> }> {
    return [...this.values.values()].map((e) => ({ labels: sorted(e.labels), samples: [{ value: e.value, timestamp: now }] }));
  }
}

const LE = [...LATENCY_BUCKETS_MS.map(String), '+Inf'];

export function remoteWriteSink(url: string, labels: ExportLabels, o: SinkOptions): LiveSink {
  const series = new Series();
  const base = { scenario: labels.scenario, shard: labels.shard };
  const observer: RecordObserver = (s) => {
    const own = { ...base, endpoint: s.endpoint };
    series.add({ __name__: 'zimmer_bench_requests_total', ...own, status: statusLabel(s) }, 1);
    if (s.error !== null) series.add({ __name__: 'zimmer_bench_errors_total', ...own, error_class: s.error }, 1);
    if (s.latencyMs === null) return;
    const name = 'zimmer_bench_request_duration_milliseconds';
    // Every bucket at or above the value counts it (Prometheus buckets are cumulative in `le`); the
    // others are added 0 so each series exists from the first sample on.
    const ms = s.latencyMs;
    LE.forEach((le, i) => series.add({ __name__: `${name}_bucket`, ...own, le }, i === LE.length - 1 || ms <= LATENCY_BUCKETS_MS[i]! ? 1 : 0));
    series.add({ __name__: `${name}_sum`, ...own }, s.latencyMs);
    series.add({ __name__: `${name}_count`, ...own }, 1);
  };

  /** fetch with a deadline: the package passes a `timeout` that Node's own fetch ignores. */
  const fetchWithDeadline = (target: string, init?: { method: string; headers: Record<string, string>; body: ArrayBufferLike }) =>
    fetch(target, { ...init, body: init?.body as unknown as Uint8Array, signal: AbortSignal.timeout(o.timeoutMs) });

  let inFlight: Promise<void> | null = null;
  const push = (): Promise<void> => {
    inFlight = (async () => {
      try {
        const result = await pushTimeseries(series.snapshot(Date.now()), { url, fetch: fetchWithDeadline, console: SILENT });
        if (result.status < 200 || result.status > 299) o.onFailure(`HTTP ${result.status}${result.errorMessage ? `: ${result.errorMessage.trim().slice(0, 200)}` : ''}`);
      } catch (err) {
        o.onFailure(err instanceof Error ? (err.cause instanceof Error ? `${err.message}: ${err.cause.message}` : err.message) : String(err));
      }
    })();
    return inFlight;
  };
  // A push still under way is not doubled: the next tick sends the newer totals anyway.
  const timer = setInterval(() => { if (inFlight === null) void push().finally(() => { inFlight = null; }); }, o.intervalMs);
  timer.unref();
  return {
    observer,
    stop: async () => {
      clearInterval(timer);
      if (inFlight) await inFlight;
      await push();
    },
  };
}

/** The package logs only when asked to be verbose; this keeps it so. */
const SILENT = { info: () => {}, warn: () => {} } as unknown as Console;
