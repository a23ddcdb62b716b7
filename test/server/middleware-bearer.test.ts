import { describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import { bearerAuth } from '../../server/middleware/bearer.js';
import { createJwt } from '../../server/auth/jwt.js';
import { ApiError, sendError } from '../../server/http/respond.js';
import type { AppEnv } from '../../server/http/env.js';

const jwt = createJwt('s'.repeat(32));
const now = 1_800_000_000_000;

/** `later`: the lookup answers with a promise, as it does behind a connection pool. */
function app(state: { revoked: boolean; denylisted: boolean }, later = false) {
  const looked: string[] = [];
  const a = new Hono<AppEnv>();
  a.onError((err, c) => (err instanceof ApiError ? sendError(c, err) : c.text('boom', 500)));
  const accessState = (sid: string, jti: string) => (looked.push(`${sid}/${jti}`), later ? Promise.resolve(state) : state);
  a.get('/p', bearerAuth({ jwt, clock: { now: () => now }, tokens: { accessState } }), (c) => c.json(c.get('auth')));
  return { a, looked };
}

const token = jwt.sign({ sub: 7, sid: 'S', jti: 'J', iat: now / 1000, exp: now / 1000 + 60 });

describe('bearerAuthMiddleware', () => {
  it('passes the claims on for a valid, live token after one lookup', async () => {
    const { a, looked } = app({ revoked: false, denylisted: false });
    const res = await a.request('/p', { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect((await res.json()).sub).toBe(7);
    expect(looked).toEqual(['S/J']);
  });

  it('does the same when the lookup answers later (a pool in front of the database)', async () => {
    const { a, looked } = app({ revoked: false, denylisted: false }, true);
    const res = await a.request('/p', { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect((await res.json()).sub).toBe(7);
    expect(looked).toEqual(['S/J']);
  });

  it.each([
    [{ revoked: true, denylisted: false }, false],
    [{ revoked: false, denylisted: true }, false],
    [{ revoked: true, denylisted: false }, true],
    [{ revoked: false, denylisted: true }, true],
  ])('refuses a token whose session or id is dead (%o, answered later: %s)', async (state, later) => {
    const res = await app(state, later).a.request('/p', { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: 'token_revoked' });
  });

  it('refuses a bad signature without any lookup', async () => {
    const { a, looked } = app({ revoked: false, denylisted: false });
    const res = await a.request('/p', { headers: { authorization: `Bearer ${token.slice(0, -2)}xx` } });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
    expect(looked).toEqual([]);
  });
});
