// Latency accuracy: zimmer-bench's P50/P99 against wrk's on the same target, same connections.
// The `delay` target decides latency itself (2-62 ms spread), so both tools should see the same
// distribution; the `hello` target (answers at once) is shown too, where each tool mostly
// measures its own speed. Goal on `delay`: P50 and P99 within 10 % of wrk's.
// Needs wrk (apt-get install -y wrk). Usage: npm run build && node test/bench/engine-wrk.mjs
import { execFileSync } from 'node:child_process';
import { runScenario } from '../../dist/cli/runner/run-scenario.js';
import { CONNECTIONS, DURATION_MS, fmt, helloScenario, startTarget } from './engine-lib.mjs';

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

const rows = [];
for (const mode of ['delay', 'hello']) {
  const target = await startTarget(mode);
  try {
    const w = wrkLatency(`${target.url}/`);
    const z = await runScenario(helloScenario({ model: 'closed', connections: CONNECTIONS, durationMs: DURATION_MS, warmupMs: 0 }),
      { targetUrl: target.url, bundled: false });
    const { p50, p99 } = z.overall.latency;
    rows.push({ mode, w, z: { p50, p99, rps: z.overall.rps } });
  } finally {
    await target.stop();
  }
}
console.log(`closed loop, ${CONNECTIONS} connections, ${DURATION_MS / 1000} s each (wrk -t1):`);
for (const { mode, w, z } of rows) {
  const r50 = z.p50 / w.p50;
  const r99 = z.p99 / w.p99;
  const ok = Math.abs(r50 - 1) <= 0.1 && Math.abs(r99 - 1) <= 0.1;
  console.log(`  target=${mode.padEnd(5)} wrk p50 ${fmt(w.p50, 2)} ms p99 ${fmt(w.p99, 2)} ms ${fmt(w.rps)} rps | `
    + `zimmer-bench p50 ${fmt(z.p50, 2)} ms p99 ${fmt(z.p99, 2)} ms ${fmt(z.rps)} rps | ratio p50 ${fmt(r50, 3)} p99 ${fmt(r99, 3)}`
    + (mode === 'delay' ? ` (goal within 10 %: ${ok ? 'met' : 'MISSED'})` : ' (informational)'));
}
