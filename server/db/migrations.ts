// Versioned schema. Each migration runs once, inside a transaction, and is recorded in
// schema_migrations; never edit a shipped migration, append a new one.
import type Database from 'better-sqlite3';

interface Migration {
  version: number;
  name: string;
  sql: string;
}

// Times are epoch milliseconds. Every column a request looks up by has an index
// (a missing one is one of the causes the fault catalogue reproduces).
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'accounts, sessions, tokens, outbox',
    sql: `
      CREATE TABLE users (
        id INTEGER PRIMARY KEY,
        email TEXT NOT NULL,
        password_hash TEXT NOT NULL,
        email_verified INTEGER NOT NULL DEFAULT 0,
        totp_secret TEXT,
        totp_pending_secret TEXT,
        totp_last_step INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL
      );
      CREATE UNIQUE INDEX users_email ON users(email);

      CREATE TABLE profiles (
        user_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
        display_name TEXT, bio TEXT, locale TEXT, timezone TEXT, avatar_url TEXT, website TEXT,
        updated_at INTEGER NOT NULL
      );

      CREATE TABLE sessions (
        id TEXT PRIMARY KEY,
        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        created_at INTEGER NOT NULL,
        revoked_at INTEGER,
        revoke_reason TEXT
      );
      CREATE INDEX sessions_user ON sessions(user_id);

      CREATE TABLE refresh_tokens (
        token_hash TEXT PRIMARY KEY,
        session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        user_id INTEGER NOT NULL,
        issued_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        rotated_at INTEGER
      );
      CREATE INDEX refresh_tokens_session ON refresh_tokens(session_id);

      CREATE TABLE access_denylist (jti TEXT PRIMARY KEY, expires_at INTEGER NOT NULL);
      CREATE INDEX access_denylist_expiry ON access_denylist(expires_at);

      CREATE TABLE login_throttle (
        account TEXT PRIMARY KEY,
        failures INTEGER NOT NULL,
        window_start INTEGER NOT NULL,
        locked_until INTEGER NOT NULL,
        lockouts INTEGER NOT NULL
      );
      CREATE INDEX login_throttle_window ON login_throttle(window_start);

      CREATE TABLE email_verifications (
        token_hash TEXT PRIMARY KEY,
        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        used_at INTEGER
      );
      CREATE INDEX email_verifications_user_created ON email_verifications(user_id, created_at);

      CREATE TABLE outbox (
        id INTEGER PRIMARY KEY,
        user_id INTEGER REFERENCES users(id) ON DELETE CASCADE,
        to_addr TEXT NOT NULL,
        subject TEXT NOT NULL,
        body TEXT NOT NULL,
        created_at INTEGER NOT NULL
      );
      CREATE INDEX outbox_user ON outbox(user_id);
    `,
  },
  {
    version: 2,
    name: '2FA recovery codes',
    sql: `
      CREATE TABLE recovery_codes (
        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        code_hash TEXT NOT NULL,
        PRIMARY KEY (user_id, code_hash)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 3,
    name: 'outbox secrets kept apart until sent; indexes for the purge',
    sql: `
      ALTER TABLE outbox ADD COLUMN secret TEXT;
      ALTER TABLE outbox ADD COLUMN sent_at INTEGER;
      CREATE INDEX outbox_sent ON outbox(sent_at, created_at);
      CREATE INDEX sessions_revoked ON sessions(revoked_at) WHERE revoked_at IS NOT NULL;
      CREATE INDEX refresh_tokens_expiry ON refresh_tokens(expires_at);
      CREATE INDEX email_verifications_expiry ON email_verifications(expires_at);
      CREATE INDEX email_verifications_used ON email_verifications(used_at) WHERE used_at IS NOT NULL;
    `,
  },
];

export function migrate(db: Database.Database): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)`);
  const applied = new Set(
    db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[],
  );
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  const ran: number[] = [];
  for (const m of MIGRATIONS) {
    if (applied.has(m.version)) continue;
    db.transaction(() => {
      db.exec(m.sql);
      record.run(m.version, m.name, Date.now());
    })();
    ran.push(m.version);
  }
  return ran;
}
