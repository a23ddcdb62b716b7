// Every exit code zimmer-bench uses, and the one mapping from errors to them (README: "Exit codes").
import { ScenarioError, UsageError, UnreachableError, RunInvalidError } from './core/errors.js';
import type { Verdict } from './evaluate/types.js';
import type { DiagnosisVerdict } from './diagnose/types.js';

export const EXIT = {
  /** Every target met / healthy. */
  OK: 0,
  /** A target was missed, a regression found, or (diagnose) a cause found. */
  TARGET_MISSED: 1,
  /** Invalid scenario, bad input file or wrong command-line use. */
  USAGE: 2,
  /** Target unreachable, or the run itself is invalid (its numbers cannot be trusted). */
  UNREACHABLE_OR_INVALID: 3,
  /** diagnose: the machine (or the load generator) was too noisy to tell; nothing is named. */
  INCONCLUSIVE: 4,
  /** Stopped by Ctrl-C: what was measured is written, marked partial. */
  INTERRUPTED: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** The exit code of a finished run: every target met, one missed, or numbers that cannot be trusted. */
export function exitCodeForVerdict(verdict: Verdict): ExitCode {
  if (verdict === 'pass') return EXIT.OK;
  if (verdict === 'fail') return EXIT.TARGET_MISSED;
  return EXIT.UNREACHABLE_OR_INVALID;
}

/** diagnose: healthy 0, a cause found or targets missed unexplained 1, too noisy to tell 4. */
export function exitCodeForDiagnosis(d: { verdict: DiagnosisVerdict }): ExitCode {
  if (d.verdict === 'healthy') return EXIT.OK;
  if (d.verdict === 'inconclusive') return EXIT.INCONCLUSIVE;
  return EXIT.TARGET_MISSED;
}

/** Maps anything thrown by the core to an exit code. Unknown errors are bugs: exit 70 (EX_SOFTWARE). */
export function exitCodeFor(err: unknown): number {
  if (err instanceof ScenarioError || err instanceof UsageError) return EXIT.USAGE;
  if (err instanceof UnreachableError || err instanceof RunInvalidError) return EXIT.UNREACHABLE_OR_INVALID;
  const code = (err as { code?: string } | null)?.code;
  // commander's own usage errors
  if (typeof code === 'string' && code.startsWith('commander.')) return EXIT.USAGE;
  return 70;
}
