// One HTTP exchange of a readiness probe in words: what came back, how long it took, and how it
// differs from the contract. Pure.
import { formatMsFixed } from '../core/format.js';
import type { Answer, Mismatch } from '../readiness/evidence.js';

/** Collapses whitespace and cuts long text: what an answer's body shows in a line. */
export function snippet(text: string, max = 100): string {
  const one = text.replace(/\s+/g, ' ').trim();
  if (one === '') return '(empty body)';
  return one.length > max ? `${one.slice(0, max)}…` : one;
}

/** "404 {"error":"not_found",...}" or "no answer (timeout)". */
export function answerText(o: Pick<Answer, 'status' | 'error' | 'body'>): string {
  if (o.status === null) return `no answer (${o.error ?? 'error'})`;
  return o.body ? `${o.status} ${snippet(o.body)}` : String(o.status);
}

/** "200 in 12 ms", "no answer (timeout) after 5000 ms": one exchange in words. */
export function seen(o: Pick<Answer, 'status' | 'error' | 'ms'>): string {
  const ms = formatMsFixed(o.ms, o.ms < 10 ? 1 : 0);
  return o.status === null ? `no answer (${o.error ?? 'error'}) after ${ms}` : `${o.status} in ${ms}`;
}

export function mismatchText(m: Mismatch): string {
  switch (m.kind) {
    case 'status': return `expected ${m.expected}, got ${answerText(m.got)}`;
    case 'not-object': return `expected a JSON object, got ${snippet(m.body)}`;
    case 'fields': return `${m.status} but missing or mistyped: ${m.wrong.map((w) => `${w.field} (${w.type})`).join(', ')}`;
    case 'error-code': return `${m.status} but error "${m.got}", expected "${m.expected}"`;
    case 'header-missing': return `${m.status} without a ${m.header} header`;
    case 'bearer': return `token_type "${m.tokenType}", expires_in ${m.expiresIn}: expected Bearer and a positive lifetime`;
    case 'not-echoed': return `${m.field} "${m.got}" not the one sent`;
  }
}
