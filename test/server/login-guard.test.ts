// The sign-in guard as an attacker meets it (fake clock, real app, real hashes): a paced
// attacker cannot keep the owner out, a parallel burst gets exactly 5 guesses checked (the rest refused at once), spraying
// from one address stops at 30, spraying from many trips the server-wide guard.
import { afterEach, describe, expect, it } from 'vitest';
import { makeApp, type TestApp } from './helpers.js';
import { SEED_PASSWORD, seedEmail } from '../../server/seed.js';

let t: TestApp;
afterEach(() => t.close());

/** Counts the password checks that really ran. */
function countHashes(app: TestApp): () => number {
  let n = 0;
  const inner = app.ctx.hasher;
  app.ctx.hasher = { hash: (p) => inner.hash(p), verify: (p, s) => (n++, inner.verify(p, s)) };
  return () => n;
}

const attempt = (ip: string, n: number, password: string) =>
  t.req('POST', '/api/auth/login', { ip, body: { email: seedEmail(n), password } });

describe('login guard', () => {
  it('an attacker relocking the account by Retry-After for an hour never locks the owner out', async () => {
    t = await makeApp();
    const start = t.clock.now();
    let attackerNext = start;
    let ownerNext = start + 30_000;
    let owner = { ok: 0, refused: 0 };
    let guesses = 0;
    while (Math.min(attackerNext, ownerNext) < start + 3600_000) {
      if (attackerNext <= ownerNext) {
        t.clock.t = attackerNext;
        const r = await attempt('127.0.113.9', 1, 'guess-' + guesses);
        if (r.status === 401) guesses++;
        else expect(r.status).toBe(429);
        // Relock at once whenever a lock ends: a second between guesses, then Retry-After.
        attackerNext = t.clock.now() + (r.status === 429 ? Number(r.headers.get('retry-after')) * 1000 : 1000);
      } else {
        t.clock.t = ownerNext;
        const r = await attempt('127.0.100.7', 1, SEED_PASSWORD);
        if (r.status === 200) owner.ok++;
        else owner.refused++;
        ownerNext += 58_000;
      }
    }
    expect(owner).toEqual({ ok: 62, refused: 0 });
    // 5 per lock, locks growing 1, 2, 4, then 5 min: about 1.1 guesses a minute from that address.
    expect(guesses).toBeGreaterThan(40);
    expect(guesses).toBeLessThanOrEqual(75);
  });

  it('20 wrong passwords sent at once to one account: exactly 5 are checked', async () => {
    t = await makeApp();
    const hashes = countHashes(t);
    const burst = await Promise.all(Array.from({ length: 20 }, (_, i) => attempt('127.0.113.9', 1, `wrong-${i}`)));
    const statuses = burst.map((r) => r.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    // Refused at once while the 5 are in flight, never queued behind them.
    expect(statuses.filter((s) => s === 503)).toHaveLength(15);
    expect(burst.filter((r) => r.status === 503).every((r) => r.headers.get('retry-after') === '1')).toBe(true);
    expect(hashes()).toBe(5);
    // Decided, the 5 lock the pair.
    expect((await attempt('127.0.113.9', 1, 'wrong-again')).status).toBe(429);
    // The owner, elsewhere, is not affected.
    expect((await attempt('127.0.100.7', 1, SEED_PASSWORD)).status).toBe(200);
  });

  it('20 right passwords sent at once: 5 checked, 15 refused at once with 503, nothing left counted', async () => {
    t = await makeApp();
    const burst = await Promise.all(Array.from({ length: 20 }, () => attempt('127.0.100.7', 1, SEED_PASSWORD)));
    const statuses = burst.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(5);
    expect(statuses.filter((s) => s === 503)).toHaveLength(15);
    // The successes forgave the pair: 5 more at once all pass.
    const again = await Promise.all(Array.from({ length: 5 }, () => attempt('127.0.100.7', 1, SEED_PASSWORD)));
    expect(again.map((r) => r.status)).toEqual(Array(5).fill(200));
  });

  it('spraying one password over 60 accounts from one address: 30 checked, then the address is locked', async () => {
    t = await makeApp({ seed: 60 });
    const hashes = countHashes(t);
    const statuses: number[] = [];
    for (let n = 1; n <= 60; n++) statuses.push((await attempt('127.0.113.9', n, 'Winter2026!')).status);
    expect(statuses.slice(0, 30)).toEqual(Array(30).fill(401));
    expect(statuses.slice(30)).toEqual(Array(30).fill(429));
    expect(hashes()).toBe(30);
    const locked = await attempt('127.0.113.9', 1, SEED_PASSWORD);
    expect(locked.status).toBe(429);
    expect(await locked.json()).toMatchObject({ error: 'source_locked' });
    expect(Number(locked.headers.get('retry-after'))).toBe(300);
    // Everyone else signs in.
    expect((await attempt('127.0.100.7', 1, SEED_PASSWORD)).status).toBe(200);
  });

  it('spraying from many addresses trips the server-wide guard; addresses without failures still pass', async () => {
    t = await makeApp({ seed: 30, guard: { globalFailuresPerMin: 20 } });
    const hashes = countHashes(t);
    for (let n = 1; n <= 20; n++) expect((await attempt(`127.0.51.${n}`, n, 'Winter2026!')).status).toBe(401);
    // Each of those addresses has failed once; while the rate is over 20 a minute they wait.
    const again = await attempt('127.0.51.1', 21, 'Winter2026!');
    expect(again.status).toBe(429);
    expect(await again.json()).toMatchObject({ error: 'login_throttled' });
    expect(hashes()).toBe(20);
    // A fresh address (an owner) is still checked, and signs in.
    expect((await attempt('127.0.100.7', 22, SEED_PASSWORD)).status).toBe(200);
    // Two quiet minutes later the rate has fallen and the guard lifts.
    t.clock.advance(120_000);
    expect((await attempt('127.0.51.1', 21, 'Winter2026!')).status).toBe(401);
  });

  it('a success refunds the guess: the owner can mistype 4 times, sign in, and mistype 4 more', async () => {
    t = await makeApp();
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 4; i++) expect((await attempt('127.0.100.7', 1, 'typo')).status).toBe(401);
      expect((await attempt('127.0.100.7', 1, SEED_PASSWORD)).status).toBe(200);
    }
  });
});
