// On demand (nginx must be installed; not in CI): a real nginx with limit_req in front of the healthy
// reference server, diagnosed black box. Prints the top cause, the limit it measured and who it says
// rejects (proxy or app), and exits 1 unless shedding by rate from a proxy is named.
//   npm run build && node test/bench/diagnose-nginx.mjs [--rate 40] [--budget 14s]
import { execFile, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startBundledServer } from '../../dist/cli/target/bundled-server.js';

const { values: o } = parseArgs({ options: { rate: { type: 'string', default: '40' }, budget: { type: 'string', default: '20s' } } });
const MAIN = join(import.meta.dirname, '../../dist/cli/main.js');

if (spawnSync('nginx', ['-v']).error) {
  process.stderr.write('diagnose-nginx: nginx is not installed (apt-get install -y nginx); nothing measured\n');
  process.exit(2);
}

/** nginx cannot listen on port 0: take a free loopback port from the kernel and hand it over. */
function freePort() {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

const dir = mkdtempSync(join(tmpdir(), 'zimmer-nginx-'));
const server = await startBundledServer({ seedUsers: 20, faults: [] });
const port = await freePort();
const upstream = new URL(server.url);
writeFileSync(join(dir, 'nginx.conf'), `
daemon off;
master_process off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  limit_req_zone $binary_remote_addr zone=api:1m rate=${o.rate}r/s;
  upstream app { server ${upstream.hostname}:${upstream.port}; keepalive 32; }
  server {
    listen 127.0.0.1:${port};
    location / {
      limit_req zone=api burst=10 nodelay;
      limit_req_status 429;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_pass http://app;
    }
  }
}
`);
const nginx = spawn('nginx', ['-p', dir, '-c', join(dir, 'nginx.conf')], { stdio: ['ignore', 'ignore', 'inherit'] });
const stop = async () => {
  nginx.kill('SIGTERM');
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
};
try {
  await new Promise((r) => setTimeout(r, 500));
  const started = Date.now();
  const out = await new Promise((resolve) => {
    execFile(process.execPath, [MAIN, 'diagnose', '--target', `http://127.0.0.1:${port}`, '--budget', o.budget, '--no-server-signals', '--json', '--quiet', '--out', dir],
      { timeout: 120_000, maxBuffer: 16 * 1024 * 1024 }, (err, stdout) => resolve({ code: err ? err.code : 0, stdout }));
  });
  const d = JSON.parse(out.stdout);
  const top = d.causes[0];
  process.stdout.write(`nginx limit_req ${o.rate} r/s (burst 10) in front of the reference server, ${((Date.now() - started) / 1000).toFixed(1)} s, exit ${out.code}\n`);
  process.stdout.write(`  top: ${top ? `${top.cause} (${top.confidence.toFixed(2)}): ${top.confidenceReason}` : d.verdict}\n`);
  for (const e of top?.evidence ?? []) process.stdout.write(`  - ${e}\n`);
  for (const x of d.experiments) process.stdout.write(`  ${x.id}: ${x.status}, ${x.rps.toFixed(0)} req/s, errors ${(x.errorRate * 100).toFixed(1)} %\n`);
  for (const n of d.notes) process.stdout.write(`  note: ${n}\n`);
  const ok = top?.cause === 'shedding' && /by request rate/.test(top.confidenceReason) && /a proxy in front/.test(top.confidenceReason);
  process.stdout.write(ok ? 'OK: shedding by rate, from the proxy\n' : 'NOT OK: expected shedding by rate from a proxy in front\n');
  process.exitCode = ok ? 0 : 1;
} finally {
  await stop();
}
