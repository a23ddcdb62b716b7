// Server hygiene, judged from the responses the probes saw: security headers, compression of a
// large response, and error bodies without stack traces. Pure.
import { answerOf, type Evidence, type HeaderRule } from './evidence.js';
import { jsonOf } from './http-probe.js';
import { makeItem } from './items.js';
import type { Check, HttpObservation, ReadinessItem } from './types.js';

/** hono/compress's default threshold, and FastAPI's GZipMiddleware(minimum_size=1000) in the plan. */
export const COMPRESS_THRESHOLD_BYTES = 1024;
export function judgeSecurityHeaders(responses: HttpObservation[]): ReadinessItem {
  const answered = responses.filter((r) => r.status !== null);
  const where = (list: HttpObservation[]) => list.map((r) => `${r.method} ${r.path}`);
  const rule = (name: string, id: HeaderRule, ok: (h: Record<string, string>) => boolean, header: string): Check => {
    const failing = answered.filter((r) => !ok(r.headers));
    const pass = answered.length > 0 && failing.length === 0;
    const first = failing[0];
    const evidence: Evidence = {
      kind: 'header', rule: id, where: where(answered),
      failing: first ? { where: where(failing), value: first.headers[header] ?? null } : null,
    };
    return { name, pass, evidence };
  };
  const frame = (h: Record<string, string>) =>
    /^(deny|sameorigin)$/i.test(h['x-frame-options'] ?? '') || /frame-ancestors\s+[^;]+/i.test(h['content-security-policy'] ?? '');
  const checks = [
    rule('x-content-type-options: nosniff', 'nosniff', (h) => (h['x-content-type-options'] ?? '').toLowerCase() === 'nosniff', 'x-content-type-options'),
    rule('framing forbidden (x-frame-options or CSP frame-ancestors)', 'framing', frame, 'x-frame-options'),
    rule('no x-powered-by', 'powered-by', (h) => h['x-powered-by'] === undefined, 'x-powered-by'),
  ];
  const summary = checks.every((c) => c.pass) ? { kind: 'headers' as const, where: where(answered) } : undefined;
  return makeItem('security-headers', checks, { summary });
}

export type LargeResponse = { gzip: HttpObservation; identity: HttpObservation } | { why: string };

export function judgeCompression(large: LargeResponse, small: HttpObservation): ReadinessItem {
  const checks: Check[] = [];
  if ('why' in large) {
    checks.push({ name: 'large response gzipped', pass: false, evidence: { kind: 'note', text: large.why } });
  } else {
    checks.push(largeCheck(large.gzip, large.identity));
  }
  const first = checks[0];
  const summary = first && checks.every((c) => c.pass) ? { kind: 'evidence' as const, evidence: first.evidence } : undefined;
  const enc = small.headers['content-encoding'];
  checks.push({
    name: `small response (< ${COMPRESS_THRESHOLD_BYTES} B) sent as is`,
    pass: small.status !== null && (enc === undefined || enc === 'identity' || small.bodyBytes >= COMPRESS_THRESHOLD_BYTES),
    evidence: {
      kind: 'small-response', at: `${small.method} ${small.path}`, bytes: small.bodyBytes,
      ...(enc ? { encoding: enc } : {}), ...(small.status === null ? { got: answerOf(small) } : {}),
    },
  });
  return makeItem('compression', checks, { summary });
}

function largeCheck(gzip: HttpObservation, identity: HttpObservation): Check {
  const name = `large response (> ${COMPRESS_THRESHOLD_BYTES} B) gzipped when asked`;
  const enc = gzip.headers['content-encoding'];
  const facts = { kind: 'gzip' as const, at: `${gzip.method} ${gzip.path}`, bytes: identity.bodyBytes, wireBytes: gzip.wireBytes, ...(enc ? { encoding: enc } : {}) };
  if (gzip.status !== 200 || identity.status !== 200) {
    return { name, pass: false, evidence: { ...facts, outcome: 'status', got: answerOf(gzip.status !== 200 ? gzip : identity) } };
  }
  if (identity.bodyBytes <= COMPRESS_THRESHOLD_BYTES) return { name, pass: false, evidence: { ...facts, outcome: 'too-small' } };
  if (enc !== 'gzip') return { name, pass: false, evidence: { ...facts, outcome: 'not-gzipped' } };
  const same = JSON.stringify(jsonOf(gzip)) === JSON.stringify(jsonOf(identity)) && jsonOf(gzip) !== undefined;
  if (!same) return { name, pass: false, evidence: { ...facts, outcome: 'different-json' } };
  return { name, pass: true, evidence: { ...facts, outcome: 'gzipped' } };
}

/** Text that gives away code: stack frames, file paths with line numbers, interpreter tracebacks. */
const STACK_PATTERNS: readonly RegExp[] = [
  /\bat\s+\S.*\(.*:\d+:\d+\)/, /\n\s+at\s+\S/, /\bnode:internal\b/, /\.(?:[cm]?js|ts|py|rb|java|go):\d+/,
  /Traceback \(most recent call last\)/,
  // A source file under a server directory; a bare path (an echoed URL) is not enough.
  /(?:\/home|\/usr|\/srv|\/app|\/opt|\/var|[A-Z]:)[\\/][\w.\\/-]*\.(?:[cm]?js|ts|py|rb|java|go|php)\b/,
];

export function looksLikeStack(body: string): boolean {
  return STACK_PATTERNS.some((p) => p.test(body));
}

export interface ErrorCase {
  name: string;
  expectStatus: number;
  response: HttpObservation;
}

export function judgeErrorBodies(cases: ErrorCase[]): ReadinessItem {
  const checks = cases.map(({ name, expectStatus, response: r }): Check => {
    const stack = looksLikeStack(r.body);
    const body = jsonOf(r) as { error?: unknown } | undefined;
    const shaped = typeof body === 'object' && body !== null && typeof body.error === 'string';
    const pass = r.status === expectStatus && !stack && shaped;
    return { name, pass, evidence: { kind: 'error-body', answer: answerOf(r), expected: expectStatus, pass, stack, shaped } };
  });
  const summary = checks.every((c) => c.pass)
    ? { kind: 'error-bodies' as const, cases: cases.map((c) => ({ name: c.name, status: c.response.status })) }
    : undefined;
  return makeItem('error-bodies', checks, { summary });
}
