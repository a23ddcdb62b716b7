// pool-exhaustion: every database access goes through a pool of 2 connections, checked out by a
// request on first use and returned only when its response is done (a request-scoped
// connection). A login takes its connection for the lockout check and keeps it through the
// admission wait and the ~50 ms password hash, so two logins hold the whole pool and every
// other database endpoint queues behind them, then times out at acquire (503 db_pool_timeout).
import { AsyncLocalStorage } from 'node:async_hooks';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../http/env.js';
import type { AppContext, DataAccess } from '../context.js';
import { createConnectionPool, type ConnectionPool, type PooledConnection } from './connection-pool.js';
import { ACQUIRE_TIMEOUT_MS, POOL_SIZE } from './catalog.js';
import type { Fault } from './types.js';

interface RequestScope {
  conn: Promise<PooledConnection> | null;
}

function rewire(ctx: AppContext, pool: ConnectionPool): void {
  const scopes = new AsyncLocalStorage<RequestScope>();
  const data: DataAccess = {
    async run(fn) {
      const scope = scopes.getStore();
      if (!scope) {
        // Outside a request (start-up work): check out for this call only.
        const conn = await pool.acquire();
        try {
          return await fn(conn.repo);
        } finally {
          conn.release();
        }
      }
      scope.conn ??= pool.acquire();
      return fn((await scope.conn).repo);
    },
  };
  const requestConnection: MiddlewareHandler<AppEnv> = async function requestConnection(_c, next) {
    const scope: RequestScope = { conn: null };
    try {
      await scopes.run(scope, next);
    } finally {
      // A failed acquire has nothing to give back.
      if (scope.conn) await scope.conn.then((c) => c.release(), () => undefined);
    }
  };
  ctx.data = data;
  // Bearer auth's per-request token check uses the request's connection too.
  ctx.tokens = { accessState: (sid, jti) => data.run((repo) => repo.sessions.accessState(sid, jti)) };
  ctx.extraMiddleware.push(requestConnection);
}

/** The fault with another pool size or acquire timeout (tests use a short timeout). */
export function poolExhaustionWith(o: { size?: number; acquireTimeoutMs?: number } = {}): Fault {
  const size = o.size ?? POOL_SIZE;
  const acquireTimeoutMs = o.acquireTimeoutMs ?? ACQUIRE_TIMEOUT_MS;
  return {
    name: 'pool-exhaustion',
    apply(ctx) {
      if (ctx.sqlite.memory) throw new Error('pool-exhaustion needs a database file that several connections share (not :memory:)');
      const pool = createConnectionPool({ path: ctx.sqlite.name, size, acquireTimeoutMs, registry: ctx.metrics.registry });
      rewire(ctx, pool);
      return () => pool.close();
    },
  };
}

export const poolExhaustion = poolExhaustionWith();
