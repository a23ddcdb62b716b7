// Builds a real app (SQLite in memory, argon2id at a lab cost of 10 for speed) with a clock tests can move.
import { openDatabase } from '../../server/db/open.js';
import { createContext, type ContextOptions, type AppContext } from '../../server/context.js';
import { createApp } from '../../server/app.js';
import { seedUsers, seedEmail, SEED_PASSWORD } from '../../server/seed.js';

export class TestClock {
  constructor(public t = Date.UTC(2026, 0, 1, 12, 0, 0)) {}
  now(): number {
    return this.t;
  }
  advance(ms: number): void {
    this.t += ms;
  }
}

export interface TestApp {
  ctx: AppContext;
  clock: TestClock;
  /** `ip` is the peer address the app sees (as @hono/node-server reports a socket's). */
  req(method: string, path: string, o?: { body?: unknown; raw?: string; token?: string; headers?: Record<string, string>; ip?: string }): Promise<Response>;
  login(n?: number, extra?: Record<string, unknown>): Promise<{ access_token: string; refresh_token: string }>;
  close(): void;
}

export async function makeApp(o: Partial<ContextOptions> & { seed?: number } = {}): Promise<TestApp> {
  const sqlite = openDatabase(':memory:');
  const clock = new TestClock();
  const ctx = await createContext({ hashCost: 10, clock, ...o, sqlite });
  await seedUsers(ctx, o.seed ?? 3);
  const app = createApp(ctx);
  const req: TestApp['req'] = (method, path, r = {}) => {
    const headers: Record<string, string> = { ...r.headers };
    if (r.token) headers.authorization = `Bearer ${r.token}`;
    let body: string | undefined = r.raw;
    if (r.body !== undefined) {
      body = JSON.stringify(r.body);
      headers['content-type'] ??= 'application/json';
    }
    const env = { incoming: { socket: { remoteAddress: r.ip ?? '127.0.0.1', remotePort: 40000, remoteFamily: 'IPv4' } } };
    return Promise.resolve(app.request(path, { method, headers, body }, env));
  };
  return {
    ctx,
    clock,
    req,
    async login(n = 1, extra = {}) {
      const res = await req('POST', '/api/auth/login', { body: { email: seedEmail(n), password: SEED_PASSWORD, ...extra } });
      if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`);
      return (await res.json()) as { access_token: string; refresh_token: string };
    },
    close: () => sqlite.close(),
  };
}
