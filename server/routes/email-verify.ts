// Email verification: request a link (202, queued in the outbox), then consume its token.
import type { MiddlewareHandler } from 'hono';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import type { AppEnv } from '../http/env.js';
import { readBody } from '../http/body.js';
import { ApiError, json, tooMany, unauthorized } from '../http/respond.js';
import { timed } from '../http/spans.js';
import { newOpaqueToken, sha256 } from '../auth/secrets.js';
import { SECRET_MARK } from '../mail/outbox.js';
import type { RouteTable } from '../http/chain.js';

export const VerifyBody = z.strictObject({ token: z.string({ error: 'is required (a string)' }).min(1).max(512) });

export function emailVerifyRoutes(routes: RouteTable, ctx: AppContext, auth: MiddlewareHandler<AppEnv>): void {
  const { emailVerifyMax, emailVerifyWindowMs, emailTokenTtlMs } = ctx.limits;

  routes.post('/api/auth/request-email-verify', auth, async function requestEmailVerify(c) {
    const id = c.get('auth').sub;
    const now = ctx.clock.now();
    const token = newOpaqueToken();
    const user = await timed(c, 'db', () =>
      ctx.data.run((repo) => {
        const u = repo.users.byId(id);
        if (!u) throw unauthorized('invalid_token', 'The account no longer exists');
        if (u.email_verified) throw new ApiError(409, 'already_verified', 'The email address is already verified');
        // Window counted from stored requests, so it survives restarts and spans processes.
        const recent = repo.email.recent(id, now - emailVerifyWindowMs);
        if (recent.count >= emailVerifyMax && recent.oldest !== null) {
          const retryS = Math.ceil((recent.oldest + emailVerifyWindowMs - now) / 1000);
          throw tooMany('rate_limited', `At most ${emailVerifyMax} verification emails per ${emailVerifyWindowMs / 60_000} minutes`, retryS);
        }
        repo.email.createToken(sha256(token), id, now, now + emailTokenTtlMs);
        return u;
      }),
    );
    await timed(c, 'mail', () =>
      ctx.mailer.send({
        userId: user.id,
        to: user.email,
        subject: 'Verify your email address',
        body: `Confirm your address by sending this token to POST /api/auth/verify-email:\n\n${SECRET_MARK}\n\nIt expires in ${emailTokenTtlMs / 3600_000} hours.`,
        secret: token,
      }),
    );
    return json(c, { status: 'queued' }, 202);
  });

  routes.post('/api/auth/verify-email', async function verifyEmail(c) {
    const body = await readBody(c, VerifyBody);
    const now = ctx.clock.now();
    const ok = await timed(c, 'db', () =>
      ctx.data.run((repo) => {
        const row = repo.email.byHash(sha256(body.token));
        if (!row || row.used_at !== null || row.expires_at <= now) return false;
        repo.email.consume(row, now);
        return true;
      }),
    );
    if (!ok) throw new ApiError(400, 'invalid_token', 'The verification token is invalid, expired or already used');
    return json(c, { email_verified: true });
  });
}
