// A run whose targets say nothing about errors passes however many requests fail: every answer a
// 404 still meets "p95 < 200ms". The verdict stays what the targets say (a scenario may mean it), but
// the failures are named in a warning, printed and saved with the evaluation.
import type { TargetSpec } from '../plan/types.js';
import type { RunResult } from '../results/types.js';
import { formatPercent } from '../core/format.js';

const ERROR_METRICS = new Set<string>(['error_rate', 'errors']);

/** The warning for failed requests that no target limits; null when every failure is budgeted. */
export function errorBudgetWarning(result: RunResult, targets: TargetSpec[]): string | null {
  const limits = targets.filter((t) => ERROR_METRICS.has(t.metric));
  if (limits.some((t) => t.endpoint === null)) return null;
  const budgeted = new Set(limits.map((t) => t.endpoint));
  const unbudgeted = result.endpoints.filter((e) => e.errors > 0 && !budgeted.has(e.name));
  if (unbudgeted.length === 0) return null;
  const failed = unbudgeted.reduce((n, e) => n + e.errors, 0);
  const attempted = unbudgeted.reduce((n, e) => n + e.attempted, 0);
  const share = attempted > 0 ? formatPercent(failed / attempted) : '';
  return `no error budget: ${failed} of ${attempted} requests (${share}) failed on ${unbudgeted.map((e) => e.name).join(', ')}`
    + ' and no target limits errors, so the verdict ignores them; add "error_rate < 1%" to targets.overall';
}
