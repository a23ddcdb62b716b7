import { describe, expect, it } from 'vitest';
import { judgeCompression as judgeCompressionFacts, judgeErrorBodies as judgeErrorBodiesFacts, judgeSecurityHeaders as judgeSecurityHeadersFacts, looksLikeStack } from '../../cli/readiness/judge-hygiene.js';
import { obs } from './readiness-fixtures.js';
import { wordItem } from '../../cli/render/readiness-json.js';

// The judges return facts; these word them as every readiness output does.
const judgeSecurityHeaders = (...a: Parameters<typeof judgeSecurityHeadersFacts>) => wordItem(judgeSecurityHeadersFacts(...a));
const judgeCompression = (...a: Parameters<typeof judgeCompressionFacts>) => wordItem(judgeCompressionFacts(...a));
const judgeErrorBodies = (...a: Parameters<typeof judgeErrorBodiesFacts>) => wordItem(judgeErrorBodiesFacts(...a));

const SECURE = { 'x-content-type-options': 'nosniff', 'x-frame-options': 'DENY' };

describe('judgeSecurityHeaders', () => {
  it('passes when every response has nosniff, forbids framing and hides x-powered-by', () => {
    const item = judgeSecurityHeaders([obs({ path: '/health', headers: SECURE }), obs({ path: '/api/me', headers: SECURE })]);
    expect(item).toMatchObject({ status: 'pass', score: 1 });
  });

  it('CSP frame-ancestors is as good as x-frame-options', () => {
    const csp = { 'x-content-type-options': 'nosniff', 'content-security-policy': "default-src 'none'; frame-ancestors 'none'" };
    expect(judgeSecurityHeaders([obs({ headers: csp })]).status).toBe('pass');
  });

  it('one response without nosniff is enough to fail that check, named with its path; the rest still score', () => {
    const item = judgeSecurityHeaders([
      obs({ path: '/health', headers: SECURE }),
      obs({ path: '/api/me', headers: { ...SECURE, 'x-content-type-options': 'sniff', 'x-powered-by': 'Express' } }),
    ]);
    expect(item.status).toBe('fail');
    expect(item.score).toBeCloseTo(1 / 3);
    expect(item.checks[0]?.evidence).toBe('x-content-type-options "sniff" on GET /api/me');
    expect(item.checks[2]?.evidence).toContain('x-powered-by: Express');
  });

  it('x-frame-options ALLOW-FROM does not forbid framing; no response at all is a fail', () => {
    expect(judgeSecurityHeaders([obs({ headers: { ...SECURE, 'x-frame-options': 'ALLOW-FROM https://x' } })]).checks[1]?.pass).toBe(false);
    expect(judgeSecurityHeaders([obs({ status: null, error: 'timeout' })]).score).toBe(0);
  });
});

describe('judgeCompression', () => {
  const json = { bio: 'x'.repeat(3000) };
  const identity = obs({ path: '/api/user/profile', body: json });
  const gzipped = (enc: string | undefined, wire = 120) => ({ ...obs({ path: '/api/user/profile', body: json, headers: enc ? { 'content-encoding': enc } : {} }), wireBytes: wire });
  const small = obs({ path: '/health', body: { status: 'ok' } });

  it('passes for a gzipped large body that decodes to the same JSON, and a small one sent as is', () => {
    const item = judgeCompression({ gzip: gzipped('gzip'), identity }, small);
    expect(item.status).toBe('pass');
    expect(item.summary).toMatch(/gzip 3010 B -> 120 B on the wire \(4 %\)/);
  });

  it('fails when the large body comes uncompressed or in another encoding', () => {
    expect(judgeCompression({ gzip: gzipped(undefined, 3012), identity }, small).checks[0]?.evidence).toContain('sent uncompressed despite accept-encoding: gzip');
    expect(judgeCompression({ gzip: gzipped('br'), identity }, small).status).toBe('fail');
  });

  it('a "large" response of exactly the threshold is not large enough to judge (near miss)', () => {
    const edge = obs({ body: 'x'.repeat(1024) });
    const item = judgeCompression({ gzip: { ...edge, headers: { 'content-encoding': 'gzip' } }, identity: edge }, small);
    expect(item.checks[0]?.evidence).toContain('answered only 1024 B');
  });

  it('gzipping a tiny body fails the small-response check; no large response at all fails with the reason', () => {
    expect(judgeCompression({ gzip: gzipped('gzip'), identity }, { ...small, headers: { 'content-encoding': 'gzip' } }).checks[1]?.pass).toBe(false);
    const item = judgeCompression({ why: 'the probe user could not sign in' }, small);
    expect(item).toMatchObject({ status: 'fail', score: 0 });
    expect(item.checks[0]?.evidence).toBe('the probe user could not sign in');
  });
});

describe('judgeErrorBodies and stack detection', () => {
  const trace = 'Error: boom\n    at readBody (/app/server/http/body.ts:12:11)\n    at async login (file:///srv/app.js:40:3)';

  it('recognises node and python traces and source paths, not ordinary messages', () => {
    expect(looksLikeStack(JSON.stringify({ error: 'internal', stack: trace }))).toBe(true);
    expect(looksLikeStack('Traceback (most recent call last):\n  File "main.py", line 3')).toBe(true);
    expect(looksLikeStack('{"detail":"error in /opt/api/main.py"}')).toBe(true);
    expect(looksLikeStack('{"error":"invalid_json","message":"The request body is not valid JSON at position 12"}')).toBe(false);
    expect(looksLikeStack('{"error":"not_found","message":"No route for GET /app/api/no-such-route"}')).toBe(false);
  });

  it('passes 400/404 JSON errors; fails a 500, a leaked stack and an HTML page', () => {
    const good = judgeErrorBodies([
      { name: 'malformed JSON body', expectStatus: 400, response: obs({ status: 400, body: { error: 'invalid_json', message: 'bad' } }) },
      { name: 'unknown route', expectStatus: 404, response: obs({ status: 404, body: { error: 'not_found', message: 'no route' } }) },
    ]);
    expect(good.status).toBe('pass');
    const bad = judgeErrorBodies([
      { name: 'malformed JSON body', expectStatus: 400, response: obs({ status: 500, body: { error: 'internal', stack: trace } }) },
      { name: 'unknown route', expectStatus: 404, response: obs({ status: 404, body: '<html>Cannot GET /x</html>' }) },
    ]);
    expect(bad.score).toBe(0);
    expect(bad.checks[0]?.evidence).toContain('expected 400, got 500; the body shows a stack trace or source path');
    expect(bad.checks[1]?.evidence).toContain('not a JSON error object');
  });
});
