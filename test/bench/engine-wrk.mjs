// Latency accuracy: zimmer-bench's P50/P99 against wrk's on the same target, same connections.
// The `delay` target decides latency itself (2-62 ms spread), so both tools should see the same
// distribution; the `hello` target (answers at once) is shown too, where each tool mostly
// measures its own speed. Goal on `delay`: P50 and P99 within 10 % of wrk's.
// Needs wrk (apt-get install -y wrk). Usage: npm run build && node test/bench/engine-wrk.mjs
// (BENCH_DURATION_S, BENCH_ROUNDS, BENCH_CONNECTIONS)
import { execFileSync } from 'node:child_process';
import { runScenario } from '../../dist/cli/runner/run-scenario.js';
import { CONNECTIONS, DURATION_MS, fmt, helloScenario, median, serverStats, startTarget } from './engine-lib.mjs';

/** wrk's latency distribution lines: "50%    4.12ms". */
function wrkLatency(url) {
  const out = execFileSync('wrk', ['-t1', `-c${CONNECTIONS}`, `-d${DURATION_MS / 1000}s`, '--latency', url]).toString();
  const read = (p) => {
    const m = new RegExp(`^\\s*${p}%\\s+([\\d.]+)(us|ms|s)\\s*$`, 'm').exec(out);
    if (!m) throw new Error(`no ${p}% line in wrk output:\n${out}`);
    return Number(m[1]) * { us: 0.001, ms: 1, s: 1000 }[m[2]];
  };
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]);
  return { p50: read(50), p99: read(99), rps };
}

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const rows = [];
for (const mode of ['delay', 'hello']) {
  const target = await startTarget(mode);
  const ws = [];
  const zs = [];
  try {
    // Alternate the two tools so that machine noise hits both; report medians.
    for (let i = 0; i < ROUNDS; i++) {
      await serverStats(target.url);
      ws.push({ ...wrkLatency(`${target.url}/`), server: await serverStats(target.url) });
      const z = await runScenario(helloScenario({ model: 'closed', connections: CONNECTIONS, durationMs: DURATION_MS, warmupMs: 0 }),
        { targetUrl: target.url, bundled: false });
      zs.push({ p50: z.overall.latency.p50, p99: z.overall.latency.p99, rps: z.overall.rps, server: await serverStats(target.url) });
      const w = ws.at(-1);
      const o = zs.at(-1);
      console.log(`target=${mode} round ${i + 1}: wrk p50 ${fmt(w.p50, 2)} p99 ${fmt(w.p99, 2)} ms (server saw ${fmt(w.server.p50, 2)} / ${fmt(w.server.p99, 2)}), `
        + `zimmer-bench p50 ${fmt(o.p50, 2)} p99 ${fmt(o.p99, 2)} ms (server saw ${fmt(o.server.p50, 2)} / ${fmt(o.server.p99, 2)})`);
    }
  } finally {
    await target.stop();
  }
  const med = (xs, k) => median(xs.map((x) => x[k]));
  const side = (xs) => ({ p50: med(xs, 'p50'), p99: med(xs, 'p99'), rps: med(xs, 'rps'),
    s50: median(xs.map((x) => x.server.p50)), s99: median(xs.map((x) => x.server.p99)) });
  rows.push({ mode, w: side(ws), z: side(zs) });
}
console.log(`closed loop, ${CONNECTIONS} connections, ${DURATION_MS / 1000} s runs x ${ROUNDS} rounds, medians (wrk -t1):`);
for (const { mode, w, z } of rows) {
  const r50 = z.p50 / w.p50;
  const r99 = z.p99 / w.p99;
  const ok = Math.abs(r50 - 1) <= 0.1 && Math.abs(r99 - 1) <= 0.1;
  console.log(`  target=${mode.padEnd(5)} wrk p50 ${fmt(w.p50, 2)} ms p99 ${fmt(w.p99, 2)} ms ${fmt(w.rps)} rps | `
    + `zimmer-bench p50 ${fmt(z.p50, 2)} ms p99 ${fmt(z.p99, 2)} ms ${fmt(z.rps)} rps | ratio p50 ${fmt(r50, 3)} p99 ${fmt(r99, 3)}`
    + (mode === 'delay' ? ` (goal within 10 %: ${ok ? 'met' : 'MISSED'})` : ' (informational)'));
  console.log(`  ${' '.repeat(13)}server side during wrk p50 ${fmt(w.s50, 2)} p99 ${fmt(w.s99, 2)} ms; `
    + `during zimmer-bench p50 ${fmt(z.s50, 2)} p99 ${fmt(z.s99, 2)} ms; zimmer-bench/server p50 ${fmt(z.p50 / z.s50, 3)} `
    + `p99 ${fmt(z.p99 / z.s99, 3)}, wrk/server p50 ${fmt(w.p50 / w.s50, 3)} p99 ${fmt(w.p99 / w.s99, 3)}`);
}
