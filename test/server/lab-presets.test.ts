// Every lab state starts and serves a whole session at low load (login, me, 2FA status, profile read
// and write, refresh, logout), and the settings that tell the states apart are really there: the
// response middleware, /health, and the circuit breaker on the mail call.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.js';
import { createContext } from '../../server/context.js';
import { openDatabase } from '../../server/db/open.js';
import { applyPreset } from '../../server/lab/apply.js';
import { BREAKER } from '../../server/lab/mail-paths.js';
import { presetNames, presetNodeArgs } from '../../server/lab/catalog.js';
import { seedEmail, seedUsers, SEED_PASSWORD } from '../../server/seed.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function labApp(preset: string) {
  const dir = mkdtempSync(join(tmpdir(), 'zimmer-lab-'));
  const sqlite = openDatabase(join(dir, 'lab.db'));
  const ctx = await createContext({ sqlite, hashCost: 10 });
  const undo = await applyPreset(ctx, preset);
  cleanups.push(async () => {
    await undo();
    sqlite.close();
    rmSync(dir, { recursive: true, force: true });
  });
  await seedUsers(ctx, BREAKER.failureThreshold + 1);
  const app = createApp(ctx);
  const req = (method: string, path: string, o: { body?: unknown; token?: string; headers?: Record<string, string> } = {}) =>
    app.request(path, {
      method,
      headers: { ...(o.token ? { authorization: `Bearer ${o.token}` } : {}), ...(o.body !== undefined ? { 'content-type': 'application/json' } : {}), ...o.headers },
      body: o.body === undefined ? undefined : JSON.stringify(o.body),
    });
  return { ctx, req };
}

describe('lab presets', () => {
  it.each(presetNames())('%s serves a whole session', async (name) => {
    const { req } = await labApp(name);
    const login = await req('POST', '/api/auth/login', { body: { email: seedEmail(1), password: SEED_PASSWORD } });
    expect(login.status).toBe(200);
    const t = (await login.json()) as { access_token: string; refresh_token: string };
    expect((await req('GET', '/api/me', { token: t.access_token })).status).toBe(200);
    expect((await req('GET', '/api/auth/2fa/status', { token: t.access_token })).status).toBe(200);
    expect((await req('GET', '/api/user/profile', { token: t.access_token })).status).toBe(200);
    expect((await req('PUT', '/api/user/profile', { token: t.access_token, body: { display_name: 'Lab' } })).status).toBe(200);
    const refreshed = await req('POST', '/api/auth/refresh', { body: { refresh_token: t.refresh_token } });
    expect(refreshed.status).toBe(200);
    const r = (await refreshed.json()) as { access_token: string; refresh_token: string };
    expect((await req('POST', '/api/auth/logout', { token: r.access_token, body: { refresh_token: r.refresh_token } })).status).toBe(204);
  }, 30_000);

  it('today goes without security headers and compression and answers /health from the database; phase-3 has them and a light /health', async () => {
    const today = await labApp('today');
    const big = { headers: { 'accept-encoding': 'gzip' } };
    const t0 = await today.req('GET', '/health', big);
    expect(await t0.json()).toMatchObject({ status: 'ok', rows: { users: expect.any(Number), refresh_tokens: expect.any(Number) } });
    expect(t0.headers.get('x-content-type-options')).toBeNull();
    const p3 = await labApp('phase-3');
    const h3 = await p3.req('GET', '/health', big);
    expect(await h3.json()).not.toHaveProperty('rows');
    expect(h3.headers.get('x-content-type-options')).toBe('nosniff');
    expect(presetNodeArgs('today')).toEqual(['--max-old-space-size=64']);
    expect(presetNodeArgs('phase-3')).toEqual([]);
  }, 30_000);

  it('steps-1-3: the mail call fails at its 1 s deadline three times, then the open breaker answers 503 + Retry-After at once', async () => {
    const { req } = await labApp('steps-1-3');
    // One user per email: the server allows each user only a few verification emails.
    let n = 0;
    const ask = async () => {
      const login = await req('POST', '/api/auth/login', { body: { email: seedEmail(++n), password: SEED_PASSWORD } });
      const { access_token } = (await login.json()) as { access_token: string };
      const t0 = performance.now();
      const res = await req('POST', '/api/auth/request-email-verify', { token: access_token });
      return { status: res.status, ms: performance.now() - t0, retry: res.headers.get('retry-after') };
    };
    for (let i = 0; i < BREAKER.failureThreshold; i++) {
      const r = await ask();
      expect(r.status).toBe(502);
      expect(r.ms).toBeGreaterThanOrEqual(BREAKER.callDeadlineMs - 50);
    }
    const open = await ask();
    expect(open.status).toBe(503);
    expect(Number(open.retry)).toBeGreaterThan(0);
    expect(open.ms).toBeLessThan(BREAKER.callDeadlineMs);
  }, 30_000);
});
