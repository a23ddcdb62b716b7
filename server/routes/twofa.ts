// Two-factor authentication: status, enrolment (secret + otpauth URL) and confirmation.
import type { Hono, MiddlewareHandler } from 'hono';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import type { AppEnv } from '../http/env.js';
import { readBody } from '../http/body.js';
import { ApiError, json, unauthorized } from '../http/respond.js';
import { timed } from '../http/spans.js';
import { matchTotp, newTotpSecret, otpauthUrl } from '../auth/totp.js';

export const ConfirmBody = z.strictObject({ code: z.string({ error: 'is required (6 digits)' }).regex(/^\d{6}$/, { error: 'must be 6 digits' }) });

export function twofaRoutes(app: Hono<AppEnv>, ctx: AppContext, auth: MiddlewareHandler<AppEnv>): void {
  const currentUser = async (c: Parameters<typeof timed>[0]) => {
    const id = c.get('auth').sub;
    const user = await timed(c, 'db', () => ctx.data.run((repo) => repo.users.byId(id)));
    if (!user) throw unauthorized('invalid_token', 'The account no longer exists');
    return user;
  };

  app.get('/api/auth/2fa/status', auth, async function twofaStatus(c) {
    const user = await currentUser(c);
    const enabled = user.totp_secret !== null;
    return json(c, { enabled, method: enabled ? 'totp' : null });
  });

  app.post('/api/auth/2fa/enroll', auth, async function twofaEnroll(c) {
    const user = await currentUser(c);
    if (user.totp_secret) throw new ApiError(409, 'already_enabled', 'Two-factor authentication is already enabled');
    const secret = newTotpSecret();
    await timed(c, 'db', () => ctx.data.run((repo) => repo.users.setPendingTotp(user.id, secret)));
    return json(c, { secret, otpauth_url: otpauthUrl(secret, user.email) }, 200, { 'Cache-Control': 'no-store' });
  });

  app.post('/api/auth/2fa/confirm', auth, async function twofaConfirm(c) {
    const body = await readBody(c, ConfirmBody);
    const user = await currentUser(c);
    if (user.totp_secret) throw new ApiError(409, 'already_enabled', 'Two-factor authentication is already enabled');
    if (!user.totp_pending_secret) throw new ApiError(409, 'not_enrolled', 'Call POST /api/auth/2fa/enroll first');
    const step = matchTotp(user.totp_pending_secret, body.code, ctx.clock.now() / 1000, user.totp_last_step);
    if (step === null) throw new ApiError(400, 'totp_invalid', 'The one-time code is wrong or expired');
    // The confirming code counts as used: it cannot also sign in.
    await timed(c, 'db', () => ctx.data.run((repo) => repo.users.enableTotp(user.id, step)));
    return json(c, { enabled: true, method: 'totp' });
  });
}
