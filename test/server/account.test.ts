import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeApp, type TestApp } from './helpers.js';
import { startSession } from '../../server/routes/session-tokens.js';

let t: TestApp;
let token: string;
beforeEach(async () => {
  t = await makeApp();
  token = (await t.login()).access_token;
});
afterEach(() => t.close());

const put = (body: unknown) => t.req('PUT', '/api/user/profile', { token, body });

describe('GET /api/me', () => {
  it('answers the account', async () => {
    const res = await t.req('GET', '/api/me', { token });
    expect(res.status).toBe(200);
    const me = await res.json();
    expect(me).toEqual({ id: 1, email: 'user1@zimmer.test', email_verified: false, twofa_enabled: false, created_at: new Date(t.clock.now()).toISOString() });
  });
});

describe('/api/user/profile', () => {
  it('starts empty, saves a PUT and returns it on GET', async () => {
    const empty = await (await t.req('GET', '/api/user/profile', { token })).json();
    expect(empty).toMatchObject({ display_name: null, bio: null, updated_at: null });
    const profile = { display_name: 'Ada', bio: 'Engines', locale: 'en-GB', timezone: 'Europe/London', avatar_url: 'https://example.org/a.png', website: null };
    const saved = await put(profile);
    expect(saved.status).toBe(200);
    expect(await saved.json()).toMatchObject(profile);
    const got = await (await t.req('GET', '/api/user/profile', { token })).json();
    expect(got).toMatchObject({ ...profile, updated_at: new Date(t.clock.now()).toISOString() });
  });

  it('keeps omitted fields and clears null ones', async () => {
    await put({ display_name: 'Ada', bio: 'Engines' });
    const res = await put({ bio: null });
    expect(await res.json()).toMatchObject({ display_name: 'Ada', bio: null });
  });

  it('answers 400 with every field error at once, unknown fields included', async () => {
    const res = await put({ display_name: 'x'.repeat(65), locale: 'english', timezone: 'Mars/Olympus', avatar_url: 'http://example.org/a.png', bio: 7, role: 'admin' });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error).toBe('invalid_request');
    expect(Object.keys(body.fields).sort()).toEqual(['avatar_url', 'bio', 'display_name', 'locale', 'role', 'timezone']);
    expect(body.fields.role).toBe('unknown field');
    expect(body.fields.avatar_url).toMatch(/https/);
    // Nothing was saved.
    expect((await (await t.req('GET', '/api/user/profile', { token })).json()).display_name).toBeNull();
  });

  it('refuses control characters, bidi overrides, lone surrogates and invisible-only names, with a field error', async () => {
    const cases: Array<[Record<string, string>, string, RegExp]> = [
      [{ display_name: 'Ada\u0000' }, 'display_name', /control characters/],
      [{ display_name: 'Ada\u001b[31m' }, 'display_name', /control characters/],
      [{ bio: 'line\u0085next' }, 'bio', /control characters/],
      [{ display_name: 'admin\u202Egnp.exe' }, 'display_name', /bidirectional/],
      [{ bio: 'ok \u2067isolate' }, 'bio', /bidirectional/],
      [{ display_name: 'x\uD800y' }, 'display_name', /well-formed/],
      [{ bio: '\uDC00' }, 'bio', /well-formed/],
      [{ display_name: '\u200B\u200D\u3164 \uFEFF' }, 'display_name', /visible/],
      [{ display_name: '   ' }, 'display_name', /visible/],
    ];
    for (const [body, field, message] of cases) {
      const res = await put(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      const out = await res.json();
      expect(Object.keys(out.fields)).toEqual([field]);
      expect(out.fields[field]).toMatch(message);
    }
    // Line breaks and tabs stay allowed in a bio, and emoji (surrogate pairs) anywhere.
    const ok = await put({ display_name: 'Ada 🐢', bio: 'one\n\ttwo' });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ display_name: 'Ada 🐢', bio: 'one\n\ttwo' });
  });

  it('stores SQL-injection-shaped and unicode strings verbatim', async () => {
    // (A control character such as NUL is now refused: see the next test.)
    const nasty = `Robert'); DROP TABLE users;-- "\\ %_ 🐢 end`;
    const res = await put({ display_name: nasty.slice(0, 64), bio: `' OR '1'='1` });
    expect(res.status).toBe(200);
    const got = await (await t.req('GET', '/api/user/profile', { token })).json();
    expect(got.display_name).toBe(nasty.slice(0, 64));
    expect(got.bio).toBe(`' OR '1'='1`);
    expect((await t.req('GET', '/api/me', { token })).status).toBe(200);
  });

  it('answers 413 for a body over 16 KiB', async () => {
    const res = await put({ bio: 'x'.repeat(17 * 1024) });
    expect(res.status).toBe(413);
    expect((await res.json()).error).toBe('payload_too_large');
  });

  it('answers 400 for malformed JSON and 401 without a token', async () => {
    const bad = await t.req('PUT', '/api/user/profile', { token, raw: '{"bio":', headers: { 'content-type': 'application/json' } });
    expect(bad.status).toBe(400);
    expect((await t.req('GET', '/api/user/profile')).status).toBe(401);
  });
});

describe('GET /api/me as the database writes it', () => {
  it('is the JSON JavaScript would write, for an address that needs escaping, a verified account and one with 2FA', async () => {
    const u = await makeApp({ seed: 1 });
    try {
      const email = 'o"brien\\x\u00e9@zimmer.test';
      const created = Date.UTC(2031, 1, 3, 4, 5, 6, 7);
      const id = u.ctx.repo.users.create(email, u.ctx.dummyHash, created)!;
      u.ctx.sqlite.prepare("UPDATE users SET email_verified = 1, totp_secret = 'S' WHERE id = ?").run(id);
      const { access_token } = startSession(u.ctx, u.ctx.repo, id, u.clock.now());
      const res = await u.req('GET', '/api/me', { token: access_token });
      expect(await res.text()).toBe(JSON.stringify({ id, email, email_verified: true, twofa_enabled: true, created_at: '2031-02-03T04:05:06.007Z' }));
      expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    } finally {
      u.close();
    }
  });
});
