// Every exit code zimmer-bench uses, and the one mapping from errors to them (README: "Exit codes").
import { ScenarioError, UsageError, UnreachableError, RunInvalidError } from './core/errors.js';
import type { Verdict } from './evaluate/types.js';
import type { DiagnosisVerdict } from './diagnose/types.js';

/** Each code with its meaning in words: `--help` and the README's table are made from these lines. */
export const EXIT_CODES = [
  { name: 'OK', code: 0, meaning: 'every target met (diagnose: healthy)' },
  { name: 'TARGET_MISSED', code: 1, meaning: 'a target missed (compare: a regression; diagnose: causes found)' },
  { name: 'USAGE', code: 2, meaning: 'invalid scenario, bad input file or wrong command-line use' },
  { name: 'UNREACHABLE_OR_INVALID', code: 3, meaning: 'target unreachable, or the run is invalid (its numbers cannot be trusted)' },
  { name: 'INCONCLUSIVE', code: 4, meaning: 'diagnose: inconclusive, the machine (or the load generator) was too noisy to tell, or too little ran to judge; the reason is printed' },
  { name: 'INTERNAL', code: 70, meaning: 'an internal error (a bug: please report it with `ZIMMER_DEBUG=1` output)' },
  { name: 'INTERRUPTED', code: 130, meaning: 'stopped by Ctrl-C; what was measured is written, marked partial' },
] as const;

type ExitEntry = (typeof EXIT_CODES)[number];

/** `EXIT.TARGET_MISSED` is 1, and so on: the codes by name, from the table above. */
export const EXIT = Object.fromEntries(EXIT_CODES.map((e) => [e.name, e.code])) as {
  readonly [E in ExitEntry as E['name']]: E['code'];
};

/** The exit codes as `--help` lists them after every command's own help. */
export function exitCodesHelp(): string {
  const width = Math.max(...EXIT_CODES.map((e) => String(e.code).length));
  return `\nExit codes:\n${EXIT_CODES.map((e) => `  ${String(e.code).padEnd(width)}  ${e.meaning}`).join('\n')}`;
}

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

/** Maps anything thrown by the core to an exit code. Unknown errors are bugs: INTERNAL, 70 (EX_SOFTWARE). */
export function exitCodeFor(err: unknown): number {
  if (err instanceof ScenarioError || err instanceof UsageError) return EXIT.USAGE;
  if (err instanceof UnreachableError || err instanceof RunInvalidError) return EXIT.UNREACHABLE_OR_INVALID;
  const code = (err as { code?: string } | null)?.code;
  // commander's own usage errors
  if (typeof code === 'string' && code.startsWith('commander.')) return EXIT.USAGE;
  return EXIT.INTERNAL;
}
