// Target for the engine benchmarks, run in its own process so it never shares the generator's core.
// `hello`: answers at once. `delay`: answers after a known spread of delays (2-62 ms, continuous,
// deterministic), so that load tools can be compared on latency the server alone decides.
// GET /__stats answers the server-side latency (request received -> response finished) of every
// request since the previous /__stats: the ground truth a client can only add to.
import http from 'node:http';

const mode = process.argv[2] ?? 'hello';
const GOLDEN = 0.6180339887498949;
let n = 0;
let seen = [];

function stats() {
  const xs = seen.sort((a, b) => a - b);
  seen = [];
  const q = (p) => (xs.length ? xs[Math.min(xs.length - 1, Math.floor(xs.length * p))] : 0);
  return { count: xs.length, p50: q(0.5), p99: q(0.99) };
}

const server = http.createServer((req, res) => {
  if (req.url === '/__stats') return res.end(JSON.stringify(stats()));
  const t0 = performance.now();
  res.on('finish', () => seen.push(performance.now() - t0));
  if (mode === 'hello') return res.end('hello');
  const u = (n++ * GOLDEN) % 1;
  setTimeout(() => res.end('hello'), 2 + u ** 3 * 60);
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`engine target listening on http://127.0.0.1:${server.address().port}\n`);
});
process.on('SIGTERM', () => { server.closeAllConnections(); server.close(() => process.exit(0)); });
