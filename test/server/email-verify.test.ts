import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeApp, type TestApp } from './helpers.js';
import { mailText } from '../../server/mail/outbox.js';

let t: TestApp;
let token: string;
beforeEach(async () => {
  t = await makeApp();
  token = (await t.login()).access_token;
});
afterEach(() => t.close());

const request = () => t.req('POST', '/api/auth/request-email-verify', { token });
const verify = (v: string) => t.req('POST', '/api/auth/verify-email', { body: { token: v } });

/** The raw token only exists in the queued message until it is sent: the last message as sent. */
function lastMailedToken(): string {
  const row = t.ctx.repo.email.outboxFor(1).at(-1);
  const body = row ? mailText({ body: row.body, secret: row.secret ?? undefined }) : '';
  const m = /\n\n([A-Za-z0-9_-]{43})\n\n/.exec(body);
  if (!m?.[1]) throw new Error(`no token in outbox message: ${body}`);
  return m[1];
}

describe('email verification', () => {
  it('queues a message (202) and stores the token only as a hash', async () => {
    const res = await request();
    expect(res.status).toBe(202);
    const raw = lastMailedToken();
    const outbox = t.ctx.repo.email.outboxFor(1);
    expect(outbox).toHaveLength(1);
    expect(outbox[0]?.to_addr).toBe('user1@zimmer.test');
    const hashes = t.ctx.sqlite.prepare('SELECT token_hash FROM email_verifications').pluck().all();
    expect(hashes).toHaveLength(1);
    expect(hashes).not.toContain(raw);
  });

  it('consumes a token once, then answers 409 already_verified', async () => {
    await request();
    const raw = lastMailedToken();
    const ok = await verify(raw);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ email_verified: true });
    expect((await verify(raw)).status).toBe(400);
    const me = await (await t.req('GET', '/api/me', { token })).json();
    expect(me.email_verified).toBe(true);
    const again = await request();
    expect(again.status).toBe(409);
    expect((await again.json()).error).toBe('already_verified');
  });

  it('refuses an expired token (24 h)', async () => {
    await request();
    const raw = lastMailedToken();
    t.clock.advance(24 * 3600_000 + 1);
    const res = await verify(raw);
    expect(res.status).toBe(400);
    expect((await res.json()).error).toBe('invalid_token');
  });

  it('refuses unknown tokens and bad bodies', async () => {
    expect((await verify('A'.repeat(43))).status).toBe(400);
    expect((await t.req('POST', '/api/auth/verify-email', { body: {} })).status).toBe(400);
  });

  it('allows 3 requests per 10 minutes per user, then 429 + Retry-After until the window slides', async () => {
    for (let i = 0; i < 3; i++) {
      expect((await request()).status).toBe(202);
      t.clock.advance(60_000);
    }
    const limited = await request();
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('420'); // oldest was 3 min ago
    expect((await limited.json()).error).toBe('rate_limited');
    // Another user has their own window.
    const other = (await t.login(2)).access_token;
    expect((await t.req('POST', '/api/auth/request-email-verify', { token: other })).status).toBe(202);
    t.clock.advance(420_000);
    expect((await request()).status).toBe(202);
  });

  it('requires a Bearer token', async () => {
    expect((await t.req('POST', '/api/auth/request-email-verify')).status).toBe(401);
  });
});
