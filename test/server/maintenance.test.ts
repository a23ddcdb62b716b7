// The periodic purge on the server's clock, and the outbox after sending: real app, real SQLite,
// a fake clock moved past each retention.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeApp, type TestApp } from './helpers.js';
import { purgeOnce, DEFAULT_MAINTENANCE } from '../../server/maintenance.js';
import { drainOutbox, type MailTransport } from '../../server/mail/outbox.js';
import { seedEmail, SEED_PASSWORD } from '../../server/seed.js';

let t: TestApp;
beforeEach(async () => {
  t = await makeApp({ seed: 3 });
});
afterEach(() => t.close());

const count = (table: string) => t.ctx.sqlite.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
const dumpAll = () =>
  ['outbox', 'email_verifications', 'sessions', 'refresh_tokens'].map((tb) => JSON.stringify(t.ctx.sqlite.prepare(`SELECT * FROM ${tb}`).all())).join('\n');

/** A mailbox outside the server: what a transport delivered. */
function mailbox(): { transport: MailTransport; texts: string[] } {
  const texts: string[] = [];
  return { texts, transport: async (m) => void texts.push(m.text) };
}
const tokenIn = (text: string) => /\n\n([A-Za-z0-9_-]{43})\n\n/.exec(text)?.[1];

describe('outbox', () => {
  it('holds the verify token only until the message is sent; the sent row holds nothing usable', async () => {
    const { access_token } = await t.login();
    expect((await t.req('POST', '/api/auth/request-email-verify', { token: access_token })).status).toBe(202);
    const box = mailbox();
    expect(await drainOutbox(t.ctx, box.transport, 10)).toEqual({ sent: 1, failed: 0 });
    const token = tokenIn(box.texts[0] ?? '');
    expect(token).toBeDefined();
    // Not in the outbox, nor anywhere else in the database.
    expect(dumpAll()).not.toContain(token);
    const [row] = t.ctx.repo.email.outboxFor(1);
    expect(row).toMatchObject({ secret: null, to_addr: 'user1@zimmer.test' });
    expect(row?.sent_at).toBe(t.clock.now());
    // The delivered token works; sending again sends nothing.
    expect((await t.req('POST', '/api/auth/verify-email', { body: { token } })).status).toBe(200);
    expect(await drainOutbox(t.ctx, box.transport, 10)).toEqual({ sent: 0, failed: 0 });
  });

  it('a failed send stays queued with its secret, and goes out on the next drain', async () => {
    const { access_token } = await t.login();
    await t.req('POST', '/api/auth/request-email-verify', { token: access_token });
    expect(await drainOutbox(t.ctx, async () => { throw new Error('mail host refused'); }, 10)).toEqual({ sent: 0, failed: 1 });
    expect(t.ctx.repo.email.outboxFor(1)[0]?.secret).toMatch(/^[\w-]{43}$/);
    const box = mailbox();
    expect((await drainOutbox(t.ctx, box.transport, 10)).sent).toBe(1);
    expect(t.ctx.repo.email.outboxFor(1)[0]?.secret).toBeNull();
  });
});

describe('purge', () => {
  it('deletes revoked and expired sessions, expired refresh tokens, spent verifications and sent mail, on the server clock', async () => {
    // A session logged out, one whose refresh token is rotated, one left alone.
    const a = await t.login(1);
    expect((await t.req('POST', '/api/auth/logout', { token: a.access_token, body: { refresh_token: a.refresh_token } })).status).toBe(204);
    const b = await t.login(2);
    expect((await t.req('POST', '/api/auth/refresh', { body: { refresh_token: b.refresh_token } })).status).toBe(200);
    const c = await t.login(3);
    await t.req('POST', '/api/auth/request-email-verify', { token: c.access_token });
    await drainOutbox(t.ctx, mailbox().transport, 10);
    expect([count('sessions'), count('refresh_tokens'), count('email_verifications'), count('outbox')]).toEqual([3, 4, 1, 1]);

    // Nothing is old enough yet.
    expect(Object.values(await purgeOnce(t.ctx)).every((n) => n === 0)).toBe(true);

    // Past the access-token lifetime: the logged-out session goes (with its token).
    t.clock.advance(16 * 60_000);
    expect(await purgeOnce(t.ctx)).toMatchObject({ sessions: 1 });
    expect(count('sessions')).toBe(2);
    // A day later: the sent message; 30 days later the expired tokens and the sessions they leave.
    t.clock.advance(24 * 3600_000);
    expect(await purgeOnce(t.ctx)).toMatchObject({ outbox: 1, email_verifications: 1 });
    t.clock.advance(30 * 24 * 3600_000);
    expect(await purgeOnce(t.ctx)).toMatchObject({ refresh_tokens: 3, sessions: 2 });
    expect([count('sessions'), count('refresh_tokens'), count('email_verifications'), count('outbox')]).toEqual([0, 0, 0, 0]);
    // Sign-in still works afterwards.
    expect((await t.req('POST', '/api/auth/login', { body: { email: seedEmail(1), password: SEED_PASSWORD } })).status).toBe(200);
  });

  it('is bounded per run: at most perTable rows of each table, the rest on later runs', async () => {
    for (let i = 0; i < 7; i++) {
      const s = await t.login(1);
      await t.req('POST', '/api/auth/logout', { token: s.access_token, body: { refresh_token: s.refresh_token } });
    }
    t.clock.advance(16 * 60_000);
    const policy = { ...DEFAULT_MAINTENANCE, perTable: 3 };
    const runs: number[] = [];
    for (let i = 0; i < 4; i++) runs.push((await purgeOnce(t.ctx, policy)).sessions);
    expect(runs).toEqual([3, 3, 1, 0]);
  });

  it('keeps a rotated refresh token until its own expiry: presenting it still revokes the family', async () => {
    const s = await t.login(1);
    const r = await (await t.req('POST', '/api/auth/refresh', { body: { refresh_token: s.refresh_token } })).json();
    t.clock.advance(20 * 60_000);
    await purgeOnce(t.ctx);
    const reuse = await t.req('POST', '/api/auth/refresh', { body: { refresh_token: s.refresh_token } });
    expect(reuse.status).toBe(401);
    // The family is revoked: the newer token no longer works either.
    expect((await t.req('POST', '/api/auth/refresh', { body: { refresh_token: r.refresh_token } })).status).toBe(401);
  });
});
