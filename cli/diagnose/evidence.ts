// What a cause rests on, as facts: milliseconds, rates, counts, shares and the names they belong to.
// The rules fill these in; cli/render/diagnosis-evidence.ts words them, so every number is formatted
// in one place and the diagnosis core writes no sentences. Grouped by the family of causes that uses them.

/** An endpoint's throughput and median at the bottom and the top of its flow's sweep (signals.ts scaling). */
export interface Scaling { endpoint: string; fromC: number; toC: number; fromRps: number; toRps: number; fromP50: number; toP50: number }

/** What the scaling shows: one at a time, overlapping waits, a queue (latency grew by `growth`), a capacity. */
export type ScalingReading =
  | { reading: 'one-at-a-time' } | { reading: 'overlap' } | { reading: 'queue'; growth: number } | { reading: 'capacity'; toP95: number };

/** A sweep step (a flow at a concurrency), or null for the mix. */
export type Under = { flow: string; connections: number } | null;

/** The server's CPU during a run: from /proc when it runs on this machine, else as its /metrics report it. */
export type ServerCpu =
  | { source: 'proc'; pid: number; cores: number; ofCores: number; demand: number; mainBusy: number }
  | { source: 'metrics'; cores: number | null; elu: number | null };

/** Why the load generator, not the server, limited a run. */
export type GeneratorLimit =
  | { kind: 'generator-cpu'; experiment: string; cores: number }
  | { kind: 'generator-reasons'; experiment: string; reasons: string[] }
  | { kind: 'generator-loop'; experiment: string; p99Ms: number };

/** The event loop and its waiters: /health stalled or free, the server's loop gauges, how a request scales. */
export type LoopEvidence =
  | { kind: 'server-elu'; elu: number }
  | { kind: 'loop-delay'; p99Ms: number }
  | { kind: 'health-stall'; under: Under; loadedP50: number; idleP50: number; reading: 'seen' | 'every-request-waits' | 'sync-query' }
  | { kind: 'health-stall-priciest'; loadedP50: number; idleP50: number; endpoint: string; serviceMs: number }
  | { kind: 'health-free'; flow: string; connections: number; loadedP50: number }
  | { kind: 'health-pre-handler'; handlerP50: number; ttfbP50: number }
  | { kind: 'slowed-in-mix'; endpoints: string[]; while: string }
  | ({ kind: 'scaling' } & Scaling & ScalingReading)
  | { kind: 'slow-alone'; endpoint: string; serviceMs: number; peersMs: number }
  | { kind: 'fast-path'; connections: number; p50: number; status5xx: number };

/** Requests queued for something scarce: a pool, an admission slot, the threadpool. */
export type QueueEvidence =
  | { kind: 'pool-gauges'; run: string; connections: number; waiting: number; inUse: number | null; size: number | null }
  | { kind: 'pool-runs'; runs: number; endpoints: string[] }
  | { kind: 'read-wait'; under: Under; path: string; readP50: number; healthP50: number }
  | { kind: 'failing'; connections: number | null; endpoints: Array<{ name: string; status5xx: number; timeouts: number }> }
  | { kind: 'admission-queue'; run: { id: string; connections: number } | null; queue: number; active: number }
  | { kind: 'little-queue'; rps: number; serviceMs: number; inService: number }
  | { kind: 'nothing-else-waits'; healthP50: number; readP50: number | null }
  | { kind: 'server-cpu'; cpu: ServerCpu; spare: boolean }
  | { kind: 'targets-missed'; targets: string[]; lead: 'targets missed' | 'the mix missed' }
  | { kind: 'hash-slow'; endpoint: string; p95: number; rps: number; othersP95: number }
  | { kind: 'health-in-mix'; p50: number };

/** Costs added everywhere: garbage collection, work before auth. */
export type OverheadEvidence =
  | { kind: 'stalls'; endpoints: Array<{ name: string; p50: number; max: number }>; of: number }
  | { kind: 'health-spikes'; maxMs: number; experiments: number; medianUnderMs: number }
  | { kind: 'gc'; longPauses: number; majors: number; majorRate: number; collections: number; meanPauseMs: number; share: number; heapFull: number }
  | { kind: 'gc-medians'; healthP50: number; targetsMissed: string[] }
  | { kind: 'pre-auth'; invalidMs: number; validMs: number; healthMs: number; extraMs: number }
  | { kind: 'server-timing'; request: 'rejected' | 'valid'; spans: Record<string, number> };

/** How a proxy in front of the app gave itself away. */
export type ProxyClue =
  | { kind: 'server'; rejected: string | null; answered: string | null }
  | { kind: 'via'; via: string }
  | { kind: 'content-type'; rejected: string; answered: string }
  | { kind: 'html' };

/** Limits met, read from status codes and connection errors; the load generator's own limits. */
export type LimitEvidence =
  | { kind: 'shed-alone'; endpoints: Array<{ name: string; share: number; rps: number }> }
  | { kind: 'shed-rate'; rps: number; experiments: number }
  | { kind: 'shed-levels'; cleanAt: number | null; levels: Array<{ name: string; share: number; connections: number }> }
  | { kind: 'burst-served'; sent: number; served: number }
  | { kind: 'little-cap'; acceptedRps: number; inService: number }
  | { kind: 'setup-shed'; experiment: string; status: number | null }
  | { kind: 'rejections'; rejected: number; sent: number; statuses: number[]; rejectedMs: number; acceptedMs: number | null; retryAfter: string | null; body: string }
  | { kind: 'proxy'; clues: ProxyClue[] }
  | { kind: 'burst-5xx'; experiment: string; connections: number; share: number }
  | { kind: 'recovery-failed'; intervalMs: number; failed: number; statuses: number[]; eachMs: number; forMs: number; recovered: boolean }
  | { kind: 'recovered'; answered: number; ms: number }
  | { kind: 'dropped'; at: Array<{ name: string; connections: number; refused: number; reset: number; attempted: number }> }
  | { kind: 'none-dropped'; connections: number }
  | { kind: 'connection-probe'; served: number; firstFailure: number | null; failureKinds: string[]; openAtFailure: number | null }
  | { kind: 'capacity'; endpoint: string; rps: number; connections: number }
  | GeneratorLimit
  | { kind: 'generator-mix'; limit: GeneratorLimit }
  | { kind: 'client-errors'; experiment: string; count: number };

export type Evidence =
  /** A line that quotes no measurement: a conclusion the rule states as it is. */
  | { kind: 'note'; text: string }
  | LoopEvidence | QueueEvidence | OverheadEvidence | LimitEvidence;

export const note = (text: string): Evidence => ({ kind: 'note', text });

/** The same fact, whatever order its fields were written in: two rules' findings merge on it. */
export function evidenceKey(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(evidenceKey).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${evidenceKey(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}
