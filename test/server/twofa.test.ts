import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeApp, type TestApp } from './helpers.js';
import { base32Decode, totpAt } from '../../server/auth/totp.js';
import { SEED_PASSWORD, seedEmail } from '../../server/seed.js';

let t: TestApp;
beforeEach(async () => {
  t = await makeApp();
});
afterEach(() => t.close());

const codeAt = (secret: string, ms: number) => totpAt(base32Decode(secret), ms / 1000);

async function enable(): Promise<{ token: string; secret: string }> {
  const { access_token: token } = await t.login();
  const enroll = await t.req('POST', '/api/auth/2fa/enroll', { token, body: { password: SEED_PASSWORD } });
  expect(enroll.status).toBe(200);
  const { secret, otpauth_url } = await enroll.json();
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  expect(otpauth_url).toMatch(/^otpauth:\/\/totp\/zimmer-bench%3Auser1%40zimmer\.test\?secret=/);
  const confirm = await t.req('POST', '/api/auth/2fa/confirm', { token, body: { code: codeAt(secret, t.clock.now()) } });
  expect(confirm.status).toBe(200);
  return { token, secret };
}

const login = (totp?: string) =>
  t.req('POST', '/api/auth/login', { body: { email: seedEmail(1), password: SEED_PASSWORD, ...(totp === undefined ? {} : { totp }) } });

describe('2FA', () => {
  it('reports disabled, then enabled after enroll + confirm', async () => {
    const { access_token: token } = await t.login();
    const before = await t.req('GET', '/api/auth/2fa/status', { token });
    expect(await before.json()).toEqual({ enabled: false, method: null });
    const { token: token2 } = await enable();
    const after = await t.req('GET', '/api/auth/2fa/status', { token: token2 });
    expect(await after.json()).toEqual({ enabled: true, method: 'totp' });
    expect((await t.req('GET', '/api/me', { token: token2 }).then((r) => r.json())).twofa_enabled).toBe(true);
  });

  it('refuses a wrong confirmation code and keeps 2FA off', async () => {
    const { access_token: token } = await t.login();
    const { secret } = await (await t.req('POST', '/api/auth/2fa/enroll', { token, body: { password: SEED_PASSWORD } })).json();
    const right = codeAt(secret, t.clock.now());
    const wrong = String((Number(right) + 1) % 1_000_000).padStart(6, '0');
    const res = await t.req('POST', '/api/auth/2fa/confirm', { token, body: { code: wrong } });
    expect(res.status).toBe(400);
    expect((await res.json()).error).toBe('totp_invalid');
    expect(await (await t.req('GET', '/api/auth/2fa/status', { token })).json()).toMatchObject({ enabled: false });
    expect((await t.req('POST', '/api/auth/2fa/confirm', { token, body: { code: 'abc' } })).status).toBe(400);
  });

  it('requires confirm to follow enroll', async () => {
    const { access_token: token } = await t.login();
    const res = await t.req('POST', '/api/auth/2fa/confirm', { token, body: { code: '123456' } });
    expect(res.status).toBe(409);
  });

  it('login needs the code: missing -> totp_required, wrong -> totp_invalid, right -> 200', async () => {
    const { secret } = await enable();
    t.clock.advance(30_000); // the confirming code is spent; move to the next step
    const missing = await login();
    expect(missing.status).toBe(401);
    expect((await missing.json()).error).toBe('totp_required');
    const wrong = await login('000000' === codeAt(secret, t.clock.now()) ? '111111' : '000000');
    expect((await wrong.json()).error).toBe('totp_invalid');
    expect((await login(codeAt(secret, t.clock.now()))).status).toBe(200);
  });

  it('accepts each code once (replay refused), and never a code older than the last used', async () => {
    const { secret } = await enable();
    t.clock.advance(30_000);
    const code = codeAt(secret, t.clock.now());
    expect((await login(code)).status).toBe(200);
    const replay = await login(code);
    expect(replay.status).toBe(401);
    expect((await replay.json()).error).toBe('totp_invalid');
    // The previous step's code is within the drift window but older than the one used.
    expect((await login(codeAt(secret, t.clock.now() - 30_000))).status).toBe(401);
    t.clock.advance(30_000);
    expect((await login(codeAt(secret, t.clock.now()))).status).toBe(200);
  });

  it('tolerates one step of clock drift', async () => {
    const { secret } = await enable();
    t.clock.advance(90_000);
    expect((await login(codeAt(secret, t.clock.now() + 30_000))).status).toBe(200);
  });

  it('refuses a second enrolment once enabled', async () => {
    const { token } = await enable();
    expect((await t.req('POST', '/api/auth/2fa/enroll', { token, body: { password: SEED_PASSWORD } })).status).toBe(409);
  });
});

