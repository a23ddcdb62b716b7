// A reverse proxy with a fixed request-rate limit, as a diagnose test target: a token bucket of
// --rate tokens per second (burst --burst) in front of --upstream. A request without a token gets
// 429 with Retry-After and an HTML page from the proxy itself (its own Server header, a Via header),
// as nginx's limit_req does; the rest are forwarded. Prints `listening http://127.0.0.1:PORT`; exits
// on SIGTERM or after --lifetime seconds.
import { createServer, request } from 'node:http';
import { Agent } from 'node:http';
import { parseArgs } from 'node:util';

const { values: o } = parseArgs({
  options: {
    upstream: { type: 'string' },
    rate: { type: 'string', default: '50' },
    burst: { type: 'string', default: '10' },
    lifetime: { type: 'string', default: '240' },
  },
});
if (!o.upstream) { process.stderr.write('rate-limit-proxy: --upstream URL is required\n'); process.exit(2); }
const upstream = new URL(o.upstream);
const RATE = Number(o.rate);
const BURST = Number(o.burst);
const agent = new Agent({ keepAlive: true, maxSockets: 64 });
let tokens = BURST;
let last = performance.now();

function take() {
  const now = performance.now();
  tokens = Math.min(BURST, tokens + ((now - last) / 1000) * RATE);
  last = now;
  if (tokens < 1) return false;
  tokens -= 1;
  return true;
}

const PAGE = '<html>\r\n<head><title>429 Too Many Requests</title></head>\r\n<body>\r\n<center><h1>429 Too Many Requests</h1></center>\r\n<hr><center>test-proxy</center>\r\n</body>\r\n</html>\r\n';

const server = createServer((req, res) => {
  if (!take()) {
    req.resume();
    res.writeHead(429, { server: 'test-proxy', 'content-type': 'text/html', 'retry-after': '1' }).end(PAGE);
    return;
  }
  const forward = request({
    host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers, agent,
  }, (up) => {
    res.writeHead(up.statusCode ?? 502, { ...up.headers, via: '1.1 test-proxy' });
    up.pipe(res);
  });
  forward.on('error', () => { if (!res.headersSent) res.writeHead(502, { server: 'test-proxy' }).end(); });
  req.pipe(forward);
});
const stop = () => { server.closeAllConnections(); server.close(() => process.exit(0)); setTimeout(() => process.exit(0), 1000).unref(); };
process.on('SIGTERM', stop);
setTimeout(stop, Number(o.lifetime) * 1000).unref();
server.listen(0, '127.0.0.1', () => process.stdout.write(`listening http://127.0.0.1:${server.address().port}\n`));
