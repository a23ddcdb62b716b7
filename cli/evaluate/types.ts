// The judgement of a run against its targets: plain data produced by a pure function.
import type { TargetSpec } from '../plan/types.js';

export interface TargetOutcome {
  target: TargetSpec;
  /** Measured value in the target's unit (ms, fraction, count, req/s); null when nothing was measured. */
  actual: number | null;
  /** The actual value is a lower bound (a percentile that landed on timed-out requests). */
  atLeast: boolean;
  pass: boolean;
  /** Endpoint(s) responsible: the target's own endpoint, or for an overall target the worst offenders. */
  brokenBy: string[];
  /** Why the target could not be judged on a measured value (endpoint absent, nothing attempted). */
  note?: string;
}

export type Verdict = 'pass' | 'fail' | 'invalid';

export interface Evaluation {
  verdict: Verdict;
  outcomes: TargetOutcome[];
  /** Why the verdict is `invalid`, copied from the run's validity. */
  invalidReasons: string[];
  /** What the verdict does not show (failed requests no target limits); absent when there is none. */
  warnings?: string[];
}
