// Overload behaviour: a burst of concurrent logins larger than any admission queue must be met
// with fast refusals (503 or 429 with Retry-After) or be served quickly, never left to time out.
// A refusal without Retry-After, any other 5xx or a dropped connection fails too. Pure.
import { formatMs } from '../core/format.js';
import type { Counts, Evidence, Group, OverloadFacts } from './evidence.js';
import { makeItem } from './items.js';
import type { Check, HttpObservation, ReadinessItem } from './types.js';

/** Served without shedding counts as "fast" when its P95 stays under phase 1's ceiling. */
export const ALL_SERVED_P95_MS = 1000;

export interface OverloadObservation {
  /** Logins sent at once. */
  burst: number;
  /** Per-request timeout of the probe, ms. */
  timeoutMs: number;
  responses: HttpObservation[];
}

function p95(list: HttpObservation[]): number {
  const ms = list.map((r) => r.ms).sort((a, b) => a - b);
  return ms[Math.min(ms.length - 1, Math.ceil(ms.length * 0.95) - 1)] ?? 0;
}

function group(list: HttpObservation[]): Group {
  return { count: list.length, p95: p95(list), max: list.length ? Math.max(...list.map((r) => r.ms)) : 0 };
}

/** How often each value was seen, most frequent first. */
function countBy(values: string[]): Counts {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1]);
}

const statuses = (list: HttpObservation[]) => countBy(list.map((r) => String(r.status)));

export function judgeOverload(o: OverloadObservation): ReadinessItem {
  const rs = o.responses;
  const timeouts = rs.filter((r) => r.error === 'timeout');
  const dropped = rs.filter((r) => r.status === null && r.error !== 'timeout');
  const ok = rs.filter((r) => r.status !== null && r.status >= 200 && r.status < 300);
  const refusals = rs.filter((r) => r.status === 503 || r.status === 429);
  const withRetry = refusals.filter((r) => r.headers['retry-after'] !== undefined);
  const withoutRetry = refusals.filter((r) => !withRetry.includes(r));
  const otherErrors = rs.filter((r) => r.status !== null && r.status >= 300 && r.status !== 503 && r.status !== 429);
  const facts: OverloadFacts = {
    burst: o.burst, timeoutMs: o.timeoutMs, total: rs.length,
    ok: group(ok),
    retried: { ...group(withRetry), statuses: statuses(withRetry) },
    unretried: { ...group(withoutRetry), statuses: statuses(withoutRetry) },
    other: { count: otherErrors.length, statuses: statuses(otherErrors) },
    timedOut: group(timeouts),
    dropped: { count: dropped.length, errors: countBy(dropped.map((r) => r.error ?? 'error')) },
  };
  const show = (s: Extract<Evidence, { kind: 'overload' }>['show']): Evidence => ({ kind: 'overload', facts, show: s });

  const shedding = withRetry.length > 0;
  const servedFast = ok.length === rs.length && rs.length > 0 && p95(ok) < ALL_SERVED_P95_MS;
  const cleanRefusals = withRetry.length === refusals.length && otherErrors.length === 0;
  const checks: Check[] = [
    { name: 'no request timed out', pass: timeouts.length === 0, evidence: show(timeouts.length ? 'timed-out' : 'all') },
    { name: 'no connection dropped', pass: dropped.length === 0, evidence: show(dropped.length ? 'all' : 'all-answered') },
    { name: 'refusals are 503/429 with Retry-After, no other errors', pass: cleanRefusals, evidence: show(cleanRefusals ? 'refusals-retried' : 'all') },
    {
      name: `sheds load (some 503 + Retry-After) or serves all fast (P95 < ${formatMs(ALL_SERVED_P95_MS)})`,
      pass: shedding || servedFast,
      evidence: show(shedding || servedFast ? 'all' : 'queues'),
    },
  ];
  return makeItem('overload', checks, { summary: { kind: 'evidence', evidence: show('all') } });
}
