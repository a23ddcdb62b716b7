// pool-exhaustion: logins held in their password hash keep their pooled connections, so a
// database read waits for a connection and gives up with 503 db_pool_timeout; without the fault
// the same read is answered while the logins are held.
import { afterEach, describe, expect, it } from 'vitest';
import { poolExhaustionWith } from '../../server/faults/pool-exhaustion.js';
import { gatedHasher, makeFaultApp, until, type FaultApp } from './fault-harness.js';

let t: FaultApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

async function holdTwoLogins(app: FaultApp) {
  const hasher = gatedHasher(app.ctx.hasher);
  app.ctx.hasher = hasher;
  const logins = [app.login(2), app.login(3)];
  await until(() => hasher.waiting === 2);
  return { hasher, logins };
}

describe('pool-exhaustion', () => {
  it('answers 503 db_pool_timeout to a read while two logins hold the pool, /health stays up', async () => {
    t = await makeFaultApp([poolExhaustionWith({ acquireTimeoutMs: 150 })]);
    const { access_token } = await t.tokens(1);
    const { hasher, logins } = await holdTwoLogins(t);

    const t0 = performance.now();
    const me = await t.req('GET', '/api/me', { token: access_token });
    const waited = performance.now() - t0;
    expect(me.status).toBe(503);
    expect(await me.json()).toMatchObject({ error: 'db_pool_timeout' });
    expect(me.headers.get('retry-after')).toBe('1');
    expect(waited).toBeGreaterThanOrEqual(140);
    expect((await t.req('GET', '/health')).status).toBe(200);

    hasher.open();
    expect((await Promise.all(logins)).map((r) => r.status)).toEqual([200, 200]);
    // Connections came back: the same read now succeeds.
    expect((await t.req('GET', '/api/me', { token: access_token })).status).toBe(200);
    const metrics = await (await t.req('GET', '/metrics')).text();
    expect(metrics).toMatch(/^db_pool_timeouts_total 1$/m);
    expect(metrics).toMatch(/^db_pool_size 2$/m);
  });

  it('serves the read while logins are held when the fault is off, and adds no pool', async () => {
    t = await makeFaultApp([]);
    const { access_token } = await t.tokens(1);
    const { hasher, logins } = await holdTwoLogins(t);
    expect((await t.req('GET', '/api/me', { token: access_token })).status).toBe(200);
    hasher.open();
    await Promise.all(logins);
    expect(await (await t.req('GET', '/metrics')).text()).not.toContain('db_pool_');
    expect(t.ctx.extraMiddleware).toEqual([]);
  });

  it('refuses an in-memory database, which other connections cannot share', async () => {
    const { openDatabase } = await import('../../server/db/open.js');
    const { createContext } = await import('../../server/context.js');
    const sqlite = openDatabase(':memory:');
    const ctx = await createContext({ sqlite, hashCost: 4 });
    expect(() => poolExhaustionWith().apply(ctx)).toThrow(/database file/);
    sqlite.close();
  });
});
