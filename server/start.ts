// Starts the reference server on a real socket: database, context, faults, app, listener.
// close() stops accepting, lets in-flight requests finish, then closes the database.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { openDatabase } from './db/open.js';
import { createContext, type AppContext } from './context.js';
import { applyFaults } from './faults/index.js';
import { findFault } from './faults/catalog.js';
import { applyPreset } from './lab/apply.js';
import { createApp } from './app.js';
import { seedUsers } from './seed.js';
import { validateServerOptions, type ServerOptions } from './config.js';
import { startMaintenance } from './maintenance.js';
import { DEFAULT_ADMISSION } from './limiter.js';

export interface RunningServer {
  url: string;
  port: number;
  dbPath: string;
  seeded: number;
  ctx: AppContext;
  close(): Promise<void>;
}

/**
 * How much lower the hashing threads' priority is than the event loop's (nice, Linux): under
 * SCHED_IDLE, and alone once the pool has left SCHED_IDLE (auth/hash-pool.ts). +5 weighs a
 * hash a third of the event loop when both want one core; +10 (a tenth) gave the event loop a
 * little more, but let any other busy process on a shared box starve the logins.
 */
export const HASH_NICE_INCREMENT = 5;

/** Grace period for in-flight requests before remaining connections are cut. */
const DRAIN_MS = 5000;

export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const problems = validateServerOptions(opts);
  if (problems.length) throw new Error(problems.join('; '));

  const tempDir = opts.db === undefined ? mkdtempSync(join(tmpdir(), 'zimmer-bench-')) : null;
  const dbPath = tempDir ? join(tempDir, 'server.db') : (opts.db as string);
  // The temporary file is this process's alone and gone when it exits: never synced to disk, and
  // held exclusively unless a lab state or a fault opens it again through a pool of connections
  // (server/db/open.ts). A file the caller named stays durable and shared, so another process
  // can read it while the server runs.
  const reopened = opts.preset !== undefined || opts.faults.some((f) => findFault(f)?.reopensDatabase);
  const sqlite = openDatabase(dbPath, { exclusive: tempDir !== null && !reopened, scratch: tempDir !== null });
  let ctxForCleanup: AppContext | undefined;
  const cleanupDb = () => {
    void ctxForCleanup?.hashEngine?.close();
    if (sqlite.open) sqlite.close();
    if (tempDir) rmSync(tempDir, { recursive: true, force: true });
  };
  let ctx: AppContext;
  let seeded: number;
  // Undoes what the faults set up (their connections, listeners); runs before the database closes.
  let disposeFaults = async () => {};
  try {
    // Hashes on threads the scheduler serves after the event loop: a login storm then slows
    // logins, not every other request (auth/hash-pool.ts).
    const log = opts.log ?? (() => {});
    ctx = await createContext({
      sqlite, hashCost: opts.hashCost, jwtSecret: opts.jwtSecret, metricsToken: opts.metricsToken, log: opts.log,
      hashPool: {
        threads: DEFAULT_ADMISSION.concurrency, niceIncrement: HASH_NICE_INCREMENT,
        // All at SCHED_IDLE: with one of two, /api/me's P99 during the storm was 5.5-6.7 ms in
        // 7 runs against 3.7-7.8 ms (median 4.6) with both, alternating (docs/benchmarks.md).
        idleThreads: DEFAULT_ADMISSION.concurrency,
        onFallBack: (detail) => log(`serve: ${detail}`),
      },
    });
    ctxForCleanup = ctx;
    const undoFaults = await applyFaults(ctx, opts.faults);
    disposeFaults = undoFaults;
    if (opts.preset !== undefined) {
      const undoPreset = await applyPreset(ctx, opts.preset);
      disposeFaults = async () => {
        await undoPreset();
        await undoFaults();
      };
    }
    seeded = await seedUsers(ctx, opts.seedUsers);
  } catch (err) {
    await disposeFaults().catch(() => undefined);
    cleanupDb();
    throw err;
  }
  const app = createApp(ctx);

  const server = await new Promise<Server>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: opts.port, hostname: opts.host }, () => resolve(s as Server)) as Server;
    s.once('error', reject);
  }).catch(async (err: unknown) => {
    await disposeFaults().catch(() => undefined);
    cleanupDb();
    throw err;
  });
  // Node's default keep-alive timeout (5 s) races clients that reuse idle sockets; stay longer.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000; // kept above keepAliveTimeout, as Node's docs advise
  const { port } = server.address() as AddressInfo;
  // Purges expired and revoked rows once a minute, bounded per run (server/maintenance.ts).
  const stopMaintenance = startMaintenance(ctx);
  const hostForUrl = opts.host.includes(':') ? `[${opts.host}]` : opts.host;

  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= new Promise<void>((resolve) => {
      const force = setTimeout(() => server.closeAllConnections(), DRAIN_MS);
      // A keep-alive socket that finishes its in-flight request becomes idle but stays open,
      // holding close() until the force timeout: sweep idle sockets until the server is down.
      const sweep = setInterval(() => server.closeIdleConnections(), 25);
      server.close(() => {
        clearTimeout(force);
        clearInterval(sweep);
        void stopMaintenance()
          .then(disposeFaults)
          .catch((err: unknown) => opts.log?.(`faults: cleanup failed: ${(err as Error).message}`))
          .finally(() => {
            cleanupDb();
            resolve();
          });
      });
      server.closeIdleConnections();
    }));

  return { url: `http://${hostForUrl}:${port}`, port, dbPath, seeded, ctx, close };
}
