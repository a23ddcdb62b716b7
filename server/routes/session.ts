// POST /api/auth/refresh and POST /api/auth/logout.
import type { MiddlewareHandler } from 'hono';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import type { AppEnv } from '../http/env.js';
import { readBody } from '../http/body.js';
import { ApiError, json } from '../http/respond.js';
import { timed } from '../http/spans.js';
import { sha256 } from '../auth/secrets.js';
import { rotateRefresh } from './session-tokens.js';
import type { RouteTable } from '../http/chain.js';

export const RefreshBody = z.strictObject({
  refresh_token: z.string({ error: 'is required (a string)' }).min(1, { error: 'must not be empty' }).max(512),
});
export const LogoutBody = z.strictObject({ refresh_token: z.string({ error: 'must be a string' }).max(512).optional() });

const REFRESH_ERRORS = {
  unknown: ['invalid_token', 'The refresh token is not valid'],
  expired: ['invalid_token', 'The refresh token has expired; sign in again'],
  revoked: ['invalid_token', 'The refresh token has been revoked; sign in again'],
  reused: ['token_reused', 'The refresh token was already used; the session has been revoked for safety'],
} as const;

export function sessionRoutes(routes: RouteTable, ctx: AppContext, auth: MiddlewareHandler<AppEnv>): void {
  routes.post('/api/auth/refresh', async function refresh(c) {
    const body = await readBody(c, RefreshBody);
    const now = ctx.clock.now();
    const out = await timed(c, 'db', () => ctx.data.run((repo) => rotateRefresh(ctx, repo, body.refresh_token, now)));
    if (!out.ok) {
      const [code, message] = REFRESH_ERRORS[out.reason];
      throw new ApiError(401, code, message);
    }
    return json(c, out.tokens, 200, { 'Cache-Control': 'no-store' });
  });

  routes.post('/api/auth/logout', auth, async function logout(c) {
    const body = await readBody(c, LogoutBody, { optional: true });
    const claims = c.get('auth');
    const now = ctx.clock.now();
    await timed(c, 'db', () =>
      ctx.data.run((repo) => {
        repo.sessions.logout(claims.sid, claims.jti, claims.exp * 1000, now);
        // A refresh token of another of the caller's own sessions may be signed out too.
        if (body.refresh_token) {
          const row = repo.sessions.refreshByHash(sha256(body.refresh_token));
          if (row && row.user_id === claims.sub) repo.sessions.revoke(row.session_id, 'logout', now);
        }
      }),
    );
    return c.body(null, 204);
  });
}
