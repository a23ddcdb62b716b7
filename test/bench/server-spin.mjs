// The hello server of server-hello.mjs, plus SPIN_US microseconds of pure CPU in every request:
// what any server that runs that much JavaScript per request can reach over sockets on this
// machine, with no I/O, no allocation and no middleware of its own (server-floor.mjs).
import { Hono } from 'hono';
import { serve } from '@hono/node-server';

const SPIN_US = Number(process.env.SPIN_US ?? 0);

// Integer work the JIT cannot drop (the result is kept); iterations per microsecond of CPU are
// calibrated here, in this process, after a warm-up, as the fastest of five tries.
let sink = 0;
function spin(n) {
  let x = sink | 1;
  for (let i = 0; i < n; i++) x = (x * 1103515245 + 12345) | 0;
  sink = x;
}
spin(1e6);
let perUs = 0;
for (let t = 0; t < 5; t++) {
  const n = 2e7;
  const t0 = process.cpuUsage();
  spin(n);
  const u = process.cpuUsage(t0);
  perUs = Math.max(perUs, n / Math.max(1, u.user + u.system));
}
const iterations = Math.round(SPIN_US * perUs);

const app = new Hono();
app.get('/hello', (c) => {
  spin(iterations);
  return c.json({ ok: true });
});
const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
  process.stdout.write(`spin server (${SPIN_US} us/request) listening on http://127.0.0.1:${info.port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
