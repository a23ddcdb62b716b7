// Why a target was missed, in words a person acts on: "P95 sits on 56 timed-out requests (timeout
// 10 s)", "got 401 ×120". Read from the measured numbers only (timeouts, error classes, statuses),
// never guessed, and shared by every renderer that leads with failures: terminal, markdown, step
// summary, JUnit.
import type { Evaluation, TargetOutcome } from '../evaluate/types.js';
import { measure } from '../evaluate/metric.js';
import { isLatencyMetric } from '../core/metrics.js';
import type { EndpointResult, RunResult } from '../results/types.js';
import { formatCount, formatMetricValue, formatMs, formatRate } from '../core/format.js';

/** Missed targets first, then the met ones, each group in scenario order (a stable sort). */
export function missedFirst(outcomes: TargetOutcome[]): TargetOutcome[] {
  return [...outcomes].sort((a, b) => Number(a.pass) - Number(b.pass));
}

export function missedOutcomes(evaluation: Evaluation): TargetOutcome[] {
  return evaluation.outcomes.filter((o) => !o.pass);
}

/** Words for an error class that is not a status: what the client saw. */
const CLASS_WORDS: Record<string, string> = {
  refused: 'connection refused',
  reset: 'connection reset',
  expectation: 'answer failed its expectation',
  other: 'client error',
  interrupted: 'unanswered at the stop',
};

/** Statuses 400 and above, most frequent first: "401 ×120, 503 ×6". */
function errorStatuses(e: EndpointResult, limit: number): string {
  return Object.entries(e.statuses)
    .filter(([status, n]) => Number(status) >= 400 && n > 0)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], 'en'))
    .slice(0, limit)
    .map(([status, n]) => `${status} ×${formatCount(n)}`)
    .join(', ');
}

/** What one endpoint's numbers say about a miss of `metric`, as short clauses. */
export function endpointCause(e: EndpointResult, metric: TargetOutcome['target']['metric']): string {
  if (e.attempted === 0) return 'nothing was attempted';
  const clauses: string[] = [];
  const timeouts = e.errorClasses.timeout ?? 0;
  const m = measure(e, metric);
  const label = metric === 'mean' ? 'the mean' : metric.toUpperCase();
  if (isLatencyMetric(metric) && m.atLeast && timeouts > 0) {
    clauses.push(`${label} sits on ${formatCount(timeouts)} timed-out requests (timeout ${formatMs(e.timeoutMs)})`);
  } else if (timeouts > 0) {
    clauses.push(`${formatCount(timeouts)} timed out (timeout ${formatMs(e.timeoutMs)})`);
  }
  const statuses = errorStatuses(e, 3);
  if (statuses) clauses.push(`got ${statuses}`);
  for (const [cls, words] of Object.entries(CLASS_WORDS)) {
    const n = (e.errorClasses as Record<string, number | undefined>)[cls] ?? 0;
    if (n > 0) clauses.push(`${words} ×${formatCount(n)}`);
  }
  if (clauses.length > 0) return clauses.join(', ');
  if (isLatencyMetric(metric)) {
    return `no timeouts or errors: the answers were slow (p50 ${formatMs(e.latency.p50)}, p99 ${formatMs(e.latency.p99)}, max ${formatMs(e.latency.max)})`;
  }
  if (metric === 'rps') return `${formatRate(e.rps)} req/s completed`;
  return 'no error recorded';
}

/**
 * The cause of one miss: for a target on one endpoint, that endpoint's numbers; for an overall
 * target, its worst offenders by name (at most `offenders`), else the overall numbers.
 */
export function missCause(result: RunResult, o: TargetOutcome, offenders = 2): string {
  if (o.note) return o.note;
  const metric = o.target.metric;
  if (o.target.endpoint !== null) {
    const e = result.endpoints.find((x) => x.name === o.target.endpoint);
    return e ? endpointCause(e, metric) : 'endpoint not in the results';
  }
  const named = o.brokenBy
    .map((name) => result.endpoints.find((e) => e.name === name))
    .filter((e): e is EndpointResult => e !== undefined);
  if (named.length === 0) return endpointCause(result.overall, metric);
  const shown = named.slice(0, offenders).map((e) => {
    const m = measure(e, metric);
    const value = m.value === null ? '' : ` ${formatMetricValue(metric, m.value, m.atLeast)}`;
    return `${e.name}${value}: ${endpointCause(e, metric)}`;
  });
  const more = named.length > offenders ? `; and ${named.length - offenders} more endpoint(s)` : '';
  return `${shown.join('; ')}${more}`;
}

/** Setup that left virtual users unready, in words ("setup: 0 of 10 users ready: login got 401 (10)"), or null. */
export function setupCause(result: RunResult): string | null {
  const { users, ready, failures } = result.setup;
  if (ready >= users) return null;
  const why = Object.entries(failures).map(([msg, n]) => `${msg} (${formatCount(n)})`).join('; ');
  return `setup: ${formatCount(ready)} of ${formatCount(users)} virtual users ready${why ? `: ${why}` : ''}`;
}
