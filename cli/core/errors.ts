// Errors the core raises. The core never exits or logs: it throws one of these, and
// cli/exit-codes.ts alone decides which exit code each kind maps to.

/** One problem found in a scenario, with where it is and how to fix it. */
export interface Problem {
  /** File path (or `<inline>`) the problem is in. */
  file: string;
  line: number | null;
  column: number | null;
  /** Dotted path of the key, e.g. `requests.login.method`. */
  path: string;
  message: string;
  hint?: string;
}

export function formatProblem(p: Problem): string {
  const where = p.line !== null ? `${p.file}:${p.line}:${p.column ?? 1}` : p.file;
  const at = p.path ? ` ${p.path}:` : '';
  return `${where}:${at} ${p.message}${p.hint ? ` (${p.hint})` : ''}`;
}

/** A scenario (or targets, or any input file) that cannot be used; carries every problem found. */
export class ScenarioError extends Error {
  readonly kind = 'scenario';
  constructor(readonly problems: Problem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'ScenarioError';
  }
}

/** Wrong command-line use: unknown option values, missing files, conflicting flags. */
export class UsageError extends Error {
  readonly kind = 'usage';
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The target could not be reached (refused, DNS, TLS) before anything was measured. */
export class UnreachableError extends Error {
  readonly kind = 'unreachable';
  constructor(message: string) {
    super(message);
    this.name = 'UnreachableError';
  }
}

/** The run happened but its numbers cannot be trusted (generator lag, dropped arrivals, setup failed). */
export class RunInvalidError extends Error {
  readonly kind = 'invalid';
  constructor(message: string, readonly reasons: string[] = []) {
    super(message);
    this.name = 'RunInvalidError';
  }
}

export type ZimmerError = ScenarioError | UsageError | UnreachableError | RunInvalidError;
