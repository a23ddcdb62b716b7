// middleware-order: the request logger does its work (body, serialisation, database) before
// auth rejects a bad token, and the caller is looked up twice per authenticated request; the
// fault-free app rejects a bad token without touching the database.
import { afterEach, describe, expect, it } from 'vitest';
import { unverifiedClaims } from '../../server/faults/middleware-order.js';
import { SEED_PASSWORD } from '../../server/seed.js';
import { makeFaultApp, type FaultApp } from './fault-harness.js';

let t: FaultApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const spans = (res: Response) => new Set([...(res.headers.get('server-timing') ?? '').matchAll(/(?:^|,\s*)(\w+);dur=/g)].map((m) => m[1]));
const lookups = (metrics: string, by: string) => Number(new RegExp(`^auth_user_lookups_total\\{by="${by}"\\} (\\d+)$`, 'm').exec(metrics)?.[1] ?? 0);
const BAD = 'invalid.invalid.invalid';

describe('middleware-order', () => {
  it('does database work for a request auth then rejects', async () => {
    t = await makeFaultApp(['middleware-order']);
    const res = await t.req('GET', '/api/me', { token: BAD });
    expect(res.status).toBe(401);
    expect(spans(res)).toEqual(new Set(['db', 'reqlog', 'total']));
    const row = t.ctx.sqlite.prepare('SELECT method, path, user_id, line FROM request_log').get() as { path: string; user_id: null; line: string };
    expect(row).toMatchObject({ method: 'GET', path: '/api/me', user_id: null });
    expect(JSON.parse(row.line).headers.authorization).toBe('[invalid]');
  });

  it('looks the caller up twice per authenticated request, and logs it', async () => {
    t = await makeFaultApp(['middleware-order']);
    const { access_token } = await t.tokens(1);
    const res = await t.req('GET', '/api/me', { token: access_token });
    expect(res.status).toBe(200);
    const metrics = await (await t.req('GET', '/metrics')).text();
    expect([lookups(metrics, 'request-log'), lookups(metrics, 'bearer-auth')]).toEqual([1, 1]);
    const logged = t.ctx.sqlite.prepare("SELECT user_id FROM request_log WHERE path = '/api/me'").pluck().get();
    expect(logged).toBe(1);
  });

  it('leaves bodies readable by the routes and keeps secrets out of the log', async () => {
    t = await makeFaultApp(['middleware-order']);
    const { access_token } = await t.tokens(1);
    const put = await t.req('PUT', '/api/user/profile', { token: access_token, body: { display_name: 'Ada' } });
    expect(await put.json()).toMatchObject({ display_name: 'Ada' });
    const lines = t.ctx.sqlite.prepare('SELECT line FROM request_log').pluck().all() as string[];
    expect(lines.some((l) => JSON.parse(l).body?.display_name === 'Ada')).toBe(true);
    expect(lines.join('\n')).not.toContain(SEED_PASSWORD);
    expect(lines.join('\n')).not.toContain(access_token);
  });

  it('without the fault a bad token is turned away before any database work', async () => {
    t = await makeFaultApp([]);
    const res = await t.req('GET', '/api/me', { token: BAD });
    expect(res.status).toBe(401);
    expect(spans(res)).toEqual(new Set(['total']));
    expect(t.ctx.sqlite.prepare("SELECT COUNT(*) FROM sqlite_master WHERE name = 'request_log'").pluck().get()).toBe(0);
    expect(await (await t.req('GET', '/metrics')).text()).not.toContain('auth_user_lookups_total');
  });

  it('reads claims without verifying them, and nothing from garbage', () => {
    const payload = Buffer.from(JSON.stringify({ sub: 7, sid: 's', jti: 'j' })).toString('base64url');
    expect(unverifiedClaims(`Bearer x.${payload}.forged`)).toEqual({ sub: 7, sid: 's', jti: 'j' });
    expect(unverifiedClaims(`Bearer ${BAD}`)).toBeNull();
    expect(unverifiedClaims(undefined)).toBeNull();
  });
});

describe('levelLogger', () => {
  it('keeps info and above, drops debug', async () => {
    const { levelLogger } = await import('../../server/faults/middleware-order.js');
    const kept: string[] = [];
    const log = levelLogger('info', (l) => kept.push(l));
    log.debug('a');
    log.info('b');
    log.error('c');
    expect(kept).toEqual(['b', 'c']);
  });
});
