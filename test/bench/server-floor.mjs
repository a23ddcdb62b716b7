// How far GET /api/me is from what its own JavaScript allows: the hello server, the same hello
// server spending exactly /api/me's extra CPU per request as pure computation (server-spin.mjs),
// and the reference server, over sockets, in the same run. The spin server has no I/O, no
// allocation and no middleware, so its rps is the ceiling for any server doing that much work per
// request on this machine with this load generator; /api/me's distance below it is what its I/O
// (SQLite, headers, GC) costs beyond its in-process CPU.
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
  console.log(`\nceiling for /api/me's ${extraUs.toFixed(1)} us of JavaScript: ${(avg('spin', 'rps') / avg('hello', 'rps')).toFixed(2)}x hello; /api/me reaches ${(avg('me', 'rps') / avg('spin', 'rps')).toFixed(2)} of it`);
  console.log(`socket-side CPU per request beyond the JavaScript: spin ${(avg('spin', 'cpu') - avg('hello', 'cpu') - extraUs).toFixed(0)} us, /api/me ${(avg('me', 'cpu') - avg('hello', 'cpu') - extraUs).toFixed(0)} us`);
} finally {
  await Promise.all([hello.stop(), spin.stop(), ref.stop()]);
}
