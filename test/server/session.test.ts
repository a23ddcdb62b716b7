import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHmac } from 'node:crypto';
import { makeApp, type TestApp } from './helpers.js';

let t: TestApp;
beforeEach(async () => {
  t = await makeApp();
});
afterEach(() => t.close());

const refresh = (token: string) => t.req('POST', '/api/auth/refresh', { body: { refresh_token: token } });
const me = (token: string) => t.req('GET', '/api/me', { token });

describe('POST /api/auth/refresh', () => {
  it('rotates: a new pair works, the old refresh token no longer does', async () => {
    const first = await t.login();
    const res = await refresh(first.refresh_token);
    expect(res.status).toBe(200);
    const second = await res.json();
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect((await me(second.access_token)).status).toBe(200);
    expect((await refresh(second.refresh_token)).status).toBe(200);
  });

  it('revokes the whole family when a rotated token is presented again (reuse detection)', async () => {
    const first = await t.login();
    const second = await (await refresh(first.refresh_token)).json();
    const reuse = await refresh(first.refresh_token);
    expect(reuse.status).toBe(401);
    expect((await reuse.json()).error).toBe('token_reused');
    // The legitimate holder's newer tokens die with the family.
    expect((await refresh(second.refresh_token)).status).toBe(401);
    expect((await me(second.access_token)).status).toBe(401);
  });

  it('leaves other sessions of the same user alone', async () => {
    const a = await t.login();
    const b = await t.login();
    await refresh(a.refresh_token);
    await refresh(a.refresh_token);
    expect((await refresh(b.refresh_token)).status).toBe(200);
  });

  it('refuses unknown and expired refresh tokens, and bad bodies', async () => {
    expect((await refresh('A'.repeat(43))).status).toBe(401);
    const pair = await t.login();
    t.clock.advance(31 * 24 * 3600_000);
    expect((await refresh(pair.refresh_token)).status).toBe(401);
    const bad = await t.req('POST', '/api/auth/refresh', { body: { refresh_token: 42 } });
    expect(bad.status).toBe(400);
    expect((await bad.json()).fields.refresh_token).toBeDefined();
  });

  it('stores refresh tokens only as SHA-256 hashes', async () => {
    const pair = await t.login();
    const stored = t.ctx.sqlite.prepare('SELECT token_hash FROM refresh_tokens').pluck().all() as string[];
    expect(stored).not.toContain(pair.refresh_token);
    expect(stored.every((h) => /^[0-9a-f]{64}$/.test(h))).toBe(true);
  });
});

describe('POST /api/auth/logout', () => {
  it('answers 204, then both the access and the refresh token are dead', async () => {
    const pair = await t.login();
    const out = await t.req('POST', '/api/auth/logout', { token: pair.access_token });
    expect(out.status).toBe(204);
    const after = await me(pair.access_token);
    expect(after.status).toBe(401);
    expect((await after.json()).error).toBe('token_revoked');
    expect((await refresh(pair.refresh_token)).status).toBe(401);
    const denied = t.ctx.sqlite.prepare('SELECT COUNT(*) FROM access_denylist').pluck().get();
    expect(denied).toBe(1);
  });

  it('also signs out another own session whose refresh token is given', async () => {
    const a = await t.login();
    const b = await t.login();
    const c = await t.login(2);
    await t.req('POST', '/api/auth/logout', { token: a.access_token, body: { refresh_token: b.refresh_token } });
    expect((await refresh(b.refresh_token)).status).toBe(401);
    // Someone else's session cannot be signed out this way.
    const d = await t.login();
    await t.req('POST', '/api/auth/logout', { token: d.access_token, body: { refresh_token: c.refresh_token } });
    expect((await refresh(c.refresh_token)).status).toBe(200);
  });

  it('requires a Bearer token', async () => {
    const res = await t.req('POST', '/api/auth/logout');
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
  });
});

describe('access token checks', () => {
  const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const parts = (tok: string) => tok.split('.') as [string, string, string];
  const claims = (tok: string) => JSON.parse(Buffer.from(parts(tok)[1], 'base64url').toString());

  it('rejects alg "none"', async () => {
    const { access_token } = await t.login();
    const forged = `${b64({ alg: 'none', typ: 'JWT' })}.${parts(access_token)[1]}.`;
    expect((await me(forged)).status).toBe(401);
  });

  it('rejects another algorithm even with a valid-looking signature', async () => {
    const { access_token } = await t.login();
    const [, p, s] = parts(access_token);
    for (const alg of ['HS512', 'RS256', 'HS256 ']) {
      const res = await me(`${b64({ alg, typ: 'JWT' })}.${p}.${s}`);
      expect(res.status).toBe(401);
      expect((await res.json()).message).toMatch(/algorithm/);
    }
  });

  it('rejects a tampered payload', async () => {
    const { access_token } = await t.login();
    const [h, , s] = parts(access_token);
    const tampered = `${h}.${b64({ ...claims(access_token), sub: 2 })}.${s}`;
    const res = await me(tampered);
    expect(res.status).toBe(401);
    expect((await res.json()).message).toMatch(/signature/);
  });

  it('rejects a token signed with another key', async () => {
    const { access_token } = await t.login();
    const [h, p] = parts(access_token);
    const sig = createHmac('sha256', 'another-key-another-key-another-key').update(`${h}.${p}`).digest('base64url');
    expect((await me(`${h}.${p}.${sig}`)).status).toBe(401);
  });

  it('rejects an expired token (15 minutes)', async () => {
    const { access_token } = await t.login();
    t.clock.advance(14 * 60_000);
    expect((await me(access_token)).status).toBe(200);
    t.clock.advance(61_000);
    const res = await me(access_token);
    expect(res.status).toBe(401);
    expect((await res.json()).message).toMatch(/expired/);
  });

  it('rejects garbage and missing headers with the JSON error shape', async () => {
    for (const token of ['x', 'a.b.c', '']) {
      const res = await t.req('GET', '/api/me', { headers: { authorization: `Bearer ${token}` } });
      expect(res.status).toBe(401);
      expect(Object.keys(await res.json()).sort()).toEqual(['error', 'message']);
    }
    expect((await t.req('GET', '/api/me', { headers: { authorization: 'Basic eDp5' } })).status).toBe(401);
  });
});
