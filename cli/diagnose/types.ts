// What `diagnose` measures and concludes, as plain data. Experiments produce observations; pure rules
// turn observations into ranked causes; renderers print a Diagnosis. Nothing here runs or prints.
// A cause's evidence and reasons are facts (evidence.ts, reasons.ts); DiagnosisDocument is the same
// diagnosis worded, as written to JSON (diagnosis@1).
import type { Evidence } from './evidence.js';
import type { DiagnosisNote, Inconclusive, Measured, Reason } from './reasons.js';

export const CAUSE_NAMES = [
  'event-loop-blocked',
  'db-pool-exhaustion',
  'queue-bottleneck',
  'memory-pressure',
  'middleware-order',
  'missing-index',
  'slow-downstream',
  'threadpool-saturation',
  'shedding',
  'circuit-open',
  'connection-limit',
  'at-capacity',
  'client-limit',
] as const;

export type CauseName = (typeof CAUSE_NAMES)[number];

/**
 * What a cause is: a `defect` to fix in the server; a `protection` doing its job (a limiter, a breaker:
 * the remedy is capacity or the limit, not the protection); a `limit` of the server as built (its
 * capacity, its connection cap); or a limit of the `client` (the load generator), never the server's.
 */
export type CauseKind = 'defect' | 'protection' | 'limit' | 'client';

export const CAUSE_KIND: Readonly<Record<CauseName, CauseKind>> = {
  'event-loop-blocked': 'defect',
  'db-pool-exhaustion': 'defect',
  'queue-bottleneck': 'defect',
  'memory-pressure': 'defect',
  'middleware-order': 'defect',
  'missing-index': 'defect',
  'slow-downstream': 'defect',
  'threadpool-saturation': 'defect',
  shedding: 'protection',
  'circuit-open': 'protection',
  'connection-limit': 'limit',
  'at-capacity': 'limit',
  'client-limit': 'client',
};

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
  /** Answers 429 and 503: what limiters, shedders and breakers send (counted even when expected). */
  status429: number;
  status503: number;
  /** Connections refused or reset (incl. closed before an answer). */
  refused: number;
  reset: number;
  /** Failures that were neither an HTTP status nor refused/reset/timeout (e.g. the client ran out of local ports). */
  otherErrors: number;
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
  /** A database pool: requests waiting for a connection (most seen), connections in use (most seen) and its size. */
  poolWaitingMax: number | null;
  poolInUseMax: number | null;
  poolSize: number | null;
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
  /** How busy this machine and the load generator were while it ran (null: not measured). */
  noise: NoiseWindow | null;
  /** The target process's CPU, read from /proc when it listens on this machine (null: unknown). */
  serverCpu: CpuWindow | null;
  /** The runner's own reasons why the load generator could not be trusted (its loop starved, its rate not reached). */
  generatorReasons: string[];
}

/** The machine and the load generator during one window. */
export interface NoiseWindow {
  windowMs: number;
  /** This process's (the generator's) CPU, in cores. */
  generatorCpu: number;
  /** The generator's event-loop delay p99 and max (ms). */
  generatorLoopP99Ms: number;
  generatorLoopMaxMs: number;
  /** The whole machine's CPU in use, cores (from /proc/stat; null elsewhere). */
  machineBusy: number | null;
  /** Cores used by processes other than the generator and the target: the noise. */
  othersCpu: number | null;
  /** Share of time the hypervisor gave this machine's CPUs to someone else (0..1). */
  steal: number | null;
  cores: number;
}

/** CPU of the target's process over one window, from /proc/PID (the target listens on this machine). */
export interface CpuWindow {
  pid: number;
  /** CPU seconds per second (cores) used by the whole process. */
  cpu: number;
  /** Threads wanting a CPU on average: running or runnable (waiting in the run queue). */
  demand: number;
  /** The main thread's share of the window running or runnable (an event loop or GIL-bound server saturates at 1). */
  mainThread: number;
  /** The main thread's CPU alone (cores): compared with `cpu`, whether the work runs on it or elsewhere. */
  mainRun: number;
}

/** An experiment that did not run: skipped (budget spent) or failed (its setup failed, e.g. logins shed). */
export interface UnrunExperiment {
  id: string;
  kind: ExperimentKind;
  flow: string | null;
  connections: number;
  status: 'skipped' | 'failed';
  reason: string;
  /** The HTTP status its setup failed with, when there was one. */
  httpStatus: number | null;
  /** What /metrics said from just before it to its failure (null: not failed, or no /metrics). */
  server: ServerWindow | null;
}

/** A few requests sent at once to an endpoint that was rejecting, to see who rejects and how. */
export interface RejectionSample {
  endpoint: string;
  sent: number;
  rejected: Array<{ status: number; ms: number; server: string | null; via: string | null; retryAfter: string | null; contentType: string | null; body: string }>;
  accepted: Array<{ status: number; ms: number; server: string | null; via: string | null; contentType: string | null }>;
}

