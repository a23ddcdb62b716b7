// What every exported series is tagged with, and the one vocabulary both exporters share, so an
// OpenTelemetry dashboard and a Prometheus one name the same things the same way.
import type { RecordedSample } from '../results/recorder.js';

export interface ExportLabels {
  scenario: string;
  /** "I/N" as --shard writes it (I from 0); "0/1" for a run that is not sharded. */
  shard: string;
}

/** Upper bounds (ms) of the latency histogram's buckets: 1 ms to a minute, about three per decade. */
export const LATENCY_BUCKETS_MS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 30_000, 60_000];

/** The status label: the HTTP status, or "none" when no answer came (timeout, refused, reset). */
export function statusLabel(sample: RecordedSample): string {
  return sample.status === null ? 'none' : String(sample.status);
}

/** Whether a failing receiver has been reported; a run warns once, however many exports fail. */
export function warnOnce(warn: (message: string) => void): (message: string) => void {
  let warned = false;
  return (message) => {
    if (warned) return;
    warned = true;
    warn(message);
  };
}
