// Periodic upkeep on the server's clock: purges expired and revoked rows (bounded per run, see
// db/purge.ts) and, when a mail transport is configured, sends the queued outbox messages.
import type { AppContext } from './context.js';
import { DEFAULT_GUARD } from './auth/login-guard.js';
import type { PurgeCounts, PurgeCutoffs } from './db/purge.js';
import { drainOutbox, type MailTransport } from './mail/outbox.js';

export interface MaintenancePolicy {
  everyMs: number;
  /** Rows deleted per table per run, at most. */
  perTable: number;
  /** Outbox messages sent per run, at most. */
  mailPerRun: number;
  /** How long a sent outbox row (without its secret) is kept. */
  sentKeepMs: number;
}

export const DEFAULT_MAINTENANCE: MaintenancePolicy = {
  everyMs: 60_000,
  perTable: 500,
  mailPerRun: 100,
  sentKeepMs: 24 * 3600_000,
};

export function purgeCutoffs(ctx: AppContext, now: number, p: MaintenancePolicy = DEFAULT_MAINTENANCE): PurgeCutoffs {
  const throttleKeep = Math.max(...[ctx.lockout, DEFAULT_GUARD.source].map((l) => l.windowMs + l.maxLockMs));
  return {
    now,
    // After one access-token lifetime every token of a revoked session has expired anyway.
    revokedBefore: now - ctx.limits.accessTtlS * 1000,
    spentBefore: now - ctx.limits.emailVerifyWindowMs,
    sentBefore: now - p.sentKeepMs,
    unsentBefore: now - ctx.limits.emailTokenTtlMs,
    throttleBefore: now - throttleKeep,
  };
}

/** One purge run at the server's clock's now. */
export async function purgeOnce(ctx: AppContext, p: MaintenancePolicy = DEFAULT_MAINTENANCE): Promise<PurgeCounts> {
  return ctx.data.run((repo) => repo.purge.run(purgeCutoffs(ctx, ctx.clock.now(), p), p.perTable));
}

/** Starts the periodic runs; the returned function stops them and waits for a run in progress. */
export function startMaintenance(ctx: AppContext, p: MaintenancePolicy = DEFAULT_MAINTENANCE, transport?: MailTransport): () => Promise<void> {
  let running: Promise<void> = Promise.resolve();
  const tick = () => {
    running = running.then(async () => {
      try {
        await purgeOnce(ctx, p);
        if (transport) await drainOutbox(ctx, transport, p.mailPerRun);
      } catch (err) {
        ctx.log(`maintenance: ${(err as Error).message}`);
      }
    });
  };
  const timer = setInterval(tick, p.everyMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
