// Overload behaviour: a burst of concurrent logins larger than any admission queue must be met
// with fast refusals (503 or 429 with Retry-After) or be served quickly, never left to time out.
// A refusal without Retry-After, any other 5xx or a dropped connection fails too. Pure.
import { formatMs } from '../core/format.js';
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

function group(list: HttpObservation[], what: string): string {
  if (list.length === 0) return '';
  const max = Math.max(...list.map((r) => r.ms));
  return `${list.length} ${what} (p95 ${formatMs(p95(list))}, max ${formatMs(max)})`;
}

export function judgeOverload(o: OverloadObservation): ReadinessItem {
  const rs = o.responses;
  const timeouts = rs.filter((r) => r.error === 'timeout');
  const dropped = rs.filter((r) => r.status === null && r.error !== 'timeout');
  const ok = rs.filter((r) => r.status !== null && r.status >= 200 && r.status < 300);
  const refusals = rs.filter((r) => r.status === 503 || r.status === 429);
  const withRetry = refusals.filter((r) => r.headers['retry-after'] !== undefined);
  const otherErrors = rs.filter((r) => r.status !== null && r.status >= 300 && r.status !== 503 && r.status !== 429);
  const statusCounts = countBy(otherErrors.map((r) => String(r.status)));

  const seenText = [
    group(ok, '2xx'),
    group(withRetry, `${describeRefusals(withRetry)} with Retry-After`),
    group(refusals.filter((r) => !withRetry.includes(r)), `${describeRefusals(refusals.filter((r) => !withRetry.includes(r)))} WITHOUT Retry-After`),
    otherErrors.length ? `${otherErrors.length} other (${statusCounts})` : '',
    group(timeouts, `timed out after ${formatMs(o.timeoutMs)}`),
    dropped.length ? `${dropped.length} without an answer (${countBy(dropped.map((r) => r.error ?? 'error'))})` : '',
  ].filter(Boolean).join(', ');
  const lead = `${o.burst} concurrent logins: ${seenText || 'nothing came back'}`;

  const shedding = withRetry.length > 0;
  const servedFast = ok.length === rs.length && rs.length > 0 && p95(ok) < ALL_SERVED_P95_MS;
  const checks: Check[] = [
    { name: 'no request timed out', pass: timeouts.length === 0, evidence: timeouts.length ? `${timeouts.length} of ${rs.length} timed out` : lead },
    { name: 'no connection dropped', pass: dropped.length === 0, evidence: dropped.length ? lead : 'every request got an answer' },
    {
      name: 'refusals are 503/429 with Retry-After, no other errors',
      pass: withRetry.length === refusals.length && otherErrors.length === 0,
      evidence: withRetry.length === refusals.length && otherErrors.length === 0
        ? (refusals.length ? `${refusals.length} refusals, each with Retry-After` : 'no refusals, no errors')
        : lead,
    },
    {
      name: `sheds load (some 503 + Retry-After) or serves all fast (P95 < ${formatMs(ALL_SERVED_P95_MS)})`,
      pass: shedding || servedFast,
      evidence: shedding || servedFast ? lead : `${lead}: neither shed nor fast, so requests queue`,
    },
  ];
  return makeItem('overload', checks, { summary: lead });
}

function describeRefusals(list: HttpObservation[]): string {
  const c = countBy(list.map((r) => String(r.status)));
  return c ? `refused (${c})` : 'refused';
}

/** "503 × 80, 429 × 2", most frequent first. */
function countBy(values: string[]): string {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} × ${n}`).join(', ');
}
