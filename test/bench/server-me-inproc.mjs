// GET /api/me's CPU per layer without sockets: @hono/node-server's request listener driven with
// node's own IncomingMessage/ServerResponse, nothing written to a socket, so neither the kernel nor
// the load generator (nor a busy machine's other processes) is in the figure: only the JavaScript
// a request runs, layer by layer (server-layers.mjs). Rounds alternate the layers.
// Usage: npm run build && nice -n 10 node test/bench/server-me-inproc.mjs
import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { buildLayer, LAYERS } from './server-layers.mjs';

const N = Number(process.env.N ?? 20000);
const ROUNDS = Number(process.env.ROUNDS ?? 5);

async function drive(listener, token, n) {
  const t0 = process.cpuUsage();
  for (let i = 0; i < n; i++) {
    const req = new IncomingMessage(new Socket());
    req.method = 'GET';
    req.url = '/api/me';
    req.headers = { host: '127.0.0.1', authorization: `Bearer ${token}` };
    req.rawHeaders = ['host', '127.0.0.1', 'authorization', `Bearer ${token}`];
    req.push(null);
    const res = new ServerResponse(req);
    let status = 0;
    const done = new Promise((resolve) => {
      res.end = function end() {
        status = this.statusCode;
        resolve();
        return this;
      };
    });
    await listener(req, res);
    await done;
    if (status !== 200) throw new Error(`status ${status}`);
  }
  const u = process.cpuUsage(t0);
  return (u.user + u.system) / n;
}

const built = {};
for (const l of LAYERS) {
  const { app, token } = await buildLayer(l);
  built[l] = { listener: getRequestListener(app.fetch), token, us: [] };
  await drive(built[l].listener, token, 2000);
}
for (let r = 0; r < ROUNDS; r++) for (const l of LAYERS) built[l].us.push(await drive(built[l].listener, built[l].token, N));
const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
console.log(`${N} requests x ${ROUNDS} rounds per layer, CPU us per request (median of rounds), no socket I/O`);
let prev;
for (const l of LAYERS) {
  const us = median(built[l].us);
  console.log(`${l.padEnd(11)} ${us.toFixed(2).padStart(6)} us  ${prev === undefined ? '' : `(+${(us - prev).toFixed(2)})`}`);
  prev = us;
}