/** One request at a time, paced, right after a load that failed: does it fail on alone, and for how long. */
export interface RecoveryTrace {
  endpoint: string;
  intervalMs: number;
  /** Each request: ms since the load ended, status (0: no answer), latency. */
  steps: Array<{ at: number; status: number; ms: number }>;
}

/** Connections opened one by one and held, each sending one request: how many the target serves at once. */
export interface ConnectionProbe {
  path: string;
  tried: number;
  served: number;
  /** Connections that were refused, reset or closed without an answer. */
  failed: number;
  /** The first connection (1-based) that failed, or null. */
  firstFailure: number | null;
  /** Connections open to the target's port (anyone's, the tracer's too) when the first failed; local targets only. */
  openAtFailure: number | null;
  failureKinds: Record<string, number>;
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

export interface TargetInfo {
  url: string;
  bundled: boolean;
  /** Listens on this machine: its process can be seen in /proc. */
  local: boolean;
  /** Its process id, found by its listening socket (null: remote or not visible). */
  pid: number | null;
}

export interface Observations {
  mode: DiagnosisMode;
  target: TargetInfo;
  requests: RequestInfo[];
  flows: FlowInfo[];
  /** Probes sent with no load running: the baseline the loaded probes are compared with. */
  idleProbes: ProbeObservation[];
  /** The machine while the idle probes ran (null: not measured). */
  idleNoise: NoiseWindow | null;
  experiments: ExperimentObservation[];
  /** Planned experiments that did not run, and why. */
  unrun: UnrunExperiment[];
  rejections: RejectionSample | null;
  recovery: RecoveryTrace | null;
  connectionProbe: ConnectionProbe | null;
  /** A cause suspected on the first pass and the experiment run again to check it (null: none re-run). */
  recheck: { cause: CauseName; experiment: string; confirmed: boolean } | null;
}

export interface Cause {
  cause: CauseName;
  kind: CauseKind;
  endpoints: string[];
  /** 0..1. */
  confidence: number;
  confidenceReason: Reason;
  /** The numbers that show it. */
  evidence: Evidence[];
  /** What to do about it, in words; `measured` (when there is one) is the figure it is sized by, said after it. */
  fix: string;
  measured?: Measured;
}

/** A rule's finding: a cause without its kind (which follows from its name, CAUSE_KIND). */
export type Finding = Omit<Cause, 'kind'>;

/** How much of the slowness a named cause explains (diagnose/impact.ts). */
export interface Impact {
  cause: CauseName;
  kind: CauseKind;
  endpoints: string[];
  /** Time its endpoints lost beyond their own service time, per second of the mix (ms/s), its share of them. */
  lostMsPerS: number;
  /** 0..1 of all the time lost in the mix. */
  share: number;
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
  /** `ran`; `skipped` when the budget was spent; `failed` when its setup failed (numbers are then null-like 0s). */
  status: 'ran' | 'skipped' | 'failed';
}

/**
 * `healthy`: nothing wrong found; `found`: causes named; `unexplained`: targets missed or most of what
 * was tried failed, and no known cause matched; `inconclusive`: the machine (or the generator) was too
 * noisy to tell, said in `inconclusive`.
 */
export type DiagnosisVerdict = 'healthy' | 'found' | 'unexplained' | 'inconclusive';

export const DIAGNOSIS_SCHEMA = 'zimmer-bench/diagnosis@1' as const;

export interface Diagnosis {
  schema: typeof DIAGNOSIS_SCHEMA;
  target: { url: string; bundled: boolean; faults: string[] };
  scenario: string;
  mode: DiagnosisMode;
  verdict: DiagnosisVerdict;
  healthy: boolean;
  /** Why the verdict is inconclusive (null otherwise). */
  inconclusive: Inconclusive | null;
  causes: Cause[];
  /** The causes ranked by how much of the slowness each explains (most first). */
  impact: Impact[];
  /** The defect to fix first: the one explaining most of the slowness (null: none named). */
  fixFirst: CauseName | null;
  capacity: Capacity[];
  experiments: ExperimentSummary[];
  /** Things the reader should know: skipped experiments, budget cut, targets missed without a known cause. */
  notes: DiagnosisNote[];
  startedAt: string;
  durationMs: number;
  budgetMs: number;
  /** True when the budget ran out (or Ctrl-C) before every planned experiment ran. */
  partial: boolean;
  /** Everything the rules saw, so a diagnosis can be re-judged or questioned later. */
  observations: Observations;
}

/** A cause as the JSON document words it: its reason, evidence and fix as sentences. */
export interface CauseDocument extends Omit<Cause, 'confidenceReason' | 'evidence' | 'measured'> {
  confidenceReason: string;
  evidence: string[];
}

/** The diagnosis as written to JSON (zimmer-bench/diagnosis@1): every fact worded. */
export interface DiagnosisDocument extends Omit<Diagnosis, 'inconclusive' | 'causes' | 'notes'> {
  inconclusive: string | null;
  causes: CauseDocument[];
  notes: string[];
}
