// Operational endpoints: liveness (no DB, no auth), readiness (DB), Prometheus metrics.
import type { AppContext } from '../context.js';
import type { AppEnv } from '../http/env.js';
import { json, unauthorized } from '../http/respond.js';
import { timingSafeEqual } from 'node:crypto';
import type { RouteTable } from '../http/chain.js';

export function opsRoutes(routes: RouteTable, ctx: AppContext): void {
  const started = performance.now();

  routes.get('/health', function health(c) {
    return json(c, { status: 'ok', uptime_s: Math.round((performance.now() - started) / 1000) });
  });

  routes.get('/ready', async function ready(c) {
    try {
      await ctx.data.run((repo) => repo.ping.get());
      return json(c, { status: 'ready' });
    } catch {
      return json(c, { error: 'not_ready', message: 'The database is not reachable' }, 503);
    }
  });

  // Internal: process and traffic details for the operator's scraper, never for the public.
  // With a token, a scrape must present it; without one, keep the server on loopback.
  const expected = ctx.metricsToken === undefined ? null : Buffer.from(`Bearer ${ctx.metricsToken}`);
  routes.get('/metrics', async function metrics(c) {
    if (expected) {
      const got = Buffer.from(c.req.header('Authorization') ?? '');
      if (got.length !== expected.length || !timingSafeEqual(got, expected)) throw unauthorized('unauthorized', 'GET /metrics needs the metrics token (Authorization: Bearer <token>)');
    }
    const text = await ctx.metrics.registry.metrics();
    return c.body(text, 200, { 'Content-Type': ctx.metrics.registry.contentType });
  });
}
