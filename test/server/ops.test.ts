import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { gunzipSync } from 'node:zlib';
import { makeApp, type TestApp } from './helpers.js';
import { SEED_PASSWORD, seedEmail } from '../../server/seed.js';

let t: TestApp;
beforeEach(async () => {
  t = await makeApp();
});
afterEach(() => t.close());

describe('operational endpoints', () => {
  it('GET /health answers without touching the database', async () => {
    t.ctx.sqlite.close();
    const res = await t.req('GET', '/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', uptime_s: expect.any(Number) });
  });

  it('GET /ready answers 200 with the DB and 503 without', async () => {
    expect((await t.req('GET', '/ready')).status).toBe(200);
    t.ctx.sqlite.close();
    const res = await t.req('GET', '/ready');
    expect(res.status).toBe(503);
    expect((await res.json()).error).toBe('not_ready');
  });

  it('GET /metrics exposes runtime, HTTP and admission metrics for this app', async () => {
    await t.login();
    await t.req('GET', '/nowhere');
    const res = await t.req('GET', '/metrics');
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await res.text();
    for (const name of ['nodejs_eventloop_lag_p99_seconds', 'nodejs_eventloop_utilization_ratio', 'nodejs_heap_size_used_bytes', 'nodejs_gc_duration_seconds', 'http_requests_in_flight', 'admission_queue_depth', 'admission_wait_seconds_bucket', 'admission_shed_total']) {
      expect(text).toContain(name);
    }
    expect(text).toMatch(/http_request_duration_seconds_count\{method="POST",route="\/api\/auth\/login",status="200"\} 1/);
    expect(text).toMatch(/http_request_duration_seconds_count\{method="GET",route="unmatched",status="404"\} 1/);
  });
});

describe('cross-cutting behaviour', () => {
  it('answers unknown routes with a JSON 404', async () => {
    const res = await t.req('POST', '/api/unknown');
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: 'not_found' });
  });

  it('never leaks a stack trace on an unexpected error', async () => {
    const logged: string[] = [];
    t.ctx.log = (l) => logged.push(l);
    t.ctx.sqlite.close(); // every DB call now throws TypeError
    const res = await t.req('POST', '/api/auth/login', { body: { email: seedEmail(1), password: SEED_PASSWORD } });
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({ error: 'internal_error', message: 'Internal server error' });
    expect(text).not.toMatch(/at |\.ts|\.js/);
    expect(logged.join('\n')).toMatch(/database connection is not open/);
  });

  it('sets request id, security headers and Server-Timing spans', async () => {
    const { access_token } = await t.login();
    const res = await t.req('GET', '/api/me', { token: access_token, headers: { 'x-request-id': 'abc-123' } });
    expect(res.headers.get('x-request-id')).toBe('abc-123');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('strict-transport-security')).toMatch(/max-age/);
    const timing = res.headers.get('server-timing') ?? '';
    expect(timing).toMatch(/auth;dur=/);
    expect(timing).toMatch(/db;dur=/);
    expect(timing).toMatch(/total;dur=/);
    const login = await t.req('POST', '/api/auth/login', { body: { email: seedEmail(1), password: SEED_PASSWORD } });
    expect(login.headers.get('server-timing')).toMatch(/admission;dur=.*hash;dur=/);
  });

  it('skips compression for small JSON and compresses large bodies', async () => {
    const small = await t.req('GET', '/health', { headers: { 'accept-encoding': 'gzip' } });
    expect(small.headers.get('content-encoding')).toBeNull();
    expect(Number(small.headers.get('content-length'))).toBeLessThan(1024);
    const big = await t.req('GET', '/metrics', { headers: { 'accept-encoding': 'gzip' } });
    expect(big.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(Buffer.from(await big.arrayBuffer())).toString()).toContain('http_requests_in_flight');
  });
});
