// The reference server's GET /api/me stack built up one layer at a time from the built server's
// own modules (dist/), for server-me-split.mjs (over sockets) and server-me-inproc.mjs (no I/O).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { openDatabase } from '../../dist/server/db/open.js';
import { createContext } from '../../dist/server/context.js';
import { createApp } from '../../dist/server/app.js';
import { seedUsers } from '../../dist/server/seed.js';
import { frame } from '../../dist/server/http/frame.js';
import { routeTable } from '../../dist/server/http/chain.js';
import { bearerAuth } from '../../dist/server/middleware/bearer.js';
import { json, jsonText } from '../../dist/server/http/respond.js';
import { startSession } from '../../dist/server/routes/session-tokens.js';

/** Each adds to the one before: the difference between two is what that layer costs. */
// 'frame' is the request id, the headers, Server-Timing and the metrics around app.fetch
// (http/frame.ts); 'chain' adds the route's composed chain with one ready step (http/chain.ts).
export const LAYERS = ['hello', 'frame', 'chain', 'auth-jwt', 'auth-db', 'handler-db', 'full'];

export async function buildLayer(layer) {
  const upto = LAYERS.indexOf(layer);
  if (upto < 0) throw new Error(`layer ${layer}: one of ${LAYERS.join(', ')}`);
  // A file in WAL mode held by this connection alone, as `serve` runs on its temporary file (DB=:memory: to compare).
  const dir = process.env.DB ? null : mkdtempSync(join(tmpdir(), 'zimmer-bench-layers-'));
  if (dir) process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  const path = process.env.DB ?? join(dir, 'db');
  const ctx = await createContext({ sqlite: openDatabase(path, { exclusive: true }), hashCost: 4 });
  await seedUsers(ctx, 1);
  const { access_token: token } = startSession(ctx, ctx.repo, 1, ctx.clock.now());
  if (layer === 'full') return { app: createApp(ctx), token };
  const app = new Hono();
  const tokens = upto >= 4 ? ctx.tokens : { accessState: () => ({ revoked: false, denylisted: false }) };
  const pass = (_c, next) => next();
  const mw = upto >= 3 ? [bearerAuth({ jwt: ctx.jwt, tokens, clock: ctx.clock })] : upto >= 2 ? [pass] : [];
  const handler = (c) => {
    if (upto < 5) return upto >= 1 ? json(c, { ok: true }) : c.json({ ok: true });
    return jsonText(c, ctx.repo.users.cardJson(c.get('auth').sub));
  };
  if (upto >= 2) routeTable(app, () => []).get('/api/me', ...mw, handler);
  else app.get('/api/me', handler);
  if (upto >= 1) frame(app, { metrics: ctx.metrics, security: true });
  return { app, token };
}
