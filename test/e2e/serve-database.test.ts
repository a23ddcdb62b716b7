// `serve`'s database file: its own temporary file is held exclusively (no other connection can
// open it, SQLite takes no file lock per read), a file the caller names stays readable from
// another process while the server runs, and a fault that opens the file again through a pool
// still gets its connections.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { CLI, cleanupAfterEach } from './cli-harness.js';

const { defer, out } = cleanupAfterEach();
const PASSWORD = 'zimmer-bench-password';

/** Starts `serve` with `args`; resolves with its URL and the database path it reported. */
async function serve(args: string[]): Promise<{ url: string; db: string }> {
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--seed-users', '1', '--hash-cost', '8', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  defer(() => new Promise<void>((ok) => {
    if (child.exitCode !== null) return ok();
    child.once('exit', () => ok());
    child.kill('SIGTERM');
  }));
  let db = '';
  createInterface({ input: child.stderr }).on('line', (l) => {
    const m = /^serve: database (\S+)/.exec(l);
    if (m) db = m[1]!;
  });
  const url = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error('serve did not say it was listening within 20 s')), 20_000);
    createInterface({ input: child.stdout }).on('line', (l) => {
      const m = /listening on (http:\/\/\S+)/.exec(l);
      if (m) { clearTimeout(timer); ok(m[1]!); }
    });
    child.once('exit', (code) => fail(new Error(`serve exited ${code}`)));
  });
  return { url, db };
}

/** Signs in and reads /api/me: the server's own database access works. */
async function meStatus(url: string): Promise<number> {
  const login = await fetch(`${url}/api/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'user1@zimmer.test', password: PASSWORD }),
  });
  expect(login.status).toBe(200);
  const { access_token: token } = (await login.json()) as { access_token: string };
  return (await fetch(`${url}/api/me`, { headers: { authorization: `Bearer ${token}` } })).status;
}

/** How many users another connection sees in the file, or the error it gets. */
function usersSeenFromOutside(path: string): number | string {
  let db: Database.Database | undefined;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true, timeout: 200 });
    return (db.prepare('SELECT count(*) AS n FROM users').get() as { n: number }).n;
  } catch (err) {
    return (err as Error).message;
  } finally {
    db?.close();
  }
}

describe('serve: who may open the database file', () => {
  it('its own temporary file is held exclusively: the server works, another connection is refused', async () => {
    const s = await serve([]);
    expect(await meStatus(s.url)).toBe(200);
    expect(s.db).not.toBe('');
    expect(usersSeenFromOutside(s.db)).toMatch(/locked/);
  });

  it('a file given with --db stays readable from another process while the server runs', async () => {
    const path = join(await out(), 'server.db');
    const s = await serve(['--db', path]);
    expect(await meStatus(s.url)).toBe(200);
    expect(usersSeenFromOutside(path)).toBe(1);
  });

  it('the pool fault opens the temporary file again for its connections, so it is not held exclusively', async () => {
    const s = await serve(['--fault', 'pool-exhaustion']);
    expect(await meStatus(s.url)).toBe(200);
    expect(usersSeenFromOutside(s.db)).toBe(1);
  });
});
