import { describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import { frame } from '../../server/http/frame.js';
import { routeTable } from '../../server/http/chain.js';
import { json } from '../../server/http/respond.js';
import { createMetrics } from '../../server/metrics.js';
import type { AppEnv } from '../../server/http/env.js';

function framedApp(security = true) {
  const m = createMetrics();
  const app = new Hono<AppEnv>();
  const routes = routeTable(app, () => []);
  routes.get('/users/:id', (c) => json(c, { id: c.req.param('id') }));
  routes.get('/text', (c) => c.text('plain'));
  routes.get('/boom', () => {
    throw new Error('x');
  });
  routes.get('/twice', (c) => {
    json(c, { first: true }, 429, { 'Retry-After': '9' });
    throw new Error('after the first answer');
  });
  app.onError((e, c) => (e.message === 'after the first answer' ? json(c, { second: true }, 500) : c.text('failed', 500)));
  return { m, app: frame(app, { metrics: m, security }) };
}

describe('the request frame', () => {
  it('labels the duration metric by route pattern, counts errors and 404s, and returns in-flight to zero', async () => {
    const { m, app } = framedApp();
    await app.request('/users/1');
    await app.request('/users/2');
    await app.request('/boom');
    await app.request('/nope');
    const text = await m.registry.metrics();
    expect(text).toMatch(/http_request_duration_seconds_count\{method="GET",route="\/users\/:id",status="200"\} 2/);
    expect(text).toMatch(/http_request_duration_seconds_count\{method="GET",route="\/boom",status="500"\} 1/);
    expect(text).toMatch(/http_request_duration_seconds_count\{method="GET",route="unmatched",status="404"\} 1/);
    expect(text).toMatch(/http_requests_in_flight 0/);
  });

  it('puts the request id, Server-Timing and the security set on answers json() built and on others', async () => {
    const { app } = framedApp();
    for (const path of ['/users/1', '/text', '/boom', '/nope']) {
      const res = await app.request(path, { headers: { 'x-request-id': 'abc-123' } });
      expect(res.headers.get('x-request-id'), path).toBe('abc-123');
      expect(res.headers.get('server-timing'), path).toMatch(/total;dur=\d+\.\d/);
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
    }
  });

  it('never carries one answer\'s own headers over to a second built in the same request', async () => {
    const res = await framedApp().app.request('/twice');
    expect([res.status, await res.json(), res.headers.get('retry-after')]).toEqual([500, { second: true }, null]);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('makes up a request id for a missing or unsafe one, and leaves the security set out when asked', async () => {
    const { app } = framedApp(false);
    const made = (await app.request('/users/1', { headers: { 'x-request-id': 'bad id\u0007' } })).headers;
    expect(made.get("x-request-id")).toMatch(/^[0-9a-f]{16}-[0-9a-z]+$/);
    expect(made.get('x-content-type-options')).toBeNull();
  });

  it('takes the request id from node\'s own headers when the server hands them over', async () => {
    const { app } = framedApp();
    const res = await app.request('/users/1', { headers: { 'x-request-id': 'from-fetch' } }, { incoming: { headers: { 'x-request-id': 'from-node' } } });
    expect(res.headers.get('x-request-id')).toBe('from-node');
  });
});
