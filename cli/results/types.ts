// Raw results of one run, as plain data: what the runner measured, before any judgement.
// Saved as JSON (schema below), read back by `report`, `compare` and `readiness`.
import type { PercentileKey } from '../core/metrics.js';
import type { LoadSpec } from '../plan/types.js';

export const RESULT_SCHEMA = 'zimmer-bench/result@1' as const;

/** Why a request did not count as a success. */
export type ErrorClass =
  | 'timeout'      // the client gave up after the request's timeout
  | 'refused'      // ECONNREFUSED
  | 'reset'        // ECONNRESET / EPIPE / socket closed mid-response
  | 'expectation'  // a 2xx/3xx answer that failed `expect` (status not allowed, field missing)
  | 'http4xx'      // a 4xx status not allowed by `expect`
  | 'http5xx'      // a 5xx status not allowed by `expect`
  | 'other'        // anything else (DNS, TLS, client-side errors)
  | 'interrupted'; // still unanswered when the run was stopped (Ctrl-C): attempted, no latency sample

export const ERROR_CLASSES: readonly ErrorClass[] = [
  'timeout', 'refused', 'reset', 'expectation', 'http4xx', 'http5xx', 'other', 'interrupted',
];

export type { PercentileKey } from '../core/metrics.js';

/** Latency summary in milliseconds, from an HDR histogram recorded in microseconds: one per PERCENTILES key. */
export type LatencySummary = { count: number; min: number; mean: number } & Record<PercentileKey, number>;

export interface EndpointResult {
  /** Request name from the scenario, or `overall`. */
  name: string;
  method: string;
  path: string;
  /** Requests sent (or due, in the open model) inside the measured window. */
  attempted: number;
  /** Requests that met their expectations. */
  succeeded: number;
  /** attempted - succeeded. */
  errors: number;
  /** errors / attempted (0 when nothing was attempted). */
  errorRate: number;
  /** Completed requests per second over the measured window. */
  rps: number;
  /** Count per HTTP status code received (as strings: "200", "503"). */
  statuses: Record<string, number>;
  /** Count per error class; `interrupted` is absent in results written before it existed. */
  errorClasses: Record<Exclude<ErrorClass, 'interrupted'>, number> & { interrupted?: number };
  latency: LatencySummary;
  /**
   * Percentiles that landed on a timed-out request: a timed-out request is recorded as exactly its
   * timeout, so these are lower bounds (shown as ">= 10 s").
   */
  atLeast: PercentileKey[];
  /** The timeout used for this endpoint (ms). */
  timeoutMs: number;
  /** HDR histogram of latency in microseconds, `encodeIntoCompressedBase64`. */
  histogram: string;
}

/** One second of the run, for the over-time charts. */
export interface TimelinePoint {
  /** Seconds since the measured window began (negative during warm-up is never stored). */
  second: number;
  completed: number;
  errors: number;
  p50: number;
  p95: number;
  p99: number;
  /**
   * HDR histogram of the second's latencies (µs, `encodeIntoCompressedBase64`), so that timelines of
   * shards can be added exactly. Absent in results written before it was recorded.
   */
  histogram?: string;
}

export interface RunValidity {
  valid: boolean;
  /** Human sentences saying why the run cannot be trusted (empty when valid). */
  reasons: string[];
  /** Open model: how late requests left against their intended send time (ms). */
  scheduleLagMs?: { p50: number; p99: number; max: number };
  /** Open model: asked and achieved arrival rates, and arrivals dropped at maxInFlight. */
  askedRate?: number;
  achievedRate?: number;
  dropped?: number;
  /** Generator's own event-loop delay p99 during the run (ms). */
  generatorLoopDelayP99Ms?: number;
  /**
   * Closed model: connections still waiting, when the window ended, for the answer to a request
   * sent before it (in the warm-up), of how many, and how long the oldest had waited (ms). Such a
   * connection sent nothing inside the window, so a slow enough server leaves the window empty.
   */
  waitingFromWarmup?: { connections: number; of: number; oldestMs: number };
}

export interface Environment {
  zimmerBench: string;
  node: string;
  platform: string;
  arch: string;
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  hostname: string;
  engine: string; // e.g. "autocannon 9.0.0" or "undici 7.x (open model)"
}

export interface RunResult {
  schema: typeof RESULT_SCHEMA;
  scenario: {
    name: string;
    description: string;
    file: string | null;
    model: LoadSpec['model'];
    /** Load parameters as run (connections or stages), after command-line overrides. */
    load: LoadSpec;
  };
  /** Base URL that was measured; `bundled` says it was the reference server started for this run. */
  target: { url: string; bundled: boolean };
  environment: Environment;
  startedAt: string;
  endedAt: string;
  /** Length of the measured window (warm-up excluded), ms. */
  measuredMs: number;
  warmupMs: number;
  /** True when the run was stopped early (Ctrl-C): the numbers cover only what ran. */
  partial: boolean;
  validity: RunValidity;
  /** Setup steps (per-user login): how many virtual users got ready, and failures by message. */
  setup: { users: number; ready: number; failures: Record<string, number> };
  overall: EndpointResult;
  endpoints: EndpointResult[];
  timeline: TimelinePoint[];
  /** Targets as written in the scenario, so a saved result can be judged again. */
  targets: import('../plan/types.js').TargetSpec[];
  /** Present when this run was one slice of a sharded run (`--shard I/N`): what the merge needs. */
  shard?: import('./shard-types.js').ShardStanza;
  /** Present when this document is the merge of shards (`zimmer-bench merge`). */
  merged?: import('./shard-types.js').MergedStanza;
}
