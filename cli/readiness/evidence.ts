// What a readiness check saw, as facts: counts, milliseconds, bytes, statuses and the answers
// themselves. The judges fill these in; the renderers (cli/render/readiness-evidence.ts) word
// them, so the numbers are formatted in one place and the readiness core writes no prose.
import type { TimeoutCheckEndpoint } from '../evaluate/timeout-check.js';
import type { TargetMetric } from '../plan/types.js';

/** One exchange as it is reported: what came back (or why nothing did) and how long it took. */
export interface Answer {
  method: string;
  path: string;
  status: number | null;
  /** Why no answer came: `timeout`, or the client's error code. */
  error?: string;
  body: string;
  ms: number;
}

/** How an answer differs from the contract. */
export type Mismatch =
  | { kind: 'status'; expected: number; got: Answer }
  | { kind: 'not-object'; body: string }
  | { kind: 'fields'; status: number; wrong: Array<{ field: string; type: string }> }
  | { kind: 'error-code'; status: number; got: string; expected: string }
  | { kind: 'header-missing'; status: number | null; header: string }
  | { kind: 'bearer'; tokenType: string; expiresIn: string }
  | { kind: 'not-echoed'; field: string; got: string };

/** Median, P90 and slowest of a probe's sequential calls, ms. */
export interface Timing { median: number; p90: number; max: number; calls: number }

/** A group of answers: how many, their P95 and slowest, ms. */
export interface Group { count: number; p95: number; max: number }

/** A value and how often it was seen, most frequent first ("503 × 80"). */
export type Counts = Array<[value: string, count: number]>;

export interface OverloadFacts {
  burst: number;
  timeoutMs: number;
  total: number;
  ok: Group;
  /** Refusals (503/429) with Retry-After, and without. */
  retried: Group & { statuses: Counts };
  unretried: Group & { statuses: Counts };
  other: { count: number; statuses: Counts };
  timedOut: Group;
  dropped: { count: number; errors: Counts };
}

export type HeaderRule = 'nosniff' | 'framing' | 'powered-by';

/** The summary line of a phase run. */
export interface RunFacts {
  attempted: number;
  measuredMs: number;
  rps: number;
  p95: number | null;
  p95AtLeast: boolean;
  errorRate: number;
  timeouts: number;
}

export type Evidence =
  /** A reason already in words where it arises (an error message, why a step did not run). */
  | { kind: 'note'; text: string }
  | { kind: 'reasons'; reasons: string[] }
  | { kind: 'contract'; calls: Array<{ name: string; answer: Answer | null; mismatch: Mismatch | null }> }
  | { kind: 'answers'; calls: number; ok: number; status: number | null; failed: Answer | null }
  | { kind: 'timing'; timing: Timing | null; failed?: Answer }
  | { kind: 'header'; rule: HeaderRule; where: string[]; failing: { where: string[]; value: string | null } | null }
  | { kind: 'gzip'; at: string; outcome: 'gzipped' | 'status' | 'too-small' | 'not-gzipped' | 'different-json'; bytes: number; wireBytes: number; encoding?: string; got?: Answer }
  | { kind: 'small-response'; at: string; bytes: number; encoding?: string; got?: Answer }
  | { kind: 'error-body'; answer: Answer; expected: number; pass: boolean; stack: boolean; shaped: boolean }
  | { kind: 'overload'; facts: OverloadFacts; show: 'all' | 'timed-out' | 'all-answered' | 'refusals-retried' | 'queues' }
  | { kind: 'target'; metric: TargetMetric; actual: number | null; atLeast: boolean; note?: string; worst: string[] }
  | { kind: 'endpoint'; endpoint: TimeoutCheckEndpoint };

/** An item's one-line result, as facts. */
export type Summary =
  | { kind: 'checks'; names: string[]; failed: string[] }
  | { kind: 'not-run'; why: string }
  | { kind: 'evidence'; evidence: Evidence }
  | { kind: 'coverage'; ok: number; total: number; missing: string[] }
  | { kind: 'health'; idle: Timing; burst: Timing | null }
  | { kind: 'headers'; where: string[] }
  | { kind: 'error-bodies'; cases: Array<{ name: string; status: number | null }> }
  | { kind: 'phase'; met: number; total: number; invalid: boolean; run: RunFacts }
  | { kind: 'timeouts'; resolved: number; total: number; load: string };

export const note = (text: string): Evidence => ({ kind: 'note', text });

export function answerOf(o: { method: string; path: string; status: number | null; error?: string; body: string; ms: number }): Answer {
  return { method: o.method, path: o.path, status: o.status, ...(o.error !== undefined ? { error: o.error } : {}), body: o.body, ms: o.ms };
}
