// Deletes rows nothing will read again, at most `limit` per table per call, so that one run never
// holds the database (and the event loop: SQLite runs on it) for long. Every statement walks an
// index (migration 3) and stops at the limit; what is left waits for the next run.
import type { Sqlite } from './open.js';

export interface PurgeCutoffs {
  now: number;
  /** Revoked sessions are kept this long (their access tokens are refused either way). */
  revokedBefore: number;
  /** Spent verifications are kept while they still count towards the request rate limit. */
  spentBefore: number;
  /** Sent outbox rows (already without their secret) are kept this long. */
  sentBefore: number;
  /** Unsent outbox rows older than this carry an expired token: pointless to send. */
  unsentBefore: number;
  /** Sign-in throttle rows whose window and lock are both this old. */
  throttleBefore: number;
}

export type PurgeCounts = Record<'sessions' | 'refresh_tokens' | 'access_denylist' | 'email_verifications' | 'outbox' | 'login_throttle', number>;

export function purgeRepo(db: Sqlite) {
  const q = (sql: string) => db.prepare(sql);
  // Expired refresh tokens (rotated or not: a rotated token is kept until its own expiry, so that
  // presenting it still revokes its family), then the sessions they leave without any token.
  const expiredTokens = db.prepare<[number, number], { rowid: number; session_id: string }>(
    'SELECT rowid, session_id FROM refresh_tokens WHERE expires_at < ? ORDER BY expires_at LIMIT ?',
  );
  const dropToken = q('DELETE FROM refresh_tokens WHERE rowid = ?');
  const dropSessionIfEmpty = q(
    'DELETE FROM sessions WHERE id = ? AND NOT EXISTS (SELECT 1 FROM refresh_tokens WHERE session_id = ?)',
  );
  // Revoked sessions go with their tokens (ON DELETE CASCADE).
  const revoked = q(
    `DELETE FROM sessions WHERE rowid IN
       (SELECT rowid FROM sessions WHERE revoked_at IS NOT NULL AND revoked_at < ? ORDER BY revoked_at LIMIT ?)`,
  );
  const denylist = q('DELETE FROM access_denylist WHERE rowid IN (SELECT rowid FROM access_denylist WHERE expires_at < ? LIMIT ?)');
  const expiredVerifications = q(
    'DELETE FROM email_verifications WHERE rowid IN (SELECT rowid FROM email_verifications WHERE expires_at < ? LIMIT ?)',
  );
  const spentVerifications = q(
    `DELETE FROM email_verifications WHERE rowid IN
       (SELECT rowid FROM email_verifications WHERE used_at IS NOT NULL AND used_at < ? LIMIT ?)`,
  );
  const sent = q('DELETE FROM outbox WHERE id IN (SELECT id FROM outbox WHERE sent_at IS NOT NULL AND sent_at < ? LIMIT ?)');
  const stale = q('DELETE FROM outbox WHERE id IN (SELECT id FROM outbox WHERE sent_at IS NULL AND created_at < ? LIMIT ?)');
  const throttle = q(
    `DELETE FROM login_throttle WHERE rowid IN
       (SELECT rowid FROM login_throttle WHERE window_start < ? AND locked_until < ? LIMIT ?)`,
  );

  const run = db.transaction((c: PurgeCutoffs, limit: number): PurgeCounts => {
    const tokens = expiredTokens.all(c.now, limit);
    let sessions = 0;
    for (const t of tokens) dropToken.run(t.rowid);
    for (const id of new Set(tokens.map((t) => t.session_id))) sessions += dropSessionIfEmpty.run(id, id).changes;
    // Bounded together: what the expired tokens emptied counts towards the sessions' limit.
    sessions += revoked.run(c.revokedBefore, Math.max(0, limit - sessions)).changes;
    const verifications = expiredVerifications.run(c.now, limit).changes;
    const outbox = sent.run(c.sentBefore, limit).changes;
    return {
      sessions,
      refresh_tokens: tokens.length,
      access_denylist: denylist.run(c.now, limit).changes,
      email_verifications: verifications + spentVerifications.run(c.spentBefore, Math.max(0, limit - verifications)).changes,
      outbox: outbox + stale.run(c.unsentBefore, Math.max(0, limit - outbox)).changes,
      login_throttle: throttle.run(c.throttleBefore, c.now, limit).changes,
    };
  });
  return { run: (c: PurgeCutoffs, limit: number) => run(c, limit) };
}
