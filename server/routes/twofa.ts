// Two-factor authentication: status, enrolment (secret + otpauth URL), confirmation (which issues
// the single-use recovery codes, shown once) and disabling.
import type { MiddlewareHandler } from 'hono';
import { z } from 'zod';
import type { AppContext } from '../context.js';
import type { AppEnv } from '../http/env.js';
import { readBody } from '../http/body.js';
import { ApiError, json, tooMany, unauthorized } from '../http/respond.js';
import { clientSource } from '../http/source.js';
import type { UserRow } from '../db/users.js';
import { timed } from '../http/spans.js';
import { matchTotp, newTotpSecret, otpauthUrl } from '../auth/totp.js';
import { newRecoveryCodes, recoveryCodeHash } from '../auth/recovery-codes.js';
import type { RouteTable } from '../http/chain.js';

const password = z.string({ error: 'is required (the account password)' }).min(1, { error: 'must not be empty' }).max(1024);
const code = z.string({ error: 'is required (6 digits)' }).regex(/^\d{6}$/, { error: 'must be 6 digits' });
export const EnrollBody = z.strictObject({ password });
export const ConfirmBody = z.strictObject({ code });
const recoveryCode = z.string({ error: 'must be a recovery code (XXXX-XXXX-XXXX-XXXX)' }).max(64);
export const DisableBody = z
  .strictObject({ password, code: code.optional(), recovery_code: recoveryCode.optional() })
  .refine((b) => (b.code === undefined) !== (b.recovery_code === undefined), { error: 'give either code (6 digits) or recovery_code', path: ['code'] });

export function twofaRoutes(routes: RouteTable, ctx: AppContext, auth: MiddlewareHandler<AppEnv>): void {
  const currentUser = async (c: Parameters<typeof timed>[0]) => {
    const id = c.get('auth').sub;
    const user = await timed(c, 'db', () => ctx.data.run((repo) => repo.users.byId(id)));
    if (!user) throw unauthorized('invalid_token', 'The account no longer exists');
    return user;
  };

  routes.get('/api/auth/2fa/status', auth, async function twofaStatus(c) {
    const user = await currentUser(c);
    const enabled = user.totp_secret !== null;
    return json(c, { enabled, method: enabled ? 'totp' : null });
  });

  // A stolen access token alone must not be able to add or remove a second factor: both need
  // the password, checked like a sign-in (counted by the sign-in guard, refunded when right).
  const checkPassword = async (c: Parameters<typeof timed>[0], user: UserRow, given: string) => {
    const r = await ctx.loginGuard.reserve(user.email, clientSource(c));
    if (!r.ok) {
      if (r.refusal.code === 'busy') throw new ApiError(503, 'overloaded', 'Retry shortly', { headers: { 'Retry-After': '1' } });
      throw tooMany(r.refusal.code, 'Too many failed password checks; try again later', r.refusal.retryS);
    }
    let right: boolean;
    try {
      right = await timed(c, 'hash', () => ctx.hasher.verify(given, user.password_hash));
    } catch (err) {
      await r.ticket.cancel();
      throw err;
    }
    if (!right) {
      await r.ticket.fail();
      throw new ApiError(401, 'invalid_credentials', 'The password is incorrect');
    }
    await r.ticket.succeed();
  };

  routes.post('/api/auth/2fa/enroll', auth, async function twofaEnroll(c) {
    const body = await readBody(c, EnrollBody);
    const user = await currentUser(c);
    if (user.totp_secret) throw new ApiError(409, 'already_enabled', 'Two-factor authentication is already enabled');
    await checkPassword(c, user, body.password);
    const secret = newTotpSecret();
    await timed(c, 'db', () => ctx.data.run((repo) => repo.users.setPendingTotp(user.id, secret)));
    return json(c, { secret, otpauth_url: otpauthUrl(secret, user.email) }, 200, { 'Cache-Control': 'no-store' });
  });

  routes.post('/api/auth/2fa/confirm', auth, async function twofaConfirm(c) {
    const body = await readBody(c, ConfirmBody);
    const user = await currentUser(c);
    if (user.totp_secret) throw new ApiError(409, 'already_enabled', 'Two-factor authentication is already enabled');
    if (!user.totp_pending_secret) throw new ApiError(409, 'not_enrolled', 'Call POST /api/auth/2fa/enroll first');
    const step = matchTotp(user.totp_pending_secret, body.code, ctx.clock.now() / 1000, user.totp_last_step);
    if (step === null) throw new ApiError(400, 'totp_invalid', 'The one-time code is wrong or expired');
    // The confirming code counts as used: it cannot also sign in. The recovery codes are shown
    // this once; only their hashes are kept.
    const recovery = newRecoveryCodes();
    await timed(c, 'db', () => ctx.data.run((repo) => repo.users.enableTotp(user.id, step, recovery.hashes)));
    return json(c, { enabled: true, method: 'totp', recovery_codes: recovery.codes }, 200, { 'Cache-Control': 'no-store' });
  });

  routes.post('/api/auth/2fa/disable', auth, async function twofaDisable(c) {
    const body = await readBody(c, DisableBody);
    const user = await currentUser(c);
    if (!user.totp_secret) throw new ApiError(409, 'not_enabled', 'Two-factor authentication is not enabled');
    await checkPassword(c, user, body.password);
    // A lost device: a recovery code stands in for the current code.
    const used = await ctx.data.run((repo) => {
      if (body.recovery_code !== undefined) {
        const hash = recoveryCodeHash(body.recovery_code);
        return hash !== null && repo.users.useRecoveryCode(user.id, hash);
      }
      const step = matchTotp(user.totp_secret!, body.code!, ctx.clock.now() / 1000, user.totp_last_step);
      return step !== null && repo.users.useTotpStep(user.id, step);
    });
    if (!used) throw new ApiError(400, 'totp_invalid', 'The one-time code or recovery code is wrong, expired or already used');
    await timed(c, 'db', () => ctx.data.run((repo) => repo.users.disableTotp(user.id)));
    return json(c, { enabled: false, method: null });
  });
}
