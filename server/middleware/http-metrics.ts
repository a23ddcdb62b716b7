// Request duration by route pattern (never the raw path, which would explode cardinality)
// and the number of requests in flight.
import type { MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import type { AppMetrics } from '../metrics.js';
import type { AppEnv } from '../http/env.js';

export function httpMetrics(metrics: AppMetrics): MiddlewareHandler<AppEnv> {
  return async function httpMetricsMiddleware(c, next) {
    const t0 = performance.now();
    metrics.inFlight.inc();
    try {
      await next();
    } finally {
      metrics.inFlight.dec();
      // Middleware is registered for ALL methods; the last non-ALL match is the route handler.
      const last = matchedRoutes(c).at(-1);
      const route = last && last.method !== 'ALL' ? last.path : 'unmatched';
      metrics.httpDuration.observe(
        { method: c.req.method, route, status: String(c.res.status) },
        (performance.now() - t0) / 1000,
      );
    }
  };
}
