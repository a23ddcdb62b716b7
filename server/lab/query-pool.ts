// The plan's step 3 as a fix: the same small pool (pool_size=3 + max_overflow=5 = 8 connections),
// with each connection held only for the queries of one `data.run` call, never across the password
// hash, the admission wait or a call to the mail host, and an acquire timeout of 2 s after which the
// caller gets 503 db_pool_timeout at once instead of waiting behind a stuck request.
import type { AppContext, DataAccess } from '../context.js';
import { createConnectionPool } from '../faults/connection-pool.js';

export const POOL = { size: 3 + 5, requestScopedWaitMs: 30_000, queryScopedWaitMs: 2_000 } as const;

export function applyQueryScopedPool(ctx: AppContext): () => void {
  if (ctx.sqlite.memory) throw new Error('the lab pool needs a database file that several connections share (not :memory:)');
  const pool = createConnectionPool({ path: ctx.sqlite.name, size: POOL.size, acquireTimeoutMs: POOL.queryScopedWaitMs, registry: ctx.metrics.registry });
  const data: DataAccess = {
    async run(fn) {
      const conn = await pool.acquire();
      try {
        return await fn(conn.repo);
      } finally {
        conn.release();
      }
    },
  };
  ctx.data = data;
  ctx.tokens = { accessState: (sid, jti) => data.run((repo) => repo.sessions.accessState(sid, jti)) };
  return () => pool.close();
}
