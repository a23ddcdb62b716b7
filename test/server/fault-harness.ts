// A real app with faults applied the way the server applies them (after the context, before
// seeding and the app), on a temporary SQLite file so pooled connections can share it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../server/db/open.js';
import { createContext, type AppContext } from '../../server/context.js';
import { createApp } from '../../server/app.js';
import { applyFaults, type Fault } from '../../server/faults/index.js';
import { seedEmail, seedUsers, SEED_PASSWORD } from '../../server/seed.js';
import type { PasswordHasher } from '../../server/auth/password.js';

export interface FaultApp {
  ctx: AppContext;
  req(method: string, path: string, o?: { body?: unknown; token?: string }): Promise<Response>;
  login(n?: number): Promise<Response>;
  tokens(n?: number): Promise<{ access_token: string; refresh_token: string }>;
  close(): Promise<void>;
}

/** Faults by name (as `--fault`) or as objects (a variant with test-sized parameters). */
export async function makeFaultApp(faults: (string | Fault)[], o: { hashCost?: number; seed?: number; beforeApp?: (ctx: AppContext) => void } = {}): Promise<FaultApp> {
  const dir = mkdtempSync(join(tmpdir(), 'zimmer-fault-'));
  const sqlite = openDatabase(join(dir, 'test.db'));
  const ctx = await createContext({ sqlite, hashCost: o.hashCost ?? 10 });
  const named = faults.filter((f): f is string => typeof f === 'string');
  let dispose = await applyFaults(ctx, named);
  for (const f of faults) {
    if (typeof f === 'string') continue;
    const d = await f.apply(ctx);
    const prev = dispose;
    dispose = async () => {
      if (d) await d();
      await prev();
    };
  }
  await seedUsers(ctx, o.seed ?? 3);
  o.beforeApp?.(ctx);
  const app = createApp(ctx);
  const req: FaultApp['req'] = async (method, path, r = {}) => {
    const headers: Record<string, string> = {};
    if (r.token) headers.authorization = `Bearer ${r.token}`;
    if (r.body !== undefined) headers['content-type'] = 'application/json';
    return app.request(path, { method, headers, body: r.body === undefined ? undefined : JSON.stringify(r.body) });
  };
  const login = (n = 1) => req('POST', '/api/auth/login', { body: { email: seedEmail(n), password: SEED_PASSWORD } });
  return {
    ctx,
    req,
    login,
    async tokens(n = 1) {
      const res = await login(n);
      if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`);
      return (await res.json()) as { access_token: string; refresh_token: string };
    },
    async close() {
      await dispose();
      sqlite.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A hasher that waits at a gate before verifying: the test decides how long a hash lasts. */
export function gatedHasher(inner: PasswordHasher): PasswordHasher & { open(): void; readonly waiting: number } {
  let waiting = 0;
  let opened!: () => void;
  const gate = new Promise<void>((r) => (opened = r));
  return {
    hash: (p) => inner.hash(p),
    async verify(p, stored) {
      waiting++;
      await gate;
      waiting--;
      return inner.verify(p, stored);
    },
    open: () => opened(),
    get waiting() {
      return waiting;
    },
  };
}

/** Resolves once `cond` holds (polled each tick), or fails after `ms`. */
export async function until(cond: () => boolean, ms = 2000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 2));
  }
}
