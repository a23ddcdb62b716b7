// Bearer access-token check for protected routes: signature and expiry (no I/O), then one
// indexed lookup for a revoked session or denylisted token id.
import type { MiddlewareHandler } from 'hono';
import type { Jwt } from '../auth/jwt.js';
import type { Clock, TokenLookup } from '../context.js';
import type { AppEnv } from '../http/env.js';
import { unauthorized } from '../http/respond.js';
import { addSpan } from '../http/spans.js';
import { andThen } from '../http/maybe-async.js';
import { requestHeader, setHeader } from '../http/headers.js';

export interface BearerOptions {
  jwt: Jwt;
  tokens: TokenLookup;
  clock: Clock;
}

const REASONS: Record<string, string> = {
  expired: 'The access token has expired; refresh it',
  bad_alg: 'The access token uses an unsupported algorithm',
  bad_signature: 'The access token signature is invalid',
};

export function bearerAuth(opts: BearerOptions): MiddlewareHandler<AppEnv> {
  // Not an async function: with the database called directly the revocation check is ready at
  // once, and the request goes on without a promise of its own (http/maybe-async.ts).
  return function bearerAuthMiddleware(c, next) {
    const t0 = performance.now();
    const header = requestHeader(c, 'authorization');
    if (!header || !/^Bearer /i.test(header)) throw unauthorized();
    const result = opts.jwt.verify(header.slice(7).trim(), Math.floor(opts.clock.now() / 1000));
    if (!result.ok) throw unauthorized('invalid_token', REASONS[result.reason] ?? 'The access token is malformed');
    const claims = result.claims;
    return andThen(opts.tokens.accessState(claims.sid, claims.jti), (state) => {
      if (state.revoked || state.denylisted) throw unauthorized('token_revoked', 'The access token has been revoked');
      c.set('auth', claims);
      // No cache, shared or private, keeps what an authenticated caller was shown.
      setHeader(c, 'Cache-Control', 'no-store');
      addSpan(c, 'auth', performance.now() - t0);
      return next();
    });
  };
}
