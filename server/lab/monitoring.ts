// The monitoring of the team's server before phase 3: GET /health answers from the database, through
// the same pool as the API (a count over the busiest tables: a scan each), so it is slow when the API
// is and times out when the pool is stuck. Phase 3 ("lightweight health check") is the server's own
// /health: status and uptime, no database. The memory side of the same monitoring (every request's
// context kept for a "recent activity" view) is the memory-pressure fault, applied alongside.
import type { MiddlewareHandler } from 'hono';
import type { AppContext } from '../context.js';
import type { AppEnv } from '../http/env.js';
import { json } from '../http/respond.js';

const TABLES = ['users', 'sessions', 'refresh_tokens', 'email_verifications'] as const;

export function applyHeavyHealth(ctx: AppContext): void {
  const counts = TABLES.map((t) => [t, ctx.sqlite.prepare(`SELECT COUNT(*) FROM ${t}`).pluck()] as const);
  const heavyHealth: MiddlewareHandler<AppEnv> = async function heavyHealth(c, next) {
    if (c.req.method !== 'GET' || c.req.path !== '/health') return next();
    const rows = await ctx.data.run(() => Object.fromEntries(counts.map(([t, q]) => [t, q.get() as number])));
    return json(c, { status: 'ok', rows });
  };
  ctx.extraMiddleware.push(heavyHealth);
}
