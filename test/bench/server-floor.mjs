// GET /api/me next to a hello server spending /api/me's extra in-process CPU per request as pure
// computation (server-spin.mjs), and the plain hello server, over sockets, in the same run.
// Not an upper bound: the spin is calibrated with the other core idle, and over sockets it shares
// the machine with the load generator, where the same loop can cost more (it did on one machine:
// 15 us a request more than calibrated, and /api/me beat it). The last line says which way it went.
// Usage: npm run build && node test/bench/server-floor.mjs
import { getRequestListener } from '@hono/node-server';
import { buildLayer } from './server-layers.mjs';
import {
  DURATION_S, cannon, driveInProcess, loginToken, measured, startHello, startReference, startSpin,
} from './server-lib.mjs';
import { median } from './engine-lib.mjs';

// 1. /api/me's JavaScript beyond hello's, without sockets (the steady figure).
const layers = {};
for (const l of ['hello', 'full']) {
  const { app, token } = await buildLayer(l);
  layers[l] = { listener: getRequestListener(app.fetch), token, us: [] };
  await driveInProcess(layers[l].listener, token, 2000);
}
for (let r = 0; r < 3; r++) for (const l of Object.values(layers)) l.us.push(await driveInProcess(l.listener, l.token, 10_000));
const extraUs = Math.max(0, median(layers.full.us) - median(layers.hello.us));
console.log(`in process: hello ${median(layers.hello.us).toFixed(1)} us, /api/me ${median(layers.full.us).toFixed(1)} us of CPU per request: ${extraUs.toFixed(1)} us extra`);

// 2. Over sockets: hello, hello + that much pure CPU, and the reference server.
const hello = await startHello();
const spin = await startSpin(extraUs);
const ref = await startReference();
try {
  const token = await loginToken(ref.url);
  const targets = {
    hello: [hello, { url: `${hello.url}/hello` }],
    spin: [spin, { url: `${spin.url}/hello` }],
    me: [ref, { url: `${ref.url}/api/me`, headers: { authorization: `Bearer ${token}` } }],
  };
  for (const [, opts] of Object.values(targets)) await cannon({ ...opts, duration: 1 });
  const seen = { hello: [], spin: [], me: [] };
  for (let i = 0; i < 2; i++) {
    for (const [name, [server, opts]] of Object.entries(targets)) {
      const r = await measured(server, opts);
      if (r.non2xx + r.errors > 0) throw new Error(`${name}: ${r.non2xx} non-2xx, ${r.errors} errors`);
      seen[name].push({ rps: r.requests.average, cpu: r.cpuUsPerReq });
    }
  }
  const avg = (name, k) => seen[name].reduce((s, x) => s + x[k], 0) / seen[name].length;
  console.log(`\n${DURATION_S} s per measurement, 50 connections, 2 rounds alternating`);
  for (const name of Object.keys(seen)) {
    console.log(`${name.padEnd(6)} ${avg(name, 'rps').toFixed(0).padStart(6)} rps  ${avg(name, 'cpu').toFixed(0).padStart(4)} us server CPU/request  ${(avg(name, 'rps') / avg('hello', 'rps')).toFixed(2)}x hello`);
  }
  console.log(`\nhello + /api/me's ${extraUs.toFixed(1)} us of JavaScript as pure CPU: ${(avg('spin', 'rps') / avg('hello', 'rps')).toFixed(2)}x hello; /api/me ${(avg('me', 'rps') / avg('spin', 'rps')).toFixed(2)}x that`);
  // What each spent over sockets beyond hello plus the in-process figure: the spin server's excess
  // is the calibration's error under load (it has hello's sockets and headers), /api/me's is its own.
  const excess = (name) => avg(name, 'cpu') - avg('hello', 'cpu') - extraUs;
  console.log(`CPU per request beyond hello + ${extraUs.toFixed(1)} us: spin ${excess('spin').toFixed(0)} us, /api/me ${excess('me').toFixed(0)} us`);
} finally {
  await Promise.all([hello.stop(), spin.stop(), ref.stop()]);
}
