// POST /api/auth/login. Unknown account and wrong password are indistinguishable: same status,
// same body, and the same work (a full hash against a dummy when the account is missing).
import type { Hono, MiddlewareHandler } from 'hono';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import type { AppEnv } from '../http/env.js';
import { readBody } from '../http/body.js';
import { ApiError, json, tooMany } from '../http/respond.js';
import { timed } from '../http/spans.js';
import { afterFailure, lockedForS } from '../auth/lockout.js';
import { matchTotp } from '../auth/totp.js';
import { admission } from '../middleware/admission.js';
import { startSession } from './session-tokens.js';

export const LoginBody = z.strictObject({
  email: z
    .string({ error: 'is required (an email address)' })
    .trim()
    .toLowerCase()
    .max(254, { error: 'must be at most 254 characters' })
    .pipe(z.email({ error: 'must be an email address' })),
  password: z.string({ error: 'is required (a string)' }).min(1, { error: 'must not be empty' }).max(1024, { error: 'must be at most 1024 characters' }),
  totp: z.string({ error: 'must be a string of 6 digits' }).max(16).optional(),
});

const invalidCredentials = () => new ApiError(401, 'invalid_credentials', 'Email or password is incorrect');

export function loginRoutes(app: Hono<AppEnv>, ctx: AppContext): void {
  // Cheap checks run before admission: a malformed body or a locked account is answered
  // without ever taking (or waiting for) one of the few hashing slots.
  const precheck: MiddlewareHandler<AppEnv> = async function loginPrecheck(c, next) {
    const body = await readBody(c, LoginBody);
    const now = ctx.clock.now();
    const lockedS = await timed(c, 'db', () => ctx.data.run((repo) => lockedForS(repo.throttle.get(body.email), now)));
    if (lockedS > 0) throw tooMany('account_locked', 'Too many failed sign-in attempts; try again later', lockedS);
    c.set('login', body);
    await next();
  };

  app.post('/api/auth/login', precheck, admission({ limiter: ctx.admission }), async function login(c) {
    const body = c.get('login');
    const account = body.email;
    const now = ctx.clock.now();
    // Checked again after admission: a burst sent at once passes the precheck together, before the
    // first failure is recorded, and must not get more guesses than the lockout allows.
    const [user, lockedS] = await timed(c, 'db', () =>
      ctx.data.run((repo) => [repo.users.byEmail(account), lockedForS(repo.throttle.get(account), now)] as const),
    );
    if (lockedS > 0) throw tooMany('account_locked', 'Too many failed sign-in attempts; try again later', lockedS);

    const fail = () =>
      timed(c, 'db', () =>
        ctx.data.run((repo) => {
          const next = afterFailure(repo.throttle.get(account), now, ctx.lockout);
          repo.throttle.put(account, next, now, now - ctx.lockout.windowMs - ctx.lockout.maxLockMs);
        }),
      );

    const matches = await timed(c, 'hash', () => ctx.hasher.verify(body.password, user?.password_hash ?? ctx.dummyHash));
    if (!matches || !user) {
      await fail();
      throw invalidCredentials();
    }
    if (user.totp_secret) {
      if (body.totp === undefined) throw new ApiError(401, 'totp_required', 'A one-time code from the authenticator app is required');
      const step = matchTotp(user.totp_secret, body.totp, now / 1000, user.totp_last_step);
      const used = step !== null && (await ctx.data.run((repo) => repo.users.useTotpStep(user.id, step)));
      if (!used) {
        await fail();
        throw new ApiError(401, 'totp_invalid', 'The one-time code is wrong, expired or already used');
      }
    }
    const tokens = await timed(c, 'db', () =>
      ctx.data.run((repo) => {
        repo.throttle.clear(account);
        return startSession(ctx, repo, user.id, now);
      }),
    );
    return json(c, tokens, 200, { 'Cache-Control': 'no-store' });
  });
}
