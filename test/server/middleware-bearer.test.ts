import { describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import { bearerAuth } from '../../server/middleware/bearer.js';
import { createJwt } from '../../server/auth/jwt.js';
import { ApiError, sendError } from '../../server/http/respond.js';
import type { AppEnv } from '../../server/http/env.js';

const jwt = createJwt('s'.repeat(32));
const now = 1_800_000_000_000;

function app(state: { revoked: boolean; denylisted: boolean }) {
  const looked: string[] = [];
  const a = new Hono<AppEnv>();
  a.onError((err, c) => (err instanceof ApiError ? sendError(c, err) : c.text('boom', 500)));
  a.get('/p', bearerAuth({ jwt, clock: { now: () => now }, tokens: { accessState: (sid, jti) => (looked.push(`${sid}/${jti}`), state) } }), (c) => c.json(c.get('auth')));
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

  it.each([
    [{ revoked: true, denylisted: false }],
    [{ revoked: false, denylisted: true }],
  ])('refuses a token whose session or id is dead (%o)', async (state) => {
    const res = await app(state).a.request('/p', { headers: { authorization: `Bearer ${token}` } });
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
