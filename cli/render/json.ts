// The machine-readable document of a run: the RunResult as measured, with its evaluation beside it.
// The result's own fields stay at the top level, so anything that reads a saved RunResult
// (report, compare, readiness) reads this file unchanged; `evaluation` is what this run was judged to be.
import type { Evaluation } from '../evaluate/types.js';
import type { RunResult } from '../results/types.js';

export type RunDocument = RunResult & { evaluation: Evaluation };

export function toRunDocument(result: RunResult, evaluation: Evaluation): RunDocument {
  return { ...result, evaluation };
}

/** Pretty JSON with a trailing newline, as written to `<scenario>-<stamp>.json` and to stdout with --json. */
export function renderJson(result: RunResult, evaluation: Evaluation): string {
  return `${JSON.stringify(toRunDocument(result, evaluation), null, 2)}\n`;
}
