// The built CLI's `serve` in its own process, driven over a real loopback socket with undici.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { request } from 'undici';
import { getPriority } from 'node:os';
import { SEED_PASSWORD, seedEmail } from '../../server/seed.js';
import { CHRT_PATHS } from '../../server/auth/hash-worker.js';
import { HASH_NICE_INCREMENT } from '../../server/start.js';

const MAIN = 'dist/cli/main.js';
let child: ChildProcess;
let url: string;
let stderr = '';

beforeAll(async () => {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} missing: run npm run build first`);
  child = spawn(process.execPath, [MAIN, 'serve', '--port', '0', '--seed-users', '5', '--hash-cost', '10'], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const lines = createInterface({ input: child.stdout! });
  url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${stderr}`)), 10_000);
    lines.once('line', (line) => {
      clearTimeout(timer);
      resolve(line);
    });
    child.once('exit', (code) => reject(new Error(`serve exited ${code}: ${stderr}`)));
  });
});

afterAll(() => {
  if (child.exitCode === null) child.kill('SIGKILL');
});

async function call(method: 'GET' | 'POST' | 'PUT', path: string, o: { token?: string; body?: unknown } = {}) {
  const res = await request(`${url}${path}`, {
    method,
    headers: { ...(o.token ? { authorization: `Bearer ${o.token}` } : {}), ...(o.body ? { 'content-type': 'application/json' } : {}) },
    body: o.body ? JSON.stringify(o.body) : undefined,
  });
  const text = await res.body.text();
  return { status: res.statusCode, body: text ? JSON.parse(text) : null };
}

describe('zimmer-bench serve (real socket)', () => {
  it('prints exactly the listening line on stdout', () => {
    expect(url).toMatch(/^zimmer-bench reference server listening on http:\/\/127\.0\.0\.1:\d+$/);
    url = url.replace('zimmer-bench reference server listening on ', '');
    expect(stderr).toMatch(/ZIMMER_JWT_SECRET not set/);
  });

  it('says at start how the hashing threads are scheduled', () => {
    // SCHED_IDLE wherever Linux has util-linux's chrt (auth/hash-worker.ts); the nice value alone
    // elsewhere, and once the pool has left SCHED_IDLE: on a box whose cores the rest of the suite
    // keeps busy, the start-up hashes can starve there, and serve says so first.
    const left = /\nserve: hashing at nice \+\d+ from now on, no longer at SCHED_IDLE: a hash ran \d+ ms/.test(`\n${stderr}`);
    const idle = process.platform === 'linux' && CHRT_PATHS.some((p) => existsSync(p)) && !left;
    const nice = process.platform === 'linux' ? Math.min(19, getPriority() + HASH_NICE_INCREMENT) : getPriority();
    const threads = idle ? `at SCHED_IDLE \\(nice ${nice} if they starve\\)` : `at nice ${nice}`;
    expect(stderr).toMatch(new RegExp(`admission \\d+ at once, queue \\d+; \\d+ hashing threads? ${threads}\\. LOWERED by --hash-cost 10`));
  });

  it('runs login -> me -> profile PUT/GET -> refresh -> logout -> me (401)', async () => {
    const login = await call('POST', '/api/auth/login', { body: { email: seedEmail(5), password: SEED_PASSWORD } });
    expect(login.status).toBe(200);
    const me = await call('GET', '/api/me', { token: login.body.access_token });
    expect(me.body).toMatchObject({ id: 5, email: 'user5@zimmer.test' });
    const put = await call('PUT', '/api/user/profile', { token: login.body.access_token, body: { display_name: 'Five', timezone: 'UTC' } });
    expect(put.status).toBe(200);
    const get = await call('GET', '/api/user/profile', { token: login.body.access_token });
    expect(get.body).toMatchObject({ display_name: 'Five', timezone: 'UTC' });
    const refreshed = await call('POST', '/api/auth/refresh', { body: { refresh_token: login.body.refresh_token } });
    expect(refreshed.status).toBe(200);
    const token = refreshed.body.access_token;
    expect((await call('POST', '/api/auth/logout', { token })).status).toBe(204);
    const after = await call('GET', '/api/me', { token });
    expect(after.status).toBe(401);
    expect(after.body.error).toBe('token_revoked');
  });

  it('stops on SIGTERM with exit code 0 and removes its temporary database', async () => {
    const dbPath = /database (\S+) \(temporary/.exec(stderr)?.[1];
    expect(dbPath && existsSync(dbPath)).toBeTruthy();
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(existsSync(dbPath!)).toBe(false);
    expect(stderr).toMatch(/serve: stopped/);
  });

  it('answers bad options with one stderr line and exit code 2', () => {
    const r = spawnSync(process.execPath, [MAIN, 'serve', '--port', 'abc', '--hash-cost', '99', '--fault', 'nope'], { encoding: 'utf8', timeout: 10_000 });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/--port "abc".*--hash-cost 99.*--fault nope/);
  });
});

describe('graceful shutdown', () => {
  it('finishes a login in flight when SIGTERM arrives, then exits 0', async () => {
    // Cost 15 makes one hash take tens of milliseconds, long enough to signal mid-request.
    const proc = spawn(process.execPath, [MAIN, 'serve', '--port', '0', '--seed-users', '1', '--hash-cost', '15'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
    let err = '';
    proc.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    try {
      const line = await new Promise<string>((resolve) => createInterface({ input: proc.stdout! }).once('line', resolve));
      const base = line.split(' ').at(-1)!;
      const pending = request(`${base}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: seedEmail(1), password: SEED_PASSWORD }),
      });
      await new Promise((r) => setTimeout(r, 15));
      proc.kill('SIGTERM');
      const res = await pending;
      // The signal was handled while the request was still being served.
      expect(err).toMatch(/SIGTERM received/);
      expect(res.statusCode).toBe(200);
      expect(JSON.parse(await res.body.text())).toHaveProperty('access_token');
      expect(await exited).toBe(0);
    } finally {
      if (proc.exitCode === null) proc.kill('SIGKILL');
    }
  });
});
