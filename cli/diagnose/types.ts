// What `diagnose` measures and concludes, as plain data. Experiments produce observations; pure rules
// turn observations into ranked causes; renderers print a Diagnosis. Nothing here runs or prints.

export const CAUSE_NAMES = [
  'event-loop-blocked',
  'db-pool-exhaustion',
  'queue-bottleneck',
  'memory-pressure',
  'middleware-order',
  'missing-index',
  'slow-downstream',
  'threadpool-saturation',
] as const;

export type CauseName = (typeof CAUSE_NAMES)[number];

/** `server+client` when /metrics or Server-Timing were read; `client-only` when the server exposed nothing. */
export type DiagnosisMode = 'server+client' | 'client-only';

/** Latency percentiles in ms. */
export interface Spread {
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  max: number;
}

/** One endpoint in one experiment, as seen by the load generator. */
export interface EndpointObservation {
  name: string;
  method: string;
  path: string;
  attempted: number;
  errors: number;
  errorRate: number;
  timeouts: number;
  /** Responses with a 5xx status (shed, pool timeouts), whether or not the scenario expected them. */
  status5xx: number;
  rps: number;
  latency: Spread;
  /** The fastest answer (ms): a request that is always slow (a scan, a remote call) is slow even here. */
  min: number;
  /** The percentiles landed on timed-out requests: they are lower bounds. */
  atLeast: boolean;
}

/** Which request a tracer probe sends while the load runs. */
export type ProbeKind = 'health' | 'auth-read' | 'invalid-token';

/** Tracer requests of one kind during one experiment, timed by phase from undici's diagnostics channels. */
export interface ProbeObservation {
  probe: ProbeKind;
  path: string;
  samples: number;
  errors: number;
  /** Creation to end of body. */
  total: Spread;
  /** 10th percentile of total: the cost without the noise of a busy machine (which only adds). */
  floor: number;
  /** Time to first byte: headers sent to response headers. */
  ttfbP50: number;
  /** Waiting for a socket (or a connect) before the headers went out. */
  queuedP50: number;
  /** Server-Timing `total` (or the sum of spans) median, ms; null when the server sent none. */
  serverP50: number | null;
  /** Its 10th percentile: the server's own cost without pauses (GC) that hit some requests. */
  serverFloor: number | null;
  /** Median of each Server-Timing span, ms. */
  spans: Record<string, number>;
}

/** What the server's /metrics said about one experiment's window; null fields were not exposed. */
export interface ServerWindow {
  windowMs: number;
  eventLoopLagP99Ms: number | null;
  eventLoopLagMaxMs: number | null;
  /** Event-loop utilization 0..1 over the window. */
  elu: number | null;
  /** Process CPU seconds per second over the window (can exceed 1 with worker threads). */
  cpu: number | null;
  gcCount: number | null;
  gcTotalMs: number | null;
  /** Major (mark-compact) collections: a full heap collects them again and again. */
  gcMajorCount: number | null;
  /** GC pauses of 100 ms or more (from the histogram's buckets). */
  gcLongCount: number | null;
  heapUsedBytes: number | null;
  heapLimitBytes: number | null;
  inFlightMax: number | null;
  admissionQueueMax: number | null;
  /** Admission slots in use at most: with a queue behind them, the cap actually applied. */
  admissionActiveMax: number | null;
  admissionShed: number | null;
}

export type ExperimentKind = 'alone' | 'sweep' | 'mix';

export interface ExperimentObservation {
  id: string;
  kind: ExperimentKind;
  /** Label of the flow run alone (`alone`, `sweep`), or null for the whole mix. */
  flow: string | null;
  connections: number;
  measuredMs: number;
  /** Wall time of the whole experiment: setup, warm-up, window, drain and scrapes. */
  tookMs: number;
  partial: boolean;
  valid: boolean;
  endpoints: EndpointObservation[];
  overall: EndpointObservation;
  /** Overall p50 and p99 of each second of the run (ms). */
  timeline: Array<{ p50: number; p99: number }>;
  probes: ProbeObservation[];
  server: ServerWindow | null;
  /** Targets of the base scenario missed in this experiment (mix only), as written. */
  targetsMissed: string[];
}

export interface RequestInfo {
  name: string;
  method: string;
  path: string;
  /** Sends a password: its cost is a deliberate hash (tens of ms) and is not an anomaly alone. */
  sendsPassword: boolean;
  /** Carries an Authorization header. */
  authenticated: boolean;
}

export interface FlowInfo {
  label: string;
  requests: string[];
}

export interface Observations {
  mode: DiagnosisMode;
  requests: RequestInfo[];
  flows: FlowInfo[];
  /** Probes sent with no load running: the baseline the loaded probes are compared with. */
  idleProbes: ProbeObservation[];
  experiments: ExperimentObservation[];
}

export interface Cause {
  cause: CauseName;
  endpoints: string[];
  /** 0..1. */
  confidence: number;
  confidenceReason: string;
  /** Sentences with the numbers that show it. */
  evidence: string[];
  fix: string;
}

/** The highest load still meeting phase 3's P95 (200 ms) with errors under 1 %, per endpoint. */
export interface Capacity {
  endpoint: string;
  connections: number | null;
  rps: number | null;
  p95: number | null;
}

export interface ExperimentSummary {
  id: string;
  kind: ExperimentKind;
  flow: string | null;
  connections: number;
  measuredMs: number;
  rps: number;
  p50: number;
  p95: number;
  errorRate: number;
}

export const DIAGNOSIS_SCHEMA = 'zimmer-bench/diagnosis@1' as const;

export interface Diagnosis {
  schema: typeof DIAGNOSIS_SCHEMA;
  target: { url: string; bundled: boolean; faults: string[] };
  scenario: string;
  mode: DiagnosisMode;
  healthy: boolean;
  causes: Cause[];
  capacity: Capacity[];
  experiments: ExperimentSummary[];
  /** Things the reader should know: skipped experiments, budget cut, targets missed without a known cause. */
  notes: string[];
  startedAt: string;
  durationMs: number;
  budgetMs: number;
  /** True when the budget ran out (or Ctrl-C) before every planned experiment ran. */
  partial: boolean;
  /** Everything the rules saw, so a diagnosis can be re-judged or questioned later. */
  observations: Observations;
}
