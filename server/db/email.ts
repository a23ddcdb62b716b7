// Email-verification tokens and the outbox the default mailer writes to.
import type { Sqlite } from './open.js';

export interface VerificationRow {
  token_hash: string;
  user_id: number;
  expires_at: number;
  used_at: number | null;
}

export interface OutboxRow {
  id: number;
  user_id: number | null;
  to_addr: string;
  subject: string;
  /** Text with SECRET_MARK (mail/outbox.ts) where the secret goes. */
  body: string;
  /** Until the message is sent; then null. */
  secret: string | null;
  created_at: number;
  sent_at: number | null;
}

export function emailRepo(db: Sqlite) {
  const insertToken = db.prepare<[string, number, number, number]>(
    'INSERT INTO email_verifications (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)',
  );
  // Requests in the rate-limit window: count and the oldest, to compute Retry-After.
  const recent = db.prepare<[number, number], { n: number; oldest: number | null }>(
    `SELECT COUNT(*) AS n, MIN(created_at) AS oldest FROM email_verifications
     WHERE user_id = ? AND created_at > ?`,
  );
  const byHash = db.prepare<[string], VerificationRow>(
    'SELECT token_hash, user_id, expires_at, used_at FROM email_verifications WHERE token_hash = ?',
  );
  const useAllForUser = db.prepare<[number, number]>(
    'UPDATE email_verifications SET used_at = ? WHERE user_id = ? AND used_at IS NULL',
  );
  const markVerified = db.prepare<[number]>('UPDATE users SET email_verified = 1 WHERE id = ?');
  const insertOutbox = db.prepare<[number | null, string, string, string, string | null, number]>(
    'INSERT INTO outbox (user_id, to_addr, subject, body, secret, created_at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const pending = db.prepare<[number], OutboxRow>('SELECT * FROM outbox WHERE sent_at IS NULL ORDER BY id LIMIT ?');
  const markSent = db.prepare<[number, number]>('UPDATE outbox SET sent_at = ?, secret = NULL WHERE id = ? AND sent_at IS NULL');
  const outboxFor = db.prepare<[number], OutboxRow>('SELECT * FROM outbox WHERE user_id = ? ORDER BY id');

  // Consuming one token spends every outstanding token of the user: the address is proven.
  const consume = db.transaction((row: VerificationRow, now: number) => {
    useAllForUser.run(now, row.user_id);
    markVerified.run(row.user_id);
  });

  return {
    createToken: (hash: string, userId: number, now: number, expiresAt: number) =>
      void insertToken.run(hash, userId, now, expiresAt),
    recent(userId: number, since: number): { count: number; oldest: number | null } {
      const r = recent.get(userId, since);
      return { count: r?.n ?? 0, oldest: r?.oldest ?? null };
    },
    byHash: (hash: string) => byHash.get(hash),
    consume: (row: VerificationRow, now: number) => consume(row, now),
    enqueue: (userId: number | null, to: string, subject: string, body: string, secret: string | null, now: number) =>
      void insertOutbox.run(userId, to, subject, body, secret, now),
    /** Oldest unsent messages first. */
    pending: (limit: number) => pending.all(limit),
    /** Sent: the secret is cleared. */
    markSent: (id: number, now: number) => void markSent.run(now, id),
    outboxFor: (userId: number) => outboxFor.all(userId),
  };
}
