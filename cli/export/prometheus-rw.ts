// Live metrics by Prometheus remote write (protobuf WriteRequest, snappy-compressed, POSTed), through
// the prometheus-remote-write package: per-endpoint request counts by status, errors by class and
// a latency histogram (`_bucket{le}`, `_sum`, `_count`), every series cumulative, the whole state
// pushed every interval and once more at the end, so a receiver that missed a push catches up.
import { pushTimeseries } from 'prometheus-remote-write';
import { LATENCY_BUCKETS_MS, type ExportLabels } from './labels.js';
import { LiveTally } from './tally.js';
import type { LiveSink, SinkOptions } from './live-export.js';

type Labels = Record<string, string>;
type TimeSeries = { labels: Labels & { __name__: string }; samples: Array<{ value: number; timestamp: number }> };

const LE = [...LATENCY_BUCKETS_MS.map(String), '+Inf'];
const DURATION = 'zimmer_bench_request_duration_milliseconds';

/** Labels in name order, as remote write wants them. */
function sorted(labels: Labels & { __name__: string }): Labels & { __name__: string } {
  return Object.fromEntries(Object.keys(labels).sort().map((k) => [k, labels[k]!])) as Labels & { __name__: string };
}

/** Every series of the totals so far, cumulative, stamped `now`. */
export function remoteWriteSeries(tally: LiveTally, labels: ExportLabels, now: number): TimeSeries[] {
  const out: TimeSeries[] = [];
  const add = (l: Labels & { __name__: string }, value: number) => out.push({ labels: sorted(l), samples: [{ value, timestamp: now }] });
  for (const [endpoint, t] of tally.endpoints) {
    const own = { scenario: labels.scenario, shard: labels.shard, endpoint };
    for (const [status, n] of t.statuses) add({ __name__: 'zimmer_bench_requests_total', ...own, status }, n);
    for (const [cls, n] of t.errors) add({ __name__: 'zimmer_bench_errors_total', ...own, error_class: cls }, n);
    // Prometheus buckets are cumulative in `le`: each counts every value at or below its bound.
    let below = 0;
    LE.forEach((le, i) => { below += t.buckets[i]!; add({ __name__: `${DURATION}_bucket`, ...own, le }, below); });
    add({ __name__: `${DURATION}_sum`, ...own }, t.sum);
    add({ __name__: `${DURATION}_count`, ...own }, t.count);
  }
  return out;
}

export function remoteWriteSink(url: string, labels: ExportLabels, o: SinkOptions): LiveSink {
  const tally = new LiveTally();

  /** fetch with a deadline: the package passes a `timeout` that Node's own fetch ignores. */
  const fetchWithDeadline = (target: string, init?: { method: string; headers: Record<string, string>; body: ArrayBufferLike }) =>
    fetch(target, { ...init, body: init?.body as unknown as Uint8Array, signal: AbortSignal.timeout(o.timeoutMs) });

  let inFlight: Promise<void> | null = null;
  const push = (): Promise<void> => {
    inFlight = (async () => {
      try {
        const result = await pushTimeseries(remoteWriteSeries(tally, labels, Date.now()), { url, fetch: fetchWithDeadline, console: SILENT });
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
    observer: tally.observer,
    stop: async () => {
      clearInterval(timer);
      if (inFlight) await inFlight;
      await push();
    },
  };
}

/** The package logs only when asked to be verbose; this keeps it so. */
const SILENT = { info: () => {}, warn: () => {} } as unknown as Console;
