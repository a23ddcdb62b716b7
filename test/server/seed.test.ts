import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../server/db/open.js';
import { createContext } from '../../server/context.js';
import { seedUsers, seedEmail, SEED_EMAIL_PATTERN, SEED_PASSWORD } from '../../server/seed.js';
import { MIGRATIONS } from '../../server/db/migrations.js';

describe('seeding and migrations', () => {
  it('seeds user{n}@zimmer.test idempotently, all sharing one full-cost hash of the seed password', async () => {
    const sqlite = openDatabase(':memory:');
    const ctx = await createContext({ sqlite, hashCost: 10 });
    expect(await seedUsers(ctx, 5)).toBe(5);
    expect(await seedUsers(ctx, 5)).toBe(0);
    expect(await seedUsers(ctx, 8)).toBe(3);
    expect(SEED_EMAIL_PATTERN.replace('{n}', '8')).toBe(seedEmail(8));
    const hashes = sqlite.prepare('SELECT DISTINCT password_hash FROM users WHERE id <= 5').pluck().all() as string[];
    expect(hashes).toHaveLength(1);
    expect(hashes[0]).toMatch(/^\$argon2id\$v=19\$m=1216,t=2,p=1\$/);
    expect(await ctx.hasher.verify(SEED_PASSWORD, hashes[0]!)).toBe(true);
    sqlite.close();
  });

  it('records each migration once and reopens an existing file without re-running them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'zimmer-bench-test-'));
    try {
      const path = join(dir, 'server.db');
      const first = openDatabase(path);
      expect(first.pragma('journal_mode', { simple: true })).toBe('wal');
      first.prepare("INSERT INTO users (email, password_hash, created_at) VALUES ('a@b.c', 'x', 1)").run();
      first.close();
      const again = openDatabase(path);
      const versions = again.prepare('SELECT version FROM schema_migrations').pluck().all();
      expect(versions).toEqual(MIGRATIONS.map((m) => m.version));
      expect(again.prepare('SELECT COUNT(*) FROM users').pluck().get()).toBe(1);
      again.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('has an index for every lookup the app makes', () => {
    const sqlite = openDatabase(':memory:');
    const plans = [
      ['SELECT * FROM users WHERE email = ?', 'x'],
      ['SELECT * FROM sessions WHERE user_id = ?', 1],
      ['SELECT * FROM refresh_tokens WHERE session_id = ?', 'x'],
      ['SELECT COUNT(*) FROM email_verifications WHERE user_id = ? AND created_at > ?', 1, 0],
      ['SELECT * FROM outbox WHERE user_id = ?', 1],
      ['DELETE FROM access_denylist WHERE expires_at < ?', 0],
    ] as const;
    for (const [sql, ...args] of plans) {
      const detail = (sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as { detail: string }[]).map((r) => r.detail).join('; ');
      expect(detail, sql).toMatch(/USING (COVERING )?INDEX|USING INTEGER PRIMARY KEY|USING PRIMARY KEY/);
    }
    sqlite.close();
  });
});
