// Why a cause is as certain as it is, what its fix was measured at, and what the verdict tells the
// reader (noise, re-checks, why it is inconclusive), as facts beside the evidence (evidence.ts).
// cli/render/diagnosis-reasons.ts words them; nothing here is a sentence with a number in it.
import type { Evidence } from './evidence.js';
import type { CauseName } from './types.js';

/** What a limiter turns away beyond: a request rate (null: not measured), or a concurrency. */
export type ShedLimit = { by: 'rate'; rps: number | null } | { by: 'concurrency'; concurrent: number; approx: boolean };

/** Who answered the rejections. */
export type Rejecter = 'proxy' | 'app' | 'unknown';

/** A connection cap: counted, or bracketed by the runs with and without dropped connections. */
export type ConnectionCap = { exact: number } | { between: number; and: number };

export type Reason =
  /** A reason that quotes no measurement. */
  | { kind: 'note'; text: string }
  /** A reason followed by the database span Server-Timing reported. */
  | { kind: 'db-span'; reason: Reason; ms: number }
  | { kind: 'queue-flat'; inService: number; clientOnly: boolean; cpuKnown: boolean }
  | { kind: 'gc-latent'; majorRate: number }
  | { kind: 'gc-mean-pause'; ms: number }
  | { kind: 'pre-auth-work'; ms: number; database: boolean }
  | { kind: 'shed'; from: Rejecter; limit: ShedLimit }
  | { kind: 'circuit'; openMs: number; recovered: boolean }
  | { kind: 'connections'; cap: ConnectionCap }
  | { kind: 'capacity'; endpoint: string; rps: number; connections: number; cpu: 'unseen' | 'all-used' }
  /** Seen once on a busy machine and not run again: a suspect (the verdict lowers its confidence). */
  | { kind: 'unchecked'; reason: Reason };

/** The figure a fix is sized by, said after it. */
export type Measured =
  | { kind: 'sheds'; from: Rejecter; limit: ShedLimit }
  | { kind: 'open'; ms: number }
  | { kind: 'takes'; cap: ConnectionCap };

/** One window that was noisy, by the first test it failed. */
export type NoisyWindow =
  | { kind: 'others-cpu'; cores: number; ofCores: number }
  | { kind: 'steal'; share: number }
  | { kind: 'loop-lag'; p99Ms: number };

/** Why the measurements are doubtful. */
export type NoiseReason =
  | { kind: 'busy-machine'; noisy: number; of: number; first: NoisyWindow; othersMedian: number | null }
  | { kind: 'idle-jitter'; p50: number; p90: number };

export type DiagnosisNote =
  /** A note that quotes no measurement (a run that failed, with its error; signals not read). */
  | { kind: 'note'; text: string }
  /** The plan: a budget too small for a sweep, or below what the shortest useful plan takes. */
  | { kind: 'budget-no-sweep'; budgetMs: number }
  | { kind: 'budget-short'; budgetMs: number; plannedMs: number }
  | { kind: 'skipped'; experiment: string; leftMs: number }
  | { kind: 'machine-load'; load: number; cores: number }
  | { kind: 'target-local'; pid: number | null; serverSignals: boolean }
  | { kind: 'noise'; reasons: NoiseReason[] }
  | { kind: 'recheck'; cause: CauseName; experiment: string; confirmed: boolean }
  | { kind: 'failing'; failing: number; tried: number }
  | { kind: 'missed'; targets: string[] };

/** Why nothing could be concluded. */
export type Inconclusive =
  | { kind: 'flapped'; cause: CauseName; experiment: string; noise: NoiseReason | null }
  | { kind: 'generator'; first: Evidence | null; reason: Reason }
  | { kind: 'unchecked'; cause: CauseName; noise: NoiseReason | null }
  | { kind: 'nothing-ran' }
  | { kind: 'failing-busy'; failing: number; tried: number; noise: NoiseReason[] }
  | { kind: 'mix-unrun' }
  | { kind: 'missed-busy'; targets: string[]; noise: NoiseReason[] };

export const reason = (text: string): Reason => ({ kind: 'note', text });
export const noteOf = (text: string): DiagnosisNote => ({ kind: 'note', text });
