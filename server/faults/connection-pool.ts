// A small bounded pool of better-sqlite3 connections to one database file, the way a server
// talks to a networked database: a caller waits for a free connection, and gives up with 503
// `db_pool_timeout` after the acquire timeout. Waiting is FIFO (the admission limiter's queue).
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { openDatabase, type Sqlite } from '../db/open.js';
import { createRepo, type Repo } from '../db/repo.js';
import { createLimiter } from '../limiter.js';
import { ApiError } from '../http/respond.js';

export interface PooledConnection {
  repo: Repo;
  release(): void;
}

export interface ConnectionPool {
  acquire(): Promise<PooledConnection>;
  readonly inUse: number;
  readonly waiting: number;
  close(): void;
}

export interface PoolOptions {
  path: string;
  size: number;
  acquireTimeoutMs: number;
  /** Pool gauges and counters are registered here (the app's /metrics). */
  registry: Registry;
}

export const poolTimeout = () =>
  new ApiError(503, 'db_pool_timeout', 'No database connection became free in time; retry later', { headers: { 'Retry-After': '1' } });

export function createConnectionPool(o: PoolOptions): ConnectionPool {
  const free: { db: Sqlite; repo: Repo }[] = [];
  for (let i = 0; i < o.size; i++) {
    const db = openDatabase(o.path);
    free.push({ db, repo: createRepo(db) });
  }
  const all = [...free];
  const registers = [o.registry];
  const wait = new Histogram({
    name: 'db_pool_acquire_wait_seconds',
    help: 'Time a request waited for a database connection (acquired or timed out)',
    labelNames: ['outcome'] as const,
    buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5],
    registers,
  });
  const timeouts = new Counter({ name: 'db_pool_timeouts_total', help: 'Acquires that gave up (answered 503 db_pool_timeout)', registers });
  const slots = createLimiter({
    concurrency: o.size,
    queueSize: Infinity,
    maxWaitMs: o.acquireTimeoutMs,
    onAdmit: (ms) => wait.observe({ outcome: 'acquired' }, ms / 1000),
    onShed: (_reason, ms) => {
      wait.observe({ outcome: 'timeout' }, ms / 1000);
      timeouts.inc();
    },
  });
  new Gauge({ name: 'db_pool_size', help: 'Connections in the pool', registers }).set(o.size);
  new Gauge({ name: 'db_pool_in_use', help: 'Connections checked out', registers, collect() { this.set(slots.active); } });
  new Gauge({ name: 'db_pool_waiting', help: 'Requests waiting for a connection', registers, collect() { this.set(slots.queued); } });

  return {
    async acquire() {
      const slot = await slots.acquire();
      if (!slot.admitted) throw poolTimeout();
      // A slot guarantees a free connection: slots and connections are counted alike.
      const conn = free.pop() as { db: Sqlite; repo: Repo };
      let released = false;
      return {
        repo: conn.repo,
        release() {
          if (released) return;
          released = true;
          free.push(conn);
          slot.release();
        },
      };
    },
    get inUse() {
      return slots.active;
    },
    get waiting() {
      return slots.queued;
    },
    close() {
      for (const c of all) if (c.db.open) c.db.close();
    },
  };
}
