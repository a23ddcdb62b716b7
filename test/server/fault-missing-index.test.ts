// missing-index: the refresh-token look-up scans a table grown by history; the fault-free
// schema searches the primary key. Refresh still behaves (rotation, reuse detection), and the
// fault leaves the database as it found it.
import { afterEach, describe, expect, it } from 'vitest';
import { ARCHIVE_EMAIL, missingIndexWith, tokenHashIndexed } from '../../server/faults/missing-index.js';
import { makeFaultApp, type FaultApp } from './fault-harness.js';

let t: FaultApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const plan = (app: FaultApp) =>
  (app.ctx.sqlite.prepare('EXPLAIN QUERY PLAN SELECT * FROM refresh_tokens WHERE token_hash = ?').all('x') as { detail: string }[])
    .map((r) => r.detail)
    .join('; ');
const count = (app: FaultApp, sql: string) => app.ctx.sqlite.prepare(sql).pluck().get() as number;

describe('missing-index', () => {
  it('makes the token look-up scan a table of historical rows', async () => {
    t = await makeFaultApp([missingIndexWith({ rows: 2000 })]);
    expect(plan(t)).toMatch(/^SCAN refresh_tokens$/);
    expect(tokenHashIndexed(t.ctx.sqlite)).toBe(false);
    expect(count(t, 'SELECT COUNT(*) FROM refresh_tokens')).toBe(2000);
    // History belongs to sessions of an account nobody can sign in to.
    expect(count(t, `SELECT COUNT(*) FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.email = '${ARCHIVE_EMAIL}' AND s.revoked_at IS NOT NULL`)).toBe(200);
  });

  it('still rotates refresh tokens and detects reuse', async () => {
    t = await makeFaultApp([missingIndexWith({ rows: 2000 })]);
    const { refresh_token } = await t.tokens(1);
    const first = await t.req('POST', '/api/auth/refresh', { body: { refresh_token } });
    expect(first.status).toBe(200);
    const reused = await t.req('POST', '/api/auth/refresh', { body: { refresh_token } });
    expect(await reused.json()).toMatchObject({ error: 'token_reused' });
  });

  it('restores the key and removes the history when disposed', async () => {
    t = await makeFaultApp([missingIndexWith({ rows: 2000 })]);
    await t.tokens(1);
    const fault = missingIndexWith({ rows: 10 });
    // Applying again on an already faulted database changes nothing (idempotent), then undo.
    const undo = await fault.apply(t.ctx);
    expect(count(t, 'SELECT COUNT(*) FROM refresh_tokens')).toBe(2001);
    if (undo) await undo();
    expect(tokenHashIndexed(t.ctx.sqlite)).toBe(true);
    expect(plan(t)).toMatch(/USING INDEX/);
    expect(count(t, 'SELECT COUNT(*) FROM refresh_tokens')).toBe(1); // the login's own token survives
    expect(count(t, `SELECT COUNT(*) FROM users WHERE email = '${ARCHIVE_EMAIL}'`)).toBe(0);
  });

  it('the fault-free schema searches by the primary key', async () => {
    t = await makeFaultApp([]);
    expect(plan(t)).toMatch(/SEARCH refresh_tokens USING INDEX sqlite_autoindex_refresh_tokens_1 \(token_hash=\?\)/);
    expect(tokenHashIndexed(t.ctx.sqlite)).toBe(true);
  });
});
