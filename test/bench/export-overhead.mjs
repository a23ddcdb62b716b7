// What a live export costs the load generator (run after `npm run build`): N outcomes recorded by
// the real Recorder, as the runner records them, with no observer (the baseline, measured in the
// same run), then with the OTLP sink and with the Prometheus remote-write sink observing every one.
// The sinks push to a loopback receiver that accepts everything, at the default 5 s interval.
// Prints outcomes per second of each and the cost per outcome against the baseline.
//   node test/bench/export-overhead.mjs [outcomes=1000000] [endpoints=8] [rounds=3]
import { createServer } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const { Recorder } = await import(join(ROOT, 'dist', 'cli', 'results', 'recorder.js'));
const { startLiveExport } = await import(join(ROOT, 'dist', 'cli', 'export', 'live-export.js'));

const [outcomes, endpoints, rounds] = [1_000_000, 8, 3].map((d, i) => Number(process.argv[2 + i] ?? d));
const server = createServer((req, res) => { req.resume(); req.on('end', () => { res.writeHead(200); res.end('{}'); }); });
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const base = `http://127.0.0.1:${server.address().port}`;

const infos = Array.from({ length: endpoints }, (_, e) => ({ name: `e${e}`, method: 'GET', path: `/e${e}`, timeoutMs: 2000 }));
let seed = 7;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);

/** ns per outcome for one pass of `outcomes` records, with `observer` (or none). */
function pass(observer) {
  const r = new Recorder(infos, observer);
  r.setWindow(0, 1e12);
  const t0 = process.hrtime.bigint();
  for (let k = 0; k < outcomes; k++) {
    const e = k % endpoints;
    const fail = rand() < 0.02;
    r.record(e, k, k + 5, fail ? null : 1 + rand() * 50, fail ? null : 200, fail ? 'reset' : null);
  }
  return Number(process.hrtime.bigint() - t0) / outcomes;
}

const labels = { scenario: 'bench', shard: '0/1' };
const opts = { intervalMs: 5000, warn: (m) => console.error(m) };
const results = { none: [], otlp: [], 'prometheus-rw': [] };
for (let round = 0; round < rounds; round++) {
  results.none.push(pass(undefined));
  for (const kind of ['otlp', 'prometheus-rw']) {
    const url = kind === 'otlp' ? `${base}/v1/metrics` : `${base}/api/v1/write`;
    const live = await startLiveExport([{ kind, url }], labels, opts);
    results[kind].push(pass(live.observer));
    await live.stop();
  }
}
server.close();
const best = (xs) => Math.min(...xs);
const baseline = best(results.none);
console.log(`${outcomes.toLocaleString('en')} outcomes over ${endpoints} endpoints, best of ${rounds} rounds`);
for (const [kind, xs] of Object.entries(results)) {
  const ns = best(xs);
  const extra = kind === 'none' ? '' : `, +${(ns - baseline).toFixed(0)} ns per outcome (x${(ns / baseline).toFixed(2)} the baseline)`;
  console.log(`  ${kind.padEnd(14)} ${(1e9 / ns / 1e6).toFixed(2)} M outcomes/s (${ns.toFixed(0)} ns each)${extra}`);
}
