// Puts a context into a lab state (catalog.ts): each problem by its real mechanism, reusing the
// faults where one fits, or its fix. Runs once at start, before the app is built and users are seeded.
import type { AppContext } from '../context.js';
import { scryptHasher } from '../auth/scrypt.js';
import { newOpaqueToken } from '../auth/secrets.js';
import { middlewareOrder } from '../faults/middleware-order.js';
import { memoryPressure } from '../faults/memory-pressure.js';
import { missingIndexWith } from '../faults/missing-index.js';
import { poolExhaustionWith } from '../faults/pool-exhaustion.js';
import { queueBottleneck } from '../faults/queue-bottleneck.js';
import type { Dispose } from '../faults/types.js';
import { findPreset, LAB_HASH, LAB_HISTORY_ROWS } from './catalog.js';
import { applyMailPath } from './mail-paths.js';
import { applyHeavyHealth } from './monitoring.js';
import { applyQueryScopedPool, POOL } from './query-pool.js';

export async function applyPreset(ctx: AppContext, name: string): Promise<() => Promise<void>> {
  const preset = findPreset(name);
  if (!preset) throw new Error(`unknown preset "${name}"`);
  const s = preset.settings;
  const disposers: Dispose[] = [];
  const disposeAll = async () => {
    for (const d of disposers.splice(0).reverse()) await d();
  };
  const add = (d: void | Dispose) => {
    if (d) disposers.push(d);
  };
  try {
    // The state's own hash, so that its figures do not move with the server's default.
    ctx.hasher = scryptHasher(LAB_HASH.log2N);
    ctx.dummyHash = await ctx.hasher.hash(newOpaqueToken());
    // The pool first: what follows reads the database through it.
    if (s.pool === 'request') add(await poolExhaustionWith({ size: POOL.size, acquireTimeoutMs: POOL.requestScopedWaitMs }).apply(ctx));
    else add(applyQueryScopedPool(ctx));
    if (s.middlewareOrder) add(await middlewareOrder.apply(ctx));
    if (s.authQueue === 'unbounded') add(await queueBottleneck.apply(ctx));
    add(await applyMailPath(ctx, s.mail));
    if (s.missingIndex) add(await missingIndexWith({ rows: LAB_HISTORY_ROWS }).apply(ctx));
    if (s.heavyMonitoring) {
      add(await memoryPressure.apply(ctx));
      applyHeavyHealth(ctx);
    }
    ctx.http = { compression: s.compression, securityHeaders: s.securityHeaders };
  } catch (err) {
    await disposeAll().catch(() => undefined);
    throw err;
  }
  return disposeAll;
}
