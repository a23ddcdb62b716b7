// Target for the engine benchmarks, run in its own process so it never shares the generator's core.
// `hello`: answers at once. `delay`: answers after a known spread of delays (2-62 ms, continuous,
// deterministic), so that two load tools can be compared on latency the server alone decides.
import http from 'node:http';

const mode = process.argv[2] ?? 'hello';
const GOLDEN = 0.6180339887498949;
let n = 0;
const server = http.createServer((_req, res) => {
  if (mode === 'hello') return res.end('hello');
  const u = (n++ * GOLDEN) % 1;
  setTimeout(() => res.end('hello'), 2 + u ** 3 * 60);
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`engine target listening on http://127.0.0.1:${server.address().port}\n`);
});
process.on('SIGTERM', () => { server.closeAllConnections(); server.close(() => process.exit(0)); });
