// One layer of GET /api/me's stack (server-layers.mjs, LAYER in the environment) on a socket, for
// server-me-split.mjs. Prints a valid access token and its URL.
import { serve } from '@hono/node-server';
import { buildLayer } from './server-layers.mjs';

const { app, token } = await buildLayer(process.env.LAYER ?? 'full');
const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
  process.stdout.write(`${token} http://127.0.0.1:${info.port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