describe('2FA needs the password, not only a token', () => {
  it('a stolen access token alone can neither enrol nor disable; the password (and a code) can', async () => {
    const { access_token: token } = await t.login();
    expect((await t.req('POST', '/api/auth/2fa/enroll', { token, body: {} })).status).toBe(400);
    const wrong = await t.req('POST', '/api/auth/2fa/enroll', { token, body: { password: 'guess' } });
    expect(wrong.status).toBe(401);
    expect((await wrong.json()).error).toBe('invalid_credentials');
    expect(await (await t.req('GET', '/api/auth/2fa/status', { token })).json()).toMatchObject({ enabled: false });
    // Wrong guesses through this endpoint count like sign-in failures.
    for (let i = 0; i < 4; i++) await t.req('POST', '/api/auth/2fa/enroll', { token, body: { password: 'guess' } });
    expect((await t.req('POST', '/api/auth/2fa/enroll', { token, body: { password: SEED_PASSWORD } })).status).toBe(429);
  });

  it('disable needs the password and a fresh code', async () => {
    const { token, secret } = await enable();
    t.clock.advance(30_000);
    const code = codeAt(secret, t.clock.now());
    expect((await t.req('POST', '/api/auth/2fa/disable', { token, body: { password: 'guess', code } })).status).toBe(401);
    expect((await t.req('POST', '/api/auth/2fa/disable', { token, body: { password: SEED_PASSWORD, code: '000000' === code ? '111111' : '000000' } })).status).toBe(400);
    const off = await t.req('POST', '/api/auth/2fa/disable', { token, body: { password: SEED_PASSWORD, code } });
    expect(off.status).toBe(200);
    expect(await off.json()).toEqual({ enabled: false, method: null });
    expect((await login()).status).toBe(200); // no code needed any more
  });
});

describe('recovery codes', () => {
  const enableWithCodes = async () => {
    const { access_token: token } = await t.login();
    const { secret } = await (await t.req('POST', '/api/auth/2fa/enroll', { token, body: { password: SEED_PASSWORD } })).json();
    const confirm = await t.req('POST', '/api/auth/2fa/confirm', { token, body: { code: codeAt(secret, t.clock.now()) } });
    expect(confirm.headers.get('cache-control')).toBe('no-store');
    const body = await confirm.json();
    return { token, secret, codes: body.recovery_codes as string[] };
  };
  const withRecovery = (recovery_code: string) =>
    t.req('POST', '/api/auth/login', { body: { email: seedEmail(1), password: SEED_PASSWORD, recovery_code } });

  it('are issued once at confirmation, 10 distinct codes of 80 bits, and stored only hashed', async () => {
    const { codes } = await enableWithCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const c of codes) expect(c).toMatch(/^[A-Z2-7]{4}(-[A-Z2-7]{4}){3}$/);
    // Nowhere in the database, in any form a user could type.
    const dump = JSON.stringify(t.ctx.sqlite.prepare('SELECT * FROM recovery_codes').all());
    for (const c of codes) {
      expect(dump).not.toContain(c);
      expect(dump).not.toContain(c.replaceAll('-', ''));
    }
    expect(t.ctx.repo.users.recoveryCodesLeft(1)).toBe(10);
  });

  it('sign in in place of the code, once each: reuse fails', async () => {
    const { codes } = await enableWithCodes();
    const first = await withRecovery(codes[0]!);
    expect(first.status).toBe(200);
    const reuse = await withRecovery(codes[0]!);
    expect(reuse.status).toBe(401);
    expect((await reuse.json()).error).toBe('totp_invalid');
    // Typed in lower case and without dashes, another code still works; then it too is spent.
    expect((await withRecovery(codes[1]!.replaceAll('-', '').toLowerCase())).status).toBe(200);
    expect((await withRecovery(codes[1]!)).status).toBe(401);
    expect(t.ctx.repo.users.recoveryCodesLeft(1)).toBe(8);
    // A made-up code is a wrong guess: counted by the sign-in guard like a wrong password.
    expect((await withRecovery('AAAA-AAAA-AAAA-AAAA')).status).toBe(401);
  });

  it('a lost device: a recovery code disables 2FA (with the password); the codes go with it', async () => {
    const { token, codes } = await enableWithCodes();
    expect((await t.req('POST', '/api/auth/2fa/disable', { token, body: { password: SEED_PASSWORD } })).status).toBe(400);
    const off = await t.req('POST', '/api/auth/2fa/disable', { token, body: { password: SEED_PASSWORD, recovery_code: codes[3] } });
    expect(off.status).toBe(200);
    expect(t.ctx.repo.users.recoveryCodesLeft(1)).toBe(0);
    expect((await login()).status).toBe(200);
  });

  it('a new enrolment replaces the old codes', async () => {
    const first = await enableWithCodes();
    t.clock.advance(30_000);
    await t.req('POST', '/api/auth/2fa/disable', { token: first.token, body: { password: SEED_PASSWORD, code: codeAt(first.secret, t.clock.now()) } });
    t.clock.advance(30_000);
    const second = await enableWithCodes();
    expect((await withRecovery(first.codes[5]!)).status).toBe(401);
    expect((await withRecovery(second.codes[5]!)).status).toBe(200);
  });
});
