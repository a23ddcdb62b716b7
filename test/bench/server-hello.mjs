// Baseline for server-me.mjs: the least a Hono app on @hono/node-server can do per request.
// With REPLAY (a JSON { headers, body } in the environment) it answers every request with those
// exact headers and body instead, built once: what sending /api/me's answer costs, server and load
// generator together, with none of the work that produced it.
import { Hono } from 'hono';
import { serve } from '@hono/node-server';

const replay = process.env.REPLAY ? JSON.parse(process.env.REPLAY) : null;
const app = new Hono();
app.get('/hello', replay ? () => new Response(replay.body, { status: 200, headers: Object.assign({}, replay.headers) }) : (c) => c.json({ ok: true }));
const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
  process.stdout.write(`hello server listening on http://127.0.0.1:${info.port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
