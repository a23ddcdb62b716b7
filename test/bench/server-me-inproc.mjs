// GET /api/me's CPU per layer without sockets: @hono/node-server's request listener driven with
// node's own IncomingMessage/ServerResponse, nothing written to a socket, so neither the kernel nor
// the load generator (nor a busy machine's other processes) is in the figure: only the JavaScript
// a request runs, layer by layer (server-layers.mjs). Rounds alternate the layers.
// Usage: npm run build && nice -n 10 node test/bench/server-me-inproc.mjs
import { getRequestListener } from '@hono/node-server';
import { buildLayer, LAYERS } from './server-layers.mjs';
import { median } from './engine-lib.mjs';
import { driveInProcess as drive } from './server-lib.mjs';

const N = Number(process.env.N ?? 20000);
const ROUNDS = Number(process.env.ROUNDS ?? 5);

const built = {};
for (const l of LAYERS) {
  const { app, token } = await buildLayer(l);
  built[l] = { listener: getRequestListener(app.fetch), token, us: [] };
  await drive(built[l].listener, token, 2000);
}
for (let r = 0; r < ROUNDS; r++) for (const l of LAYERS) built[l].us.push(await drive(built[l].listener, built[l].token, N));
console.log(`${N} requests x ${ROUNDS} rounds per layer, CPU us per request (median of rounds), no socket I/O`);
let prev;
for (const l of LAYERS) {
  const us = median(built[l].us);
  console.log(`${l.padEnd(11)} ${us.toFixed(2).padStart(6)} us  ${prev === undefined ? '' : `(+${(us - prev).toFixed(2)})`}`);
  prev = us;
}
