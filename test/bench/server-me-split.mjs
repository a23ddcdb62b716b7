// Where GET /api/me's time goes, per middleware: the app in-process (app.fetch, no socket),
// one request at a time, each middleware and handler wrapped to time its own part (before its
// next() and after it returns), the rest (Hono's dispatch, Request/Response) as "framework".
// The socket side (HTTP parsing, writing) is what the hello server of server-me.mjs pays.
// Usage: npm run build && node test/bench/server-me-split.mjs
import { Hono } from 'hono';
import { openDatabase } from '../../dist/server/db/open.js';
import { createContext } from '../../dist/server/context.js';
import { seedUsers, seedEmail, SEED_PASSWORD } from '../../dist/server/seed.js';

const N = Number(process.env.SPLIT_REQUESTS ?? 20000);
const acc = new Map();
const add = (k, ms) => acc.set(k, (acc.get(k) ?? 0) + ms);
const label = (fn, i) => fn.name || `anonymous#${i}`;
function wrap(fn, i) {
  const name = label(fn, i);
  return async function timed(c, next) {
    let t = performance.now();
    const res = await fn(c, async () => {
      add(name, performance.now() - t);
      await next();
      t = performance.now();
    });
    add(name, performance.now() - t);
    return res;
  };
}
const origUse = Hono.prototype.use;
Hono.prototype.use = function (...args) {
  return origUse.apply(this, args.map((a, i) => (typeof a === 'function' ? wrap(a, i) : a)));
};
const origGet = Hono.prototype.get;
Hono.prototype.get = function (...args) {
  return origGet.apply(this, args.map((a, i) => (typeof a === 'function' ? wrap(a, i) : a)));
};
const { createApp } = await import('../../dist/server/app.js');

const sqlite = openDatabase(':memory:');
const ctx = await createContext({ sqlite, hashCost: 8 });
await seedUsers(ctx, 2);
const app = createApp(ctx);
const login = await app.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: seedEmail(1), password: SEED_PASSWORD }) });
const { access_token } = await login.json();
const headers = { authorization: `Bearer ${access_token}` };
const once = async () => {
  const r = await app.request('/api/me', { headers });
  if (r.status !== 200) throw new Error(`GET /api/me ${r.status}`);
  await r.arrayBuffer();
};
for (let i = 0; i < 2000; i++) await once();
acc.clear();
const t0 = performance.now();
for (let i = 0; i < N; i++) await once();
const totalUs = ((performance.now() - t0) * 1000) / N;
let parts = 0;
console.log(`GET /api/me in-process, ${N} sequential requests: ${totalUs.toFixed(1)} us each`);
for (const [k, ms] of [...acc].sort((a, b) => b[1] - a[1])) {
  const us = (ms * 1000) / N;
  parts += us;
  console.log(`  ${us.toFixed(1).padStart(6)} us  ${k}`);
}
console.log(`  ${(totalUs - parts).toFixed(1).padStart(6)} us  framework (dispatch, Request/Response, timers)`);
sqlite.close();
