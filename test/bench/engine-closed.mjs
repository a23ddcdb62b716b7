// Closed-model throughput: zimmer-bench's runner against raw autocannon sending the same bytes,
// same target and connections, run back to back so that machine noise hits both. Goal: >= 0.90x.
// Also the generator's CPU time per request (this process only; the target runs in a child), which
// a busy machine disturbs far less than req/s.
// Three request kinds: fixed bytes; a per-user template (Bearer token); a per-request template
// ($seq in the path; autocannon's equivalent is its own per-request [<id>] replacement).
// Usage: npm run build && node test/bench/engine-closed.mjs   (BENCH_DURATION_S, BENCH_ROUNDS)
import autocannon from 'autocannon';
import { runScenario } from '../../dist/cli/runner/run-scenario.js';
import { CONNECTIONS, DURATION_MS, fmt, helloScenario, median, startTarget } from './engine-lib.mjs';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const AUTH = { authorization: 'Bearer abc.def.ghi' };
const KINDS = {
  none: {},
  user: { headers: AUTH },
  request: { headers: AUTH, path: '/?n=[<id>]', idReplacement: true },
};

/** Runs `fn`, returning its req/s and this process's CPU microseconds per request. */
async function measure(fn) {
  const cpu0 = process.cpuUsage();
  const requests = await fn();
  const cpu = process.cpuUsage(cpu0);
  return { rps: requests / (DURATION_MS / 1000), cpuUs: (cpu.user + cpu.system) / requests };
}

const target = await startTarget('hello');
const raw = Object.fromEntries(Object.keys(KINDS).map((k) => [k, []]));
const ours = Object.fromEntries(Object.keys(KINDS).map((k) => [k, []]));
try {
  for (let i = 0; i < ROUNDS; i++) {
    const line = [];
    for (const [kind, extra] of Object.entries(KINDS)) {
      const runRaw = async () => raw[kind].push(await measure(async () => (await autocannon({
        url: target.url, connections: CONNECTIONS, pipelining: 1, duration: DURATION_MS / 1000, ...extra,
      })).requests.total));
      const s = helloScenario({ model: 'closed', connections: CONNECTIONS, durationMs: DURATION_MS, warmupMs: 0 }, kind);
      if (kind === 'request') s.requests.hello.headers = { authorization: 'Bearer {{token}}' };
      const runOurs = async () => ours[kind].push(await measure(async () => {
        const z = await runScenario(s, { targetUrl: target.url, bundled: false });
        if (z.overall.errors) throw new Error(`${z.overall.errors} errors in the ${kind} run`);
        return z.overall.attempted;
      }));
      // Alternate which tool goes first, so that order effects (GC, warm caches) cancel out.
      if (i % 2 === 0) { await runRaw(); await runOurs(); } else { await runOurs(); await runRaw(); }
      line.push(`${kind}: autocannon ${fmt(raw[kind].at(-1).rps)} / zimmer-bench ${fmt(ours[kind].at(-1).rps)}`);
    }
    console.log(`round ${i + 1} (rps): ${line.join(', ')}`);
  }
} finally {
  await target.stop();
}
console.log(`closed model, ${CONNECTIONS} connections, ${DURATION_MS / 1000} s runs x ${ROUNDS} rounds, medians:`);
for (const kind of Object.keys(KINDS)) {
  const m = (xs, k) => median(xs.map((x) => x[k]));
  const ratio = m(ours[kind], 'rps') / m(raw[kind], 'rps');
  const cpuRatio = m(raw[kind], 'cpuUs') / m(ours[kind], 'cpuUs');
  console.log(`  templates=${kind.padEnd(8)} rps autocannon ${fmt(m(raw[kind], 'rps'))} zimmer-bench ${fmt(m(ours[kind], 'rps'))} `
    + `ratio ${fmt(ratio, 3)} (goal >= 0.90: ${ratio >= 0.9 ? 'met' : 'MISSED'}) | CPU/request `
    + `${fmt(m(raw[kind], 'cpuUs'), 1)} vs ${fmt(m(ours[kind], 'cpuUs'), 1)} us, efficiency ${fmt(cpuRatio, 3)}`);
}
