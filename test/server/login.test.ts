import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeApp, type TestApp } from './helpers.js';
import { SEED_PASSWORD, seedEmail } from '../../server/seed.js';
import { argon2Params, argon2idHasher, argon2ParamsForCost } from '../../server/auth/password.js';
import { scryptHasher } from '../../server/auth/scrypt.js';

let t: TestApp;
beforeEach(async () => {
  t = await makeApp();
});
afterEach(() => t.close());

const login = (body: unknown) => t.req('POST', '/api/auth/login', { body });

describe('POST /api/auth/login', () => {
  it('answers a Bearer token pair for the right password', async () => {
    const res = await login({ email: seedEmail(1), password: SEED_PASSWORD });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = await res.json();
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 900 });
    expect(body.access_token.split('.')).toHaveLength(3);
    expect(body.refresh_token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('accepts the email in any case and with surrounding spaces', async () => {
    const res = await login({ email: ` USER2@Zimmer.TEST`, password: SEED_PASSWORD });
    expect(res.status).toBe(200);
  });

  it('answers unknown account and wrong password identically', async () => {
    const wrong = await login({ email: seedEmail(1), password: 'not-the-password' });
    const unknown = await login({ email: 'nobody@zimmer.test', password: 'not-the-password' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(await wrong.text()).toBe(await unknown.text());
    expect([...wrong.headers.keys()].sort()).toEqual([...unknown.headers.keys()].sort());
  });

  it('hashes even when the account does not exist (same work, so same timing)', async () => {
    const hashSpan = (r: Response) => Number(/hash;dur=([\d.]+)/.exec(r.headers.get('server-timing') ?? '')?.[1]);
    const unknown = await login({ email: 'nobody@zimmer.test', password: 'x' });
    const wrong = await login({ email: seedEmail(1), password: 'x' });
    expect(hashSpan(unknown)).toBeGreaterThan(0);
    expect(hashSpan(wrong)).toBeGreaterThan(0);
    // Same work means the same cost: the dummy hash has a real user's algorithm and parameters.
    const real = t.ctx.data.run((repo) => repo.users.byEmail(seedEmail(1)));
    const params = argon2Params;
    expect(params(t.ctx.dummyHash)).not.toBeNull();
    expect(params(t.ctx.dummyHash)).toEqual(params((await real)!.password_hash));
  });

  it('answers 400 with every field problem for a malformed body', async () => {
    const res = await login({ email: 'not-an-email', password: '', extra: 1 });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error).toBe('invalid_request');
    expect(Object.keys(body.fields).sort()).toEqual(['email', 'extra', 'password']);
    expect(body.fields.email).toMatch(/email/);
  });

  it('answers 400 invalid_json for unparsable JSON and for a non-object', async () => {
    for (const raw of ['{"email":', '[1,2]', 'null']) {
      const res = await t.req('POST', '/api/auth/login', { raw, headers: { 'content-type': 'application/json' } });
      expect(res.status).toBe(400);
      expect((await res.json()).error).toBe('invalid_json');
    }
  });
});

describe('lockout', () => {
  const fail = (n = 1) => login({ email: seedEmail(n), password: 'wrong-password' });

  it('locks an account after 5 failures with 429 + Retry-After, and the lock expires', async () => {
    for (let i = 0; i < 5; i++) expect((await fail()).status).toBe(401);
    const locked = await login({ email: seedEmail(1), password: SEED_PASSWORD });
    expect(locked.status).toBe(429);
    expect(locked.headers.get('retry-after')).toBe('60');
    expect((await locked.json()).error).toBe('account_locked');
    // Other accounts are unaffected.
    expect((await login({ email: seedEmail(2), password: SEED_PASSWORD })).status).toBe(200);
    t.clock.advance(61_000);
    expect((await login({ email: seedEmail(1), password: SEED_PASSWORD })).status).toBe(200);
  });

  it('a burst of wrong passwords sent at once gets no more guesses than the lockout allows', async () => {
    const burst = await Promise.all(Array.from({ length: 12 }, () => fail()));
    const statuses = burst.map((r) => r.status);
    // Each guess is counted before its hash: 5 are checked, the rest refused while those are in flight.
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 503)).toHaveLength(7);
    expect((await fail()).status).toBe(429);
  });

  it('grows the lock on repeated lockouts, capped at 5 minutes', async () => {
    const retryAfter = async () => {
      for (let i = 0; i < 5; i++) await fail();
      const r = await fail();
      expect(r.status).toBe(429);
      return Number(r.headers.get('retry-after'));
    };
    const seen: number[] = [];
    for (let round = 0; round < 5; round++) {
      seen.push(await retryAfter());
      t.clock.advance(seen.at(-1)! * 1000);
    }
    expect(seen).toEqual([60, 120, 240, 300, 300]);
  });

  it('locks unknown accounts the same way (no enumeration through lockout)', async () => {
    for (let i = 0; i < 5; i++) await login({ email: 'ghost@zimmer.test', password: 'x' });
    expect((await login({ email: 'ghost@zimmer.test', password: 'x' })).status).toBe(429);
  });

  it('resets the failure count on a successful login', async () => {
    for (let i = 0; i < 4; i++) await fail();
    expect((await login({ email: seedEmail(1), password: SEED_PASSWORD })).status).toBe(200);
    for (let i = 0; i < 4; i++) expect((await fail()).status).toBe(401);
    expect((await login({ email: seedEmail(1), password: SEED_PASSWORD })).status).toBe(200);
  });

  it('forgets failures older than the 15-minute window', async () => {
    for (let i = 0; i < 4; i++) await fail();
    t.clock.advance(15 * 60_000);
    expect((await fail()).status).toBe(401);
    expect((await login({ email: seedEmail(1), password: SEED_PASSWORD })).status).toBe(200);
  });
});

describe('rehash on login', () => {
  const stored = async (email: string) => (await t.ctx.data.run((repo) => repo.users.byEmail(email)))!.password_hash;

  it.each([
    ['an earlier scrypt hash', () => scryptHasher(10).hash('old-password')],
    ['argon2id with other parameters', () => argon2idHasher(argon2ParamsForCost(6)).hash('old-password')],
  ])('%s still verifies and is replaced by the current argon2id on the next success', async (_, make) => {
    const email = 'legacy@zimmer.test';
    const old = await make();
    await t.ctx.data.run((repo) => repo.users.create(email, old, t.clock.now()));
    expect((await login({ email, password: 'wrong' })).status).toBe(401);
    expect(await stored(email)).toBe(old); // a failure changes nothing
    expect((await login({ email, password: 'old-password' })).status).toBe(200);
    const now = await stored(email);
    expect(argon2Params(now)).toEqual(argon2ParamsForCost(10));
    expect(t.ctx.hasher.needsRehash!(now)).toBe(false);
    expect((await login({ email, password: 'old-password' })).status).toBe(200);
    expect(await stored(email)).toBe(now); // rehashed once, not on every login
  });
});
