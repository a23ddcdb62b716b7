// The readiness picture as plain data: what the probes saw (observations), and what the pure
// judgements made of it (items with a weight, a score and the evidence behind each check, as facts:
// evidence.ts). ReadinessDocument is the same report worded, as written to JSON (readiness@1).
import type { Evidence, Summary } from './evidence.js';

export const READINESS_SCHEMA = 'zimmer-bench/readiness@1' as const;

/** One HTTP exchange as a probe saw it. `status` is null when no answer came (timeout, reset, refused). */
export interface HttpObservation {
  method: string;
  path: string;
  status: number | null;
  /** Response headers, names lower-case. */
  headers: Record<string, string>;
  /** The body as text (decoded from gzip when it came compressed), cut to a few kB. */
  body: string;
  /** Bytes on the wire (before decoding). */
  wireBytes: number;
  /** Bytes after decoding (equal to wireBytes when not compressed). */
  bodyBytes: number;
  /** Time from sending to the end of the body, ms. */
  ms: number;
  /** Why no answer came: `timeout`, or the client's error code (ECONNRESET, ECONNREFUSED, ...). */
  error?: string;
}

/** The groups follow the action plan's split of the remaining work (timeouts / performance / monitoring & security). */
export type ItemGroup = 'timeouts' | 'performance' | 'monitoring-security';

export type ItemId =
  | 'timeouts' | 'phase1' | 'coverage' | 'overload'
  | 'phase2' | 'phase3' | 'compression'
  | 'health' | 'security-headers' | 'error-bodies';

/** One thing verified, with what was seen. */
export interface Check {
  name: string;
  pass: boolean;
  /** The measured numbers or the response seen. */
  evidence: Evidence;
}

/**
 * `invalid`: the item could not be judged on trustworthy numbers (the load generator itself fell
 * behind); it scores 0 and makes the whole readiness verdict invalid.
 */
export type ItemStatus = 'pass' | 'fail' | 'invalid';

export interface ReadinessItem {
  id: ItemId;
  title: string;
  group: ItemGroup;
  weight: number;
  status: ItemStatus;
  /** 0..1; 1 only when every check passed. Partial items (coverage, timeouts) score a fraction. */
  score: number;
  /** The item's result in numbers, e.g. 6 of 7 resolved (one line once worded). */
  summary: Summary;
  checks: Check[];
}

export type ReadinessVerdict = 'pass' | 'fail' | 'invalid';

export interface ReadinessReport {
  schema: typeof READINESS_SCHEMA;
  target: { url: string; bundled: boolean; faults: string[] };
  startedAt: string;
  /** Whole command, server start included, ms. */
  durationMs: number;
  /** Measured window of each phase run, ms. */
  phaseDurationMs: number;
  /** Stopped early (Ctrl-C): items not reached are failed with "not run". */
  partial: boolean;
  /** Weighted score, 0..100, two decimals. */
  percent: number;
  verdict: ReadinessVerdict;
  items: ReadinessItem[];
  /** What is left to reach 100 %: one entry per failed check, heaviest item first. */
  left: LeftEntry[];
  /** Why the verdict is invalid (empty otherwise): each untrusted item and its first failed check. */
  invalidReasons: Array<{ title: string; evidence: Evidence | null }>;
}

/** A failed check still to fix, or how many more of an item's failed checks were left out. */
export type LeftEntry = { title: string; check: string; evidence: Evidence } | { title: string; more: number };

/** The report as the JSON document (zimmer-bench/readiness@1): evidence, summaries and what is left in words. */
export interface ReadinessDocument extends Omit<ReadinessReport, 'items' | 'left' | 'invalidReasons'> {
  items: Array<Omit<ReadinessItem, 'summary' | 'checks'> & { summary: string; checks: Array<{ name: string; pass: boolean; evidence: string }> }>;
  left: string[];
  invalidReasons: string[];
}
