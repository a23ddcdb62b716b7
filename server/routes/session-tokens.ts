// Issues the token pair a login or refresh answers with.
import type { AppContext } from '../context.js';
import type { Repo } from '../db/repo.js';
import { newId, newOpaqueToken, sha256 } from '../auth/secrets.js';

export interface TokenPair {
  access_token: string;
  refresh_token: string;
  token_type: 'Bearer';
  expires_in: number;
}

export function accessToken(ctx: AppContext, userId: number, sessionId: string, nowMs: number): string {
  const iat = Math.floor(nowMs / 1000);
  return ctx.jwt.sign({ sub: userId, sid: sessionId, jti: newId(), iat, exp: iat + ctx.limits.accessTtlS });
}

function pair(ctx: AppContext, userId: number, sessionId: string, refresh: string, now: number): TokenPair {
  return {
    access_token: accessToken(ctx, userId, sessionId, now),
    refresh_token: refresh,
    token_type: 'Bearer',
    expires_in: ctx.limits.accessTtlS,
  };
}

/** A new session (refresh-token family) for a successful login. */
export function startSession(ctx: AppContext, repo: Repo, userId: number, now: number): TokenPair {
  const sessionId = newId();
  const refresh = newOpaqueToken();
  repo.sessions.start(sessionId, userId, sha256(refresh), now, now + ctx.limits.refreshTtlMs);
  return pair(ctx, userId, sessionId, refresh, now);
}

export type RefreshOutcome = { ok: true; tokens: TokenPair } | { ok: false; reason: 'unknown' | 'revoked' | 'expired' | 'reused' };

/**
 * Rotation with reuse detection (RFC 9700 4.14.2): a refresh token works once; presenting one
 * that was already rotated means it leaked, so the whole family is revoked.
 */
export function rotateRefresh(ctx: AppContext, repo: Repo, presented: string, now: number): RefreshOutcome {
  const hash = sha256(presented);
  const row = repo.sessions.refreshByHash(hash);
  if (!row) return { ok: false, reason: 'unknown' };
  if (row.session_revoked_at !== null) return { ok: false, reason: 'revoked' };
  if (row.rotated_at !== null) {
    repo.sessions.revoke(row.session_id, 'refresh_reuse', now);
    return { ok: false, reason: 'reused' };
  }
  if (row.expires_at <= now) return { ok: false, reason: 'expired' };
  const next = newOpaqueToken();
  if (!repo.sessions.rotate(hash, sha256(next), row, now, now + ctx.limits.refreshTtlMs)) {
    repo.sessions.revoke(row.session_id, 'refresh_reuse', now);
    return { ok: false, reason: 'reused' };
  }
  return { ok: true, tokens: pair(ctx, row.user_id, row.session_id, next, now) };
}
