// Setup steps and captures: a login endpoint issuing tokens, a protected endpoint requiring one.
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { RunInvalidError } from '../../cli/core/errors.js';
import { runScenario } from '../../cli/runner/run-scenario.js';
import { closed, readBody, request, scenario, startServer, type TestServer } from './runner-fixtures.js';

let server: TestServer | null = null;
afterEach(async () => { await server?.close(); server = null; });

/** Users u1..u3 with password "pw-N"; tokens map to their user; /me needs a valid Bearer token. */
async function authServer(): Promise<{ url: string; logins: () => number }> {
  const tokens = new Map<string, string>();
  let logins = 0;
  server = await startServer(async (req, res) => {
    res.setHeader('content-type', 'application/json');
    if (req.url === '/base/login' && req.method === 'POST') {
      const { user, password } = JSON.parse(await readBody(req)) as { user: string; password: string };
      logins++;
      if (password !== `pw-${user.slice(1)}`) { res.statusCode = 401; res.end('{"error":"invalid_credentials"}'); return; }
      const token = randomBytes(16).toString('hex');
      tokens.set(token, user);
      res.end(JSON.stringify({ data: { token } }));
    } else if (req.url === '/base/me') {
      const user = tokens.get((req.headers.authorization ?? '').replace(/^Bearer /, ''));
      if (!user) { res.statusCode = 401; res.end('{"error":"unauthorized"}'); return; }
      res.end(JSON.stringify({ user }));
    } else if (req.url === '/base/session' && req.method === 'POST') {
      const token = randomBytes(8).toString('hex');
      tokens.set(token, 'anon');
      res.end(JSON.stringify({ token }));
    } else { res.statusCode = 404; res.end('{}'); }
  });
  return { url: `${server.url}/base/`, logins: () => logins };
}

const login = request('login', '/login', {
  method: 'POST', body: { user: '{{user}}', password: '{{password}}' }, capture: { token: 'data.token' },
});
const me = request('me', '/me', { headers: { authorization: 'Bearer {{token}}' }, expect: { status: [200], fields: ['user'] } });

describe('setup and captures', () => {
  it('logs every virtual user in once, then uses its token (base path joined)', async () => {
    const { url, logins } = await authServer();
    const s = scenario([login, me], [{ weight: 1, run: ['me'] }], closed(3, 700), {
      setup: ['login'],
      users: { kind: 'pattern', count: 3, fields: { user: 'u{{n}}', password: 'pw-{{n}}' } },
    });
    const r = await runScenario(s, { targetUrl: url, bundled: false });
    expect(r.setup).toEqual({ users: 3, ready: 3, failures: {} });
    expect(logins()).toBe(3);
    expect(r.endpoints.map((e) => e.name)).toEqual(['me']);
    expect(r.overall.attempted).toBeGreaterThan(20);
    expect(r.overall.errors).toBe(0);
  });

  it('makes captures visible to later requests of the same flow only', async () => {
    const { url } = await authServer();
    const session = request('session', '/session', { method: 'POST', capture: { token: 'token' } });
    const s = scenario([session, me], [{ weight: 1, run: ['session', 'me'] }, { weight: 1, run: ['me'] }], closed(2, 700));
    const r = await runScenario(s, { targetUrl: url, bundled: false });
    const byName = Object.fromEntries(r.endpoints.map((e) => [e.name, e]));
    // 'me' succeeds right after 'session' in its flow, and fails (401, token dropped) in the lone flow.
    expect(byName.session?.errors).toBe(0);
    const meResult = byName.me!;
    expect(meResult.statuses['200']).toBeGreaterThan(5);
    expect(meResult.errorClasses.http4xx).toBeGreaterThan(5);
    expect(Math.abs((meResult.statuses['200'] ?? 0) - meResult.errorClasses.http4xx)).toBeLessThanOrEqual(2);
  });

  it('excludes users whose setup fails and counts them by message', async () => {
    const { url } = await authServer();
    const s = scenario([login, me], [{ weight: 1, run: ['me'] }], closed(3, 500), {
      setup: ['login'],
      users: { kind: 'inline', list: [{ user: 'u1', password: 'pw-1' }, { user: 'u2', password: 'bad' }, { user: 'u3', password: 'bad' }] },
    });
    const r = await runScenario(s, { targetUrl: url, bundled: false });
    expect(r.setup).toEqual({ users: 3, ready: 1, failures: { 'login: 401 invalid_credentials': 2 } });
    expect(r.overall.errors).toBe(0);
  });

  it('throws RunInvalidError naming the step, user and answer when nobody gets ready', async () => {
    const { url } = await authServer();
    const s = scenario([login, me], [{ weight: 1, run: ['me'] }], closed(2, 500), {
      setup: ['login'], users: { kind: 'inline', list: [{ user: 'u1', password: 'x' }, { user: 'u2', password: 'y' }] },
    });
    const err = await runScenario(s, { targetUrl: url, bundled: false }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RunInvalidError);
    expect((err as Error).message).toMatch(/^setup step login failed for all 2 users: 401 invalid_credentials \(first: user #1 \(user=u1\)\)/);
  });

  it('retries a setup step answered 503 or 429 after the Retry-After the server asks for', async () => {
    const seen = new Map<string, number>();
    server = await startServer(async (req, res) => {
      if (req.url === '/login') {
        const { user } = JSON.parse(await readBody(req)) as { user: string };
        const n = (seen.get(user) ?? 0) + 1;
        seen.set(user, n);
        if (n <= 2) { res.writeHead(n === 1 ? 503 : 429, { 'retry-after': '0' }).end(); return; }
        res.end(JSON.stringify({ data: { token: `t-${user}` } }));
      } else res.end('{"user":"x"}');
    });
    const s = scenario([login, me], [{ weight: 1, run: ['me'] }], closed(2, 300), {
      setup: ['login'], users: { kind: 'pattern', count: 2, fields: { user: 'u{{n}}', password: 'p' } },
    });
    const r = await runScenario(s, { targetUrl: server.url, bundled: false });
    expect(r.setup).toEqual({ users: 2, ready: 2, failures: {} });
    expect([...seen.values()]).toEqual([3, 3]);
  });
});
