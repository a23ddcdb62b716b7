// POST /api/auth/login. Unknown account and wrong password are indistinguishable: same status,
// same body, and the same work (a full hash against a dummy when the account is missing).
import type { MiddlewareHandler } from 'hono';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import type { AppEnv } from '../http/env.js';
import { readBody } from '../http/body.js';
import { ApiError, json, tooMany } from '../http/respond.js';
import { timed } from '../http/spans.js';
import type { Refusal } from '../auth/login-guard.js';
import { clientSource } from '../http/source.js';
import { matchTotp } from '../auth/totp.js';
import { recoveryCodeHash } from '../auth/recovery-codes.js';
import { admission } from '../middleware/admission.js';
import { startSession } from './session-tokens.js';
import type { RouteTable } from '../http/chain.js';

export const LoginBody = z.strictObject({
  email: z
    .string({ error: 'is required (an email address)' })
    .trim()
    .toLowerCase()
    .max(254, { error: 'must be at most 254 characters' })
    .pipe(z.email({ error: 'must be an email address' })),
  password: z.string({ error: 'is required (a string)' }).min(1, { error: 'must not be empty' }).max(1024, { error: 'must be at most 1024 characters' }),
  totp: z.string({ error: 'must be a string of 6 digits' }).max(16).optional(),
  /** In place of `totp` when the authenticator is lost: single use. */
  recovery_code: z.string({ error: 'must be a recovery code (XXXX-XXXX-XXXX-XXXX)' }).max(64).optional(),
});

const invalidCredentials = () => new ApiError(401, 'invalid_credentials', 'Email or password is incorrect');

const REFUSALS: Record<Refusal['code'], string> = {
  account_locked: 'Too many failed sign-in attempts; try again later',
  source_locked: 'Too many failed sign-in attempts from this address; try again later',
  login_throttled: 'Too many failed sign-in attempts on this server right now; try again later',
  busy: 'Sign-in attempts for this account are still being checked; retry shortly',
};

export function loginRoutes(routes: RouteTable, ctx: AppContext): void {
  // Cheap checks run before admission: a malformed body or a refused attempt is answered
  // without ever taking (or waiting for) one of the few hashing slots. The attempt is counted
  // here, before the hash; whatever ends the request without a verdict refunds it.
  const precheck: MiddlewareHandler<AppEnv> = async function loginPrecheck(c, next) {
    const body = await readBody(c, LoginBody);
    const r = await timed(c, 'guard', () => ctx.loginGuard.reserve(body.email, clientSource(c)));
    if (!r.ok) {
      if (r.refusal.code === 'busy') throw new ApiError(503, 'overloaded', REFUSALS.busy, { headers: { 'Retry-After': '1' } });
      throw tooMany(r.refusal.code, REFUSALS[r.refusal.code], r.refusal.retryS);
    }
    c.set('login', body);
    c.set('ticket', r.ticket);
    try {
      await next();
    } finally {
      await r.ticket.cancel(); // no-op once the handler settled it
    }
  };

  routes.post('/api/auth/login', precheck, admission({ limiter: ctx.admission }), async function login(c) {
    const body = c.get('login');
    const ticket = c.get('ticket');
    const now = ctx.clock.now();
    const user = await timed(c, 'db', () => ctx.data.run((repo) => repo.users.byEmail(body.email)));
    const matches = await timed(c, 'hash', () => ctx.hasher.verify(body.password, user?.password_hash ?? ctx.dummyHash));
    if (!matches || !user) {
      await ticket.fail();
      throw invalidCredentials();
    }
    if (user.totp_secret) {
      // The password was right; a missing code is no guess, a wrong one is.
      if (body.totp === undefined && body.recovery_code === undefined) {
        throw new ApiError(401, 'totp_required', 'A one-time code from the authenticator app (or a recovery code) is required');
      }
      const secret = user.totp_secret;
      const used = await ctx.data.run((repo) => {
        if (body.totp !== undefined) {
          const step = matchTotp(secret, body.totp, now / 1000, user.totp_last_step);
          return step !== null && repo.users.useTotpStep(user.id, step);
        }
        // Deleted as it is used: a recovery code signs in once.
        const hash = recoveryCodeHash(body.recovery_code!);
        return hash !== null && repo.users.useRecoveryCode(user.id, hash);
      });
      if (!used) {
        await ticket.fail();
        throw new ApiError(401, 'totp_invalid', 'The one-time code or recovery code is wrong, expired or already used');
      }
    }
    await ticket.succeed();
    // A hash made with older parameters (or scrypt) is replaced while the password is at hand.
    if (ctx.hasher.needsRehash?.(user.password_hash)) {
      const fresh = await timed(c, 'hash', () => ctx.hasher.hash(body.password));
      await ctx.data.run((repo) => repo.users.rehash(user.id, fresh, user.password_hash));
    }
    const tokens = await timed(c, 'db', () => ctx.data.run((repo) => startSession(ctx, repo, user.id, now)));
    return json(c, tokens, 200, { 'Cache-Control': 'no-store' });
  });
}
