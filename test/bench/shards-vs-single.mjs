// One process against `--shards N` on this machine at the same total rate (run after `npm run
// build`): p50/p95/p99 of each against the truth the server itself measured (from each request's
// arrival to its answer being written, every request recorded exactly), attempted counts, schedule
// lag and the merge's own time. The target holds one answer in ten for 100 ms with a timer.
//   node test/bench/shards-vs-single.mjs [rate=200] [seconds=10] [shards=2]
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CLI = join(ROOT, 'dist', 'cli', 'main.js');
const [rate, seconds, shards] = [200, 10, 2].map((d, i) => Number(process.argv[2 + i] ?? d));

if (process.argv[2] === '--serve') {
  // The target, in its own process so the generators do not share its event loop.
  let n = 0;
  let times = [];
  const server = createServer((req, res) => {
    if (req.url === '/truth') {
      res.end(JSON.stringify(times));
      times = [];
      n = 0;
      return;
    }
    const start = process.hrtime.bigint();
    res.on('finish', () => times.push(Number(process.hrtime.bigint() - start) / 1e6));
    const body = '{"ok":true}';
    if (n++ % 10 === 9) setTimeout(() => res.end(body), 100);
    else res.end(body);
  });
  server.listen(0, '127.0.0.1', () => console.log(server.address().port));
  process.on('SIGTERM', () => process.exit(0));
} else {
  const dir = mkdtempSync(join(tmpdir(), 'zimmer-shards-bench-'));
  const server = spawn(process.execPath, [fileURLToPath(import.meta.url), '--serve'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise((ok) => server.stdout.once('data', (d) => ok(Number(String(d).trim()))));
  const url = `http://127.0.0.1:${port}`;
  const file = join(dir, 'mixed.yaml');
  writeFileSync(file, `name: mixed
requests:
  tick: { method: GET, path: /tick }
load:
  model: open
  warmup: 1s
  stages: [{ duration: ${seconds}s, rate: ${rate} }]
targets:
  overall: ["p95 < 200ms", "error_rate < 1%"]
`);
  const pct = (sorted, q) => sorted[Math.max(0, Math.ceil((q / 100) * sorted.length) - 1)];
  const truth = async () => {
    const t = (await (await fetch(`${url}/truth`)).json()).sort((a, b) => a - b);
    return { n: t.length, p50: pct(t, 50), p95: pct(t, 95), p99: pct(t, 99) };
  };
  try {
    await truth(); // reset
    const rows = [];
    for (const [label, extra] of [['single process', []], [`--shards ${shards}`, ['--shards', String(shards)]]]) {
      const out = join(dir, label.replace(/\W+/g, '-'));
      const started = performance.now();
      const r = spawnSync(process.execPath, [CLI, 'run', file, '--target', url, '--out', out, '--quiet', ...extra], { encoding: 'utf8' });
      const wall = performance.now() - started;
      const json = JSON.parse(readFileSync(join(out, readdirSync(out).find((n) => n.endsWith('.json'))), 'utf8'));
      const mergeLine = r.stdout.split('\n').find((l) => l.startsWith('merged:')) ?? '';
      rows.push({
        label, exit: r.status, wall, truth: await truth(), json, merge: mergeLine.match(/in (\d+) ms/)?.[1] ?? '-',
        skew: json.merged?.startSkewMs ?? '-',
      });
    }
    const f = (x) => (typeof x === 'number' ? x.toFixed(2) : String(x));
    console.log(`open model, ${rate} arrivals/s for ${seconds} s after 1 s warm-up; one answer in ten held 100 ms`);
    console.log('run | exit | attempted | p50 / p95 / p99 measured (ms) | p50 / p95 / p99 server truth (ms) | lag p50/p99/max (ms) | loop p99 | merge ms | skew ms | wall s');
    for (const r of rows) {
      const l = r.json.overall.latency;
      const lag = r.json.validity.scheduleLagMs ?? {};
      console.log([r.label, r.exit, r.json.overall.attempted,
        `${f(l.p50)} / ${f(l.p95)} / ${f(l.p99)}`, `${f(r.truth.p50)} / ${f(r.truth.p95)} / ${f(r.truth.p99)}`,
        `${f(lag.p50)} / ${f(lag.p99)} / ${f(lag.max)}`, f(r.json.validity.generatorLoopDelayP99Ms), r.merge, r.skew,
        (r.wall / 1000).toFixed(1)].join(' | '));
    }
    const [a, b] = rows;
    console.log(`attempted: single ${a.json.overall.attempted}, sharded ${b.json.overall.attempted} `
      + `(shards: ${b.json.merged?.shards.map((s) => s.attempted).join(' + ')}); `
      + `p95 sharded/single ${(b.json.overall.latency.p95 / a.json.overall.latency.p95).toFixed(3)}`);
  } finally {
    server.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}
