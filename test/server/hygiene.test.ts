// HTTP hygiene of the reference server: bodies must be sent as JSON (415 otherwise, even when
// they hold JSON), authenticated answers are never cached, /metrics can require a token.
import { afterEach, describe, expect, it } from 'vitest';
import { makeApp, type TestApp } from './helpers.js';
import { SEED_PASSWORD, seedEmail } from '../../server/seed.js';

let t: TestApp;
afterEach(() => t.close());

describe('request bodies', () => {
  it('answers 415 for a text/plain, form-encoded or untyped body holding JSON, and takes JSON types', async () => {
    t = await makeApp();
    const raw = JSON.stringify({ email: seedEmail(1), password: SEED_PASSWORD });
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', undefined]) {
      const res = await t.req('POST', '/api/auth/login', { raw, headers: type ? { 'content-type': type } : {} });
      expect(res.status, String(type)).toBe(415);
      expect((await res.json()).error).toBe('unsupported_media_type');
    }
    for (const type of ['application/json', 'application/json; charset=utf-8', 'Application/JSON']) {
      expect((await t.req('POST', '/api/auth/login', { raw, headers: { 'content-type': type } })).status, type).toBe(200);
    }
    // An optional body may still be absent altogether.
    const { access_token: token } = await t.login();
    expect((await t.req('POST', '/api/auth/logout', { token })).status).toBe(204);
  });
});

describe('caching', () => {
  it('marks every authenticated answer Cache-Control: no-store, errors included', async () => {
    t = await makeApp();
    const { access_token: token } = await t.login();
    for (const [method, path] of [['GET', '/api/me'], ['GET', '/api/user/profile'], ['GET', '/api/auth/2fa/status']] as const) {
      const res = await t.req(method, path, { token });
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control'), path).toBe('no-store');
    }
    const bad = await t.req('PUT', '/api/user/profile', { token, body: { locale: 'nope' } });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('cache-control')).toBe('no-store');
    expect((await t.req('GET', '/health')).headers.get('cache-control')).toBeNull();
  });
});

describe('/metrics', () => {
  it('is open without a token (loopback use) and needs the bearer token when one is set', async () => {
    t = await makeApp();
    expect((await t.req('GET', '/metrics')).status).toBe(200);
    t.close();
    t = await makeApp({ metricsToken: 'scrape-token-0123456789' });
    expect((await t.req('GET', '/metrics')).status).toBe(401);
    expect((await t.req('GET', '/metrics', { headers: { authorization: 'Bearer wrong-token-0123456789' } })).status).toBe(401);
    const ok = await t.req('GET', '/metrics', { headers: { authorization: 'Bearer scrape-token-0123456789' } });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toMatch(/^http_request_duration_seconds_bucket/m);
  });
});

describe('serve warns when /metrics is reachable beyond loopback', () => {
  it('treats only 127.0.0.0/8, ::1 and localhost as loopback', async () => {
    const { isLoopback } = await import('../../cli/commands/serve.js');
    expect(['127.0.0.1', '127.8.9.10', '::1', 'localhost'].every(isLoopback)).toBe(true);
    expect(['0.0.0.0', '::', '192.168.1.5', '10.0.0.1', '128.0.0.1'].some(isLoopback)).toBe(false);
  });
});
