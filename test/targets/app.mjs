// A small catalogue API used as a diagnose test target, with real protective mechanisms switched on by
// flags: a concurrency limiter that sheds (--shed N), a connection cap (--max-connections N), a
// circuit breaker around a bounded resource pool (--breaker), and per-request CPU work on libuv's
// threadpool (--work ITERATIONS of PBKDF2, or --work-ms: as many iterations as take that long on this
// machine, measured once at start, so that a target's capacity does not depend on the machine's speed). Listens on 127.0.0.1:0 and prints
// `listening http://127.0.0.1:PORT`; exits on SIGTERM or after --lifetime seconds, whichever is first.
import { createServer } from 'node:http';
import { pbkdf2, pbkdf2Sync } from 'node:crypto';
import { parseArgs } from 'node:util';

const { values: o } = parseArgs({
  options: {
    shed: { type: 'string' },
    'max-connections': { type: 'string' },
    breaker: { type: 'boolean', default: false },
    work: { type: 'string', default: '300' },
    'work-ms': { type: 'string' },
    lifetime: { type: 'string', default: '240' },
  },
});
const ITERATIONS = o['work-ms'] ? calibrate(Number(o['work-ms'])) : Number(o.work);

/** Iterations that take `ms` of one core: the fastest of a few timed runs (a busy machine only slows some). */
function calibrate(ms) {
  const n = 2000;
  let best = Infinity;
  for (let i = 0; i < 7; i++) {
    const t0 = performance.now();
    pbkdf2Sync('calibrate', 'catalogue', n, 32, 'sha256');
    best = Math.min(best, performance.now() - t0);
  }
  return Math.max(1, Math.round((ms / best) * n));
}
const ITEMS = Array.from({ length: 50 }, (_, i) => ({ id: i + 1, name: `item ${i + 1}`, price: (i * 37) % 100 }));

/** The request's real work: a key derivation on the threadpool (the loop stays free). */
function work(seed) {
  return new Promise((resolve, reject) => pbkdf2(seed, 'catalogue', ITERATIONS, 32, 'sha256', (err, key) => (err ? reject(err) : resolve(key))));
}

/** At most `limit` requests in service; beyond that, answer 503 at once (no queue), as an ASGI limiter does. */
function shedder(limit) {
  let active = 0;
  return async (req, res, next) => {
    if (active >= limit) {
      res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '1' }).end('{"error":"overloaded"}');
      return;
    }
    active++;
    try { await next(); } finally { active--; }
  };
}

/**
 * A pool of 2 slots whose acquire gives up after 15 ms, guarded by a breaker: 5 failures in a row open
 * it for 1.5 s (every request fails fast with 503), then one half-open trial decides: a success closes
 * it, a failure opens it again.
 */
function breaker() {
  const pool = { free: 2, waiters: [] };
  const acquire = () => new Promise((resolve, reject) => {
    if (pool.free > 0) { pool.free--; resolve(); return; }
    const w = { resolve, timer: setTimeout(() => { pool.waiters.splice(pool.waiters.indexOf(w), 1); reject(new Error('pool timeout')); }, 15) };
    pool.waiters.push(w);
  });
  const release = () => {
    const w = pool.waiters.shift();
    if (w) { clearTimeout(w.timer); w.resolve(); } else pool.free++;
  };
  let state = 'closed';
  let failures = 0;
  let openedAt = 0;
  let trial = false;
  return async (req, res, next) => {
    if (state === 'open' && Date.now() - openedAt >= 1500) { state = 'half-open'; trial = false; }
    if (state === 'open' || (state === 'half-open' && trial)) {
      res.writeHead(503, { 'content-type': 'application/json' }).end('{"error":"circuit_open"}');
      return;
    }
    if (state === 'half-open') trial = true;
    try {
      await acquire();
    } catch {
      failures++;
      if (state === 'half-open' || failures >= 5) { state = 'open'; openedAt = Date.now(); failures = 0; }
      res.writeHead(503, { 'content-type': 'application/json' }).end('{"error":"dependency_unavailable"}');
      return;
    }
    try { await next(); } finally { release(); }
    failures = 0;
    if (state === 'half-open') state = 'closed';
  };
}

const guards = [];
if (o.shed) guards.push(shedder(Number(o.shed)));
if (o.breaker) guards.push(breaker());

async function handle(req, res) {
  const url = new URL(req.url ?? '/', 'http://x');
  if (url.pathname === '/health') { res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}'); return; }
  const m = /^\/items(?:\/(\d+))?$/.exec(url.pathname);
  if (!m) { res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not_found"}'); return; }
  const run = async () => {
    const key = await work(m[1] ?? 'all');
    const body = m[1] ? ITEMS[(Number(m[1]) - 1) % ITEMS.length] : ITEMS;
    res.writeHead(200, { 'content-type': 'application/json', etag: key.toString('hex', 0, 8) }).end(JSON.stringify(body));
  };
  const chain = guards.reduceRight((next, g) => () => g(req, res, next), run);
  await chain();
}

const server = createServer((req, res) => {
  handle(req, res).catch(() => { if (!res.headersSent) res.writeHead(500).end(); });
});
server.keepAliveTimeout = 5000;
// Beyond this many open connections Node closes each new one as soon as it is accepted.
if (o['max-connections']) server.maxConnections = Number(o['max-connections']);
const stop = () => { server.closeAllConnections(); server.close(() => process.exit(0)); setTimeout(() => process.exit(0), 1000).unref(); };
process.on('SIGTERM', stop);
setTimeout(stop, Number(o.lifetime) * 1000).unref();
server.listen(0, '127.0.0.1', () => process.stdout.write(`listening http://127.0.0.1:${server.address().port} (${ITERATIONS} iterations a request)\n`));
