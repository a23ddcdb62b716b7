// What /metrics says about one experiment: scraped just before it, during it and just after it.
// Counters are read as differences; prom-client resets its event-loop-lag histogram and the ELU gauge
// at every scrape, so the "after" scrape covers the window since "during" (and "during" since "before").
import type { Sample } from './prometheus.js';
import { countAbove, total } from './prometheus.js';
import type { ServerWindow } from './types.js';

export interface Scrape {
  /** ms since some fixed origin (performance.now()). */
  at: number;
  samples: Sample[];
}

const delta = (a: number | null, b: number | null): number | null => (a === null || b === null ? null : Math.max(0, b - a));
const max = (...values: Array<number | null>): number | null => {
  const known = values.filter((v): v is number => v !== null);
  return known.length === 0 ? null : Math.max(...known);
};
const toMs = (seconds: number | null): number | null => (seconds === null ? null : seconds * 1000);

/** Heap limit, when the server exposes one (prom-client's default metrics do not). */
function heapLimit(samples: Sample[]): number | null {
  return total(samples, 'nodejs_heap_size_limit_bytes') ?? total(samples, 'v8_heap_size_limit_bytes');
}

/**
 * A database pool's gauges under the names servers commonly expose them: the reference server's
 * db_pool_*, HikariCP's (Micrometer) and pgbouncer's exporter. The first name present is read.
 */
const POOL_GAUGES = {
  waiting: ['db_pool_waiting', 'hikaricp_connections_pending', 'pgbouncer_pools_client_waiting_connections'],
  inUse: ['db_pool_in_use', 'hikaricp_connections_active', 'pgbouncer_pools_server_active_connections'],
  size: ['db_pool_size', 'hikaricp_connections_max'],
} as const;

function gauge(samples: Sample[], names: readonly string[]): number | null {
  for (const name of names) {
    const v = total(samples, name);
    if (v !== null) return v;
  }
  return null;
}

/** Null when no scrape produced any sample (the server exposes no /metrics). */
export function serverWindow(before: Scrape, during: Scrape[], after: Scrape): ServerWindow | null {
  if (before.samples.length === 0 || after.samples.length === 0) return null;
  const windows = [...during, after];
  const windowMs = after.at - before.at;
  const lag = (name: string) => max(...windows.map((w) => toMs(total(w.samples, name))));
  // ELU per interval, weighted by the interval's length.
  let eluWeighted = 0;
  let eluTime = 0;
  let previous = before.at;
  for (const w of windows) {
    const elu = total(w.samples, 'nodejs_eventloop_utilization_ratio');
    if (elu !== null) {
      eluWeighted += elu * (w.at - previous);
      eluTime += w.at - previous;
    }
    previous = w.at;
  }
  const cpuSeconds = delta(total(before.samples, 'process_cpu_seconds_total'), total(after.samples, 'process_cpu_seconds_total'));
  const gcLongBefore = countAbove(before.samples, 'nodejs_gc_duration_seconds', 0.1);
  const gcLongAfter = countAbove(after.samples, 'nodejs_gc_duration_seconds', 0.1);
  const all = [before, ...windows];
  return {
    windowMs,
    eventLoopLagP99Ms: lag('nodejs_eventloop_lag_p99_seconds'),
    eventLoopLagMaxMs: lag('nodejs_eventloop_lag_max_seconds'),
    elu: eluTime > 0 ? eluWeighted / eluTime : null,
    cpu: cpuSeconds === null || windowMs <= 0 ? null : cpuSeconds / (windowMs / 1000),
    gcCount: delta(total(before.samples, 'nodejs_gc_duration_seconds_count'), total(after.samples, 'nodejs_gc_duration_seconds_count')),
    gcMajorCount: delta(total(before.samples, 'nodejs_gc_duration_seconds_count', { kind: 'major' }) ?? 0, total(after.samples, 'nodejs_gc_duration_seconds_count', { kind: 'major' }) ?? 0),
    gcTotalMs: toMs(delta(total(before.samples, 'nodejs_gc_duration_seconds_sum'), total(after.samples, 'nodejs_gc_duration_seconds_sum'))),
    gcLongCount: delta(gcLongBefore, gcLongAfter),
    heapUsedBytes: max(...all.map((w) => total(w.samples, 'nodejs_heap_size_used_bytes'))),
    heapLimitBytes: max(...all.map((w) => heapLimit(w.samples))),
    inFlightMax: max(...windows.map((w) => total(w.samples, 'http_requests_in_flight'))),
    admissionQueueMax: max(...windows.map((w) => total(w.samples, 'admission_queue_depth'))),
    admissionActiveMax: max(...windows.map((w) => total(w.samples, 'admission_active'))),
    admissionShed: delta(total(before.samples, 'admission_shed_total') ?? 0, total(after.samples, 'admission_shed_total') ?? 0),
    poolWaitingMax: max(...windows.map((w) => gauge(w.samples, POOL_GAUGES.waiting))),
    poolInUseMax: max(...windows.map((w) => gauge(w.samples, POOL_GAUGES.inUse))),
    poolSize: max(...all.map((w) => gauge(w.samples, POOL_GAUGES.size))),
  };
}
