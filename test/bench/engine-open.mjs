// Open model at a fixed arrival rate (default 5,000/s) against a target in its own process:
// achieved rate against asked (goal >= 0.98x), with the schedule error and the generator's own
// event-loop delay. Usage: npm run build && node test/bench/engine-open.mjs   (BENCH_RATE, BENCH_DURATION_S)
import { runScenario } from '../../dist/cli/runner/run-scenario.js';
import { DURATION_MS, fmt, helloScenario, startTarget } from './engine-lib.mjs';

const RATE = Number(process.env.BENCH_RATE ?? 5000);
const target = await startTarget('hello');
try {
  const load = { model: 'open', stages: [{ durationMs: DURATION_MS, rate: RATE, to: RATE }], warmupMs: 1000,
    maxConnections: 200, maxInFlight: 2000 };
  const z = await runScenario(helloScenario(load), { targetUrl: target.url, bundled: false });
  const v = z.validity;
  const ratio = v.achievedRate / v.askedRate;
  console.log(`open model, ${RATE}/s for ${DURATION_MS / 1000} s (1 s warm-up): asked ${fmt(v.askedRate, 1)}/s, `
    + `achieved ${fmt(v.achievedRate, 1)}/s, ratio ${fmt(ratio, 4)} (goal >= 0.98: ${ratio >= 0.98 ? 'met' : 'MISSED'})`);
  console.log(`  schedule lag p50 ${v.scheduleLagMs.p50} ms, p99 ${v.scheduleLagMs.p99} ms, max ${v.scheduleLagMs.max} ms; `
    + `generator event-loop delay p99 ${v.generatorLoopDelayP99Ms} ms; dropped ${v.dropped}`);
  console.log(`  requests ${z.overall.attempted}, errors ${z.overall.errors}, latency p50 ${z.overall.latency.p50} ms, `
    + `p99 ${z.overall.latency.p99} ms, max ${z.overall.latency.max} ms`);
  console.log(`  run ${v.valid ? 'valid' : `INVALID: ${v.reasons.join('; ')}`}`);
} finally {
  await target.stop();
}
