// What a shard records beside its normal results so that shards merge exactly, and what a merged
// document says about the shards it was made of. Plain data, saved in the result@1 document.
import type { LoadSpec } from '../plan/types.js';

/** How every latency histogram of a run was recorded; shards recorded differently cannot be added. */
export interface HistogramSettings {
  /** Unit of the recorded values. */
  unit: 'us';
  /** Significant digits of the per-endpoint histograms. */
  digits: number;
  /** Significant digits of the timeline's per-interval histograms. */
  timelineDigits: number;
  /** Length of one timeline interval, ms. */
  timelineIntervalMs: number;
}

/** A shard's own clock: when it was asked to start and when it did (ISO times with milliseconds). */
export interface ShardClock {
  /** `--start-at` as resolved, or null when the shard started as soon as it was ready. */
  startAt: string | null;
  /** When the load (warm-up included) actually began, by this machine's clock. */
  loadStartedAt: string;
  /** When the measured window began, by this machine's clock. */
  windowStartedAt: string;
  /** loadStartedAt - startAt (ms; 0 without --start-at): how late this shard began. */
  lateMs: number;
}

export interface ShardStanza {
  /** 0 .. count-1, as Kubernetes' JOB_COMPLETION_INDEX counts. */
  index: number;
  count: number;
  /** sha256 of the resolved scenario and its whole load: shards of one run share it. */
  digest: string;
  /** The load of the whole run (`scenario.load` holds this shard's slice of it). */
  load: LoadSpec;
  histograms: HistogramSettings;
  clock: ShardClock;
}

/** One shard as the merged document remembers it. */
export interface MergedShard {
  index: number;
  file: string;
  hostname: string;
  windowStartedAt: string;
  lateMs: number;
  measuredMs: number;
  attempted: number;
  valid: boolean;
  reasons: string[];
}

export interface MergedStanza {
  count: number;
  digest: string;
  /** Latest minus earliest measured-window start among the shards, by their own clocks (ms). */
  startSkewMs: number;
  shards: MergedShard[];
}
