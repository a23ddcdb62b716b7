// The daily timeout check as text: "N/7 resolved", then one line per endpoint, unresolved first, with
// why, the slowest percentiles and the error classes. Pure.
import type { TimeoutCheck } from '../evaluate/timeout-check.js';
import { formatMs, formatPercent } from '../core/format.js';
import { describeResolved } from '../plan/phase-goals.js';

/** What "resolved" means, from the phase 1 scenario the bar is read from. */
export const RESOLVED_DEFINITION = `resolved = ${describeResolved()} under load`;

export function timeoutHeadline(check: TimeoutCheck): string {
  return `${check.resolved}/${check.total} resolved (${RESOLVED_DEFINITION})`;
}

export function renderTimeoutCheck(check: TimeoutCheck, context: string): string {
  const lines = [timeoutHeadline(check), context, ''];
  const ordered = [...check.endpoints].sort((a, b) => Number(a.resolved) - Number(b.resolved));
  const width = Math.max(...ordered.map((e) => e.label.length));
  for (const e of ordered) {
    const word = e.resolved ? 'resolved  ' : 'UNRESOLVED';
    const at = e.atLeast ? '>= ' : '';
    const lat = e.p95 === null ? 'not measured'
      : `p95 ${at}${formatMs(e.p95)}, p99 ${at}${formatMs(e.p99 ?? 0)}, max ${formatMs(e.max ?? 0)}, errors ${formatPercent(e.errorRate)} of ${e.attempted}`;
    lines.push(`${word}  ${e.label.padEnd(width)}  ${lat}`);
    if (!e.resolved) {
      const classes = Object.entries(e.errorClasses).map(([k, v]) => `${k} ${v}`).join(', ');
      lines.push(`${' '.repeat(12 + width)}why: ${e.reasons.join('; ')}${classes ? `; error classes: ${classes}` : ''}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
