// Admission control in the assembled app: logins beyond capacity are shed with 503 at once,
// and cheap authenticated reads never queue behind them.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeApp, type TestApp } from './helpers.js';
import { SEED_PASSWORD, seedEmail } from '../../server/seed.js';
import { queueForHashMs, QUEUE_RANGE } from '../../server/limiter.js';
import { existsSync } from 'node:fs';
import { CHRT_PATHS } from '../../server/auth/hash-worker.js';

let t: TestApp;
beforeEach(async () => {
  t = await makeApp({ hashCost: 12, seed: 8, admission: { concurrency: 1, queueSize: 1, maxWaitMs: 5000 } });
});
afterEach(() => t.close());

describe('login admission', () => {
  it('admits 1 + 1 queued, sheds the rest with 503 + Retry-After, and keeps /api/me fast', async () => {
    const { access_token } = await t.login();
    // Six accounts, so that the sign-in guard's per-account limit plays no part.
    const logins = Array.from({ length: 6 }, (_, i) =>
      t.req('POST', '/api/auth/login', { body: { email: seedEmail(2 + i), password: SEED_PASSWORD } }),
    );
    const me = await t.req('GET', '/api/me', { token: access_token });
    expect(me.status).toBe(200);
    // /api/me never took an admission slot.
    expect(me.headers.get('server-timing')).not.toMatch(/admission/);
    const statuses = await Promise.all(logins.map((p) => p.then((r) => r.status)));
    expect(statuses.filter((s) => s === 200)).toHaveLength(2);
    expect(statuses.filter((s) => s === 503)).toHaveLength(4);
    const shed = await t.req('POST', '/api/auth/login', { body: { email: seedEmail(2), password: SEED_PASSWORD } });
    expect(shed.status).toBe(200); // capacity is back once the burst is done
    const metrics = await (await t.req('GET', '/metrics')).text();
    expect(metrics).toMatch(/admission_shed_total\{reason="queue_full"\} 4/);
  });
});

describe('login prechecks', () => {
  it('answers malformed bodies and locked accounts without taking an admission slot', async () => {
    const acquire = t.ctx.admission.acquire.bind(t.ctx.admission);
    let taken = 0;
    t.ctx.admission.acquire = () => (taken++, acquire());
    expect((await t.req('POST', '/api/auth/login', { body: { email: 'x' } })).status).toBe(400);
    expect(taken).toBe(0);
    for (let i = 0; i < 5; i++) await t.req('POST', '/api/auth/login', { body: { email: seedEmail(3), password: 'wrong' } });
    expect(taken).toBe(5);
    const locked = await t.req('POST', '/api/auth/login', { body: { email: seedEmail(3), password: SEED_PASSWORD } });
    expect(locked.status).toBe(429);
    expect(taken).toBe(5);
  });
});

describe('admission sizing', () => {
  it('queues what the slots finish within the wait budget at the measured hash cost, within bounds', () => {
    const o = { concurrency: 2, maxWaitMs: 2000 };
    expect(queueForHashMs(10, o)).toBe(64); // 400 fit: capped
    expect(queueForHashMs(40, o)).toBe(64); // 100 fit: capped
    expect(queueForHashMs(80, o)).toBe(50);
    expect(queueForHashMs(175, o)).toBe(22);
    expect(queueForHashMs(5000, o)).toBe(QUEUE_RANGE[0]);
  });
});

describe('hashing at SCHED_IDLE', () => {
  const idleAvailable = process.platform === 'linux' && CHRT_PATHS.some((p) => existsSync(p));

  it(`ends at the first sign-in shed for want of capacity, and only once (${idleAvailable ? 'chrt found' : 'no chrt here'})`, async () => {
    const said: string[] = [];
    const u = await makeApp({
      hashCost: 12, seed: 8, admission: { concurrency: 1, queueSize: 1, maxWaitMs: 5000 },
      // Only a shed may end it here: the starvation watchdog is out of reach of a busy test box.
      hashPool: { threads: 1, niceIncrement: 0, idleThreads: 1, starvedMs: 600_000, onFallBack: (d) => said.push(d) },
    });
    try {
      expect((await u.req('POST', '/api/auth/login', { body: { email: seedEmail(1), password: SEED_PASSWORD } })).status).toBe(200);
      expect(said).toEqual([]);
      const burst = Array.from({ length: 4 }, (_, i) =>
        u.req('POST', '/api/auth/login', { body: { email: seedEmail(2 + i), password: SEED_PASSWORD } }).then((r) => r.status));
      expect((await Promise.all(burst)).sort()).toEqual([200, 200, 503, 503]);
      // Where there is no chrt the thread never was at SCHED_IDLE, and there is nothing to end.
      expect(said).toEqual(idleAvailable ? ['hashing at nice +0 from now on, no longer at SCHED_IDLE: a sign-in was shed (queue_full)'] : []);
      expect((await u.ctx.hashEngine!.priorities()).map((p) => p.policy)).toEqual(['normal']);
      // The hash in flight when the thread was replaced was sent again (the two 200s above); the new thread serves the next.
      expect((await u.req('POST', '/api/auth/login', { body: { email: seedEmail(7), password: SEED_PASSWORD } })).status).toBe(200);
    } finally {
      u.close();
      await u.ctx.hashEngine?.close();
    }
  });
});
