// Server hygiene, judged from the responses the probes saw: security headers, compression of a
// large response, and error bodies without stack traces. Pure.
import { answer, snippet } from './contract.js';
import { jsonOf, seen } from './http-probe.js';
import { makeItem } from './items.js';
import type { Check, HttpObservation, ReadinessItem } from './types.js';

/** hono/compress's default threshold, and FastAPI's GZipMiddleware(minimum_size=1000) in the plan. */
export const COMPRESS_THRESHOLD_BYTES = 1024;
export function judgeSecurityHeaders(responses: HttpObservation[]): ReadinessItem {
  const answered = responses.filter((r) => r.status !== null);
  const where = (list: HttpObservation[]) => list.map((r) => `${r.method} ${r.path}`).join(', ');
  const rule = (name: string, ok: (h: Record<string, string>) => boolean, good: string, bad: (h: Record<string, string>) => string): Check => {
    const failing = answered.filter((r) => !ok(r.headers));
    const pass = answered.length > 0 && failing.length === 0;
    const first = failing[0];
    const evidence = answered.length === 0 ? 'no response to inspect'
      : first ? `${bad(first.headers)} on ${where(failing)}` : `${good} on ${where(answered)}`;
    return { name, pass, evidence };
  };
  const frame = (h: Record<string, string>) =>
    /^(deny|sameorigin)$/i.test(h['x-frame-options'] ?? '') || /frame-ancestors\s+[^;]+/i.test(h['content-security-policy'] ?? '');
  const checks = [
    rule('x-content-type-options: nosniff', (h) => (h['x-content-type-options'] ?? '').toLowerCase() === 'nosniff',
      'nosniff', (h) => `x-content-type-options ${JSON.stringify(h['x-content-type-options'] ?? null)}`),
    rule('framing forbidden (x-frame-options or CSP frame-ancestors)', frame,
      'framing forbidden', (h) => `x-frame-options ${JSON.stringify(h['x-frame-options'] ?? null)}, no CSP frame-ancestors`),
    rule('no x-powered-by', (h) => h['x-powered-by'] === undefined,
      'no x-powered-by', (h) => `x-powered-by: ${h['x-powered-by']}`),
  ];
  const summary = checks.every((c) => c.pass) ? `nosniff, framing forbidden, no x-powered-by on ${where(answered)}` : undefined;
  return makeItem('security-headers', checks, { summary });
}

export type LargeResponse = { gzip: HttpObservation; identity: HttpObservation } | { why: string };

export function judgeCompression(large: LargeResponse, small: HttpObservation): ReadinessItem {
  const checks: Check[] = [];
  if ('why' in large) {
    checks.push({ name: 'large response gzipped', pass: false, evidence: large.why });
  } else {
    checks.push(largeCheck(large.gzip, large.identity));
  }
  const summary = checks.every((c) => c.pass) ? checks[0]?.evidence : undefined;
  const enc = small.headers['content-encoding'];
  checks.push({
    name: `small response (< ${COMPRESS_THRESHOLD_BYTES} B) sent as is`,
    pass: small.status !== null && (enc === undefined || enc === 'identity' || small.bodyBytes >= COMPRESS_THRESHOLD_BYTES),
    evidence: small.status === null ? answer(small)
      : `${small.method} ${small.path}: ${small.bodyBytes} B${enc ? `, content-encoding ${enc}` : ', not compressed'}`,
  });
  return makeItem('compression', checks, { summary });
}

function largeCheck(gzip: HttpObservation, identity: HttpObservation): Check {
  const name = `large response (> ${COMPRESS_THRESHOLD_BYTES} B) gzipped when asked`;
  const at = `${gzip.method} ${gzip.path}`;
  if (gzip.status !== 200 || identity.status !== 200) {
    return { name, pass: false, evidence: `${at}: expected 200, got ${answer(gzip.status !== 200 ? gzip : identity)}` };
  }
  if (identity.bodyBytes <= COMPRESS_THRESHOLD_BYTES) {
    return { name, pass: false, evidence: `${at} answered only ${identity.bodyBytes} B: no large response to judge` };
  }
  const enc = gzip.headers['content-encoding'];
  if (enc !== 'gzip') {
    return { name, pass: false, evidence: `${at}: ${identity.bodyBytes} B sent ${enc ? `as ${enc}` : 'uncompressed'} despite accept-encoding: gzip` };
  }
  const same = JSON.stringify(jsonOf(gzip)) === JSON.stringify(jsonOf(identity)) && jsonOf(gzip) !== undefined;
  if (!same) return { name, pass: false, evidence: `${at}: the gzipped body does not decode to the same JSON as the plain one` };
  const ratio = (gzip.wireBytes / identity.bodyBytes) * 100;
  return { name, pass: true, evidence: `${at}: gzip ${identity.bodyBytes} B -> ${gzip.wireBytes} B on the wire (${ratio.toFixed(0)} %)` };
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
    const problems = [
      r.status !== expectStatus ? `expected ${expectStatus}, got ${r.status ?? `no answer (${r.error})`}` : '',
      stack ? 'the body shows a stack trace or source path' : '',
      !shaped && r.status !== null ? 'the body is not a JSON error object' : '',
    ].filter(Boolean);
    const evidence = `${r.method} ${r.path}: ${pass ? seen(r) : problems.join('; ')}: ${snippet(r.body, 140)}`;
    return { name, pass, evidence };
  });
  const summary = checks.every((c) => c.pass)
    ? `${cases.map((c) => `${c.name}: ${c.response.status}`).join(', ')}; JSON errors, no stack trace`
    : undefined;
  return makeItem('error-bodies', checks, { summary });
}
