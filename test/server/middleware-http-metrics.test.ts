import { describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import { httpMetrics } from '../../server/middleware/http-metrics.js';
import { createMetrics } from '../../server/metrics.js';

describe('httpMetricsMiddleware', () => {
  it('labels by route pattern, counts errors and 404s, and returns in-flight to zero', async () => {
    const m = createMetrics();
    const app = new Hono();
    app.use(httpMetrics(m));
    app.get('/users/:id', (c) => c.json({ id: c.req.param('id') }));
    app.get('/boom', () => {
      throw new Error('x');
    });
    app.onError((_e, c) => c.text('failed', 500));
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
});
