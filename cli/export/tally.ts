// The live totals both exporters read: per endpoint, requests by status, errors by class and
// latency buckets. Counting here costs a few map increments per outcome; the series and their
// labels are built only when an export is due, so a fast load does not pay per request for them.
import type { RecordObserver, RecordedSample } from '../results/recorder.js';
import { LATENCY_BUCKETS_MS, statusLabel } from './labels.js';

export interface EndpointTally {
  /** Requests by status label ("200", "none"). */
  statuses: Map<string, number>;
  /** Errors by error class. */
  errors: Map<string, number>;
  /** Latency samples per bucket, not cumulative: index i counts values in (bound[i-1], bound[i]]; the last is above every bound. */
  buckets: number[];
  sum: number;
  count: number;
}

/** The bucket a latency falls in: the first bound at or above it, or the overflow bucket. */
export function bucketIndex(ms: number): number {
  let lo = 0;
  let hi = LATENCY_BUCKETS_MS.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ms <= LATENCY_BUCKETS_MS[mid]!) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

const bump = (map: Map<string, number>, key: string, by = 1): void => { map.set(key, (map.get(key) ?? 0) + by); };

export class LiveTally {
  readonly endpoints = new Map<string, EndpointTally>();

  readonly observer: RecordObserver = (s: RecordedSample) => {
    let t = this.endpoints.get(s.endpoint);
    if (!t) {
      t = { statuses: new Map(), errors: new Map(), buckets: new Array<number>(LATENCY_BUCKETS_MS.length + 1).fill(0), sum: 0, count: 0 };
      this.endpoints.set(s.endpoint, t);
    }
    bump(t.statuses, statusLabel(s));
    if (s.error !== null) bump(t.errors, s.error);
    if (s.latencyMs !== null) {
      t.buckets[bucketIndex(s.latencyMs)]!++;
      t.sum += s.latencyMs;
      t.count++;
    }
  };
}
