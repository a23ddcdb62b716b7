// missing-index: refresh tokens are looked up by their hash in a table with no index on it,
// grown to a realistic size by history (rotated tokens of old sessions). Every refresh then
// scans the whole table, twice (look-up, then mark rotated), synchronously on the event loop.
import { newOpaqueToken } from '../auth/secrets.js';
import type { Sqlite } from '../db/open.js';
import { HISTORY_ROWS } from './catalog.js';
import type { Fault } from './types.js';

/** Rotations per historical session: a month of refreshes every few hours. */
const TOKENS_PER_SESSION = 10;
export const ARCHIVE_EMAIL = 'archive@zimmer.test';

const COLUMNS = 'token_hash, session_id, user_id, issued_at, expires_at, rotated_at';

/** Rebuilds refresh_tokens with or without its key on token_hash, keeping rows and the session index. */
export function rebuildRefreshTokens(db: Sqlite, keyed: boolean): void {
  db.transaction(() => {
    db.exec(`
      CREATE TABLE refresh_tokens_rebuilt (
        token_hash TEXT NOT NULL${keyed ? ' PRIMARY KEY' : ''},
        session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        user_id INTEGER NOT NULL,
        issued_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        rotated_at INTEGER
      );
      INSERT INTO refresh_tokens_rebuilt (${COLUMNS}) SELECT ${COLUMNS} FROM refresh_tokens;
      DROP TABLE refresh_tokens;
      ALTER TABLE refresh_tokens_rebuilt RENAME TO refresh_tokens;
      CREATE INDEX refresh_tokens_session ON refresh_tokens(session_id);
    `);
  })();
}

/** Is token_hash covered by an index (the primary key's, or any other)? */
export function tokenHashIndexed(db: Sqlite): boolean {
  const indexes = db.prepare("SELECT name FROM pragma_index_list('refresh_tokens')").pluck().all() as string[];
  return indexes.some((name) => {
    const first = db.prepare('SELECT name FROM pragma_index_info(?) WHERE seqno = 0').pluck().get(name);
    return first === 'token_hash';
  });
}

/**
 * History of one archive account (which can never sign in: its password is random and
 * discarded): revoked sessions, each with its rotated tokens. Generated inside SQLite by a
 * recursive CTE, so 150,000 rows take a fraction of a second.
 */
function addHistory(db: Sqlite, userId: number, rows: number, now: number): void {
  const sessions = Math.ceil(rows / TOKENS_PER_SESSION);
  const day = 24 * 3600_000;
  db.transaction(() => {
    db.prepare(`
      WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < @sessions)
      INSERT INTO sessions (id, user_id, created_at, revoked_at, revoke_reason)
      SELECT 'archive-' || i, @user, @now - 60 * @day - i * 60000, @now - 30 * @day - i * 60000, 'logout' FROM n
    `).run({ sessions, user: userId, now, day });
    db.prepare(`
      WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < @rows)
      INSERT INTO refresh_tokens (${COLUMNS})
      SELECT lower(hex(randomblob(32))), 'archive-' || (i / CAST(@per AS INTEGER)), @user,
             @now - 60 * @day + i * 1000, @now - 30 * @day + i * 1000, @now - 60 * @day + i * 1000 + 3600000
      FROM n
    `).run({ rows, per: TOKENS_PER_SESSION, user: userId, now, day });
  })();
}

export function missingIndexWith(o: { rows?: number } = {}): Fault {
  const rows = o.rows ?? HISTORY_ROWS;
  return {
    name: 'missing-index',
    async apply(ctx) {
      const db = ctx.sqlite;
      if (tokenHashIndexed(db)) rebuildRefreshTokens(db, false);
      if (!ctx.repo.users.byEmail(ARCHIVE_EMAIL)) {
        const userId = ctx.repo.users.create(ARCHIVE_EMAIL, await ctx.hasher.hash(newOpaqueToken()), ctx.clock.now());
        if (userId === null) throw new Error('missing-index: could not create the archive account');
        addHistory(db, userId, rows, ctx.clock.now());
      }
      // Leave a database that outlives the process as it was found.
      return () => {
        if (!db.open) return;
        db.prepare('DELETE FROM users WHERE email = ?').run(ARCHIVE_EMAIL);
        rebuildRefreshTokens(db, true);
      };
    },
  };
}

export const missingIndex = missingIndexWith();
