// Closed-model throughput: zimmer-bench's runner against raw autocannon sending the same bytes,
// same target and connections, run back to back so that machine noise hits both. Goal: >= 0.90x.
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
const target = await startTarget('hello');
const raw = Object.fromEntries(Object.keys(KINDS).map((k) => [k, []]));
const ours = Object.fromEntries(Object.keys(KINDS).map((k) => [k, []]));
try {
  for (let i = 0; i < ROUNDS; i++) {
    const line = [];
    for (const [kind, extra] of Object.entries(KINDS)) {
      const r = await autocannon({ url: target.url, connections: CONNECTIONS, pipelining: 1, duration: DURATION_MS / 1000, ...extra });
      raw[kind].push(r.requests.total / (DURATION_MS / 1000));
      const s = helloScenario({ model: 'closed', connections: CONNECTIONS, durationMs: DURATION_MS, warmupMs: 0 }, kind);
      if (kind === 'request') s.requests.hello.headers = { authorization: 'Bearer {{token}}' };
      const z = await runScenario(s, { targetUrl: target.url, bundled: false });
      if (z.overall.errors) throw new Error(`${z.overall.errors} errors in the ${kind} run`);
      ours[kind].push(z.overall.rps);
      line.push(`${kind}: autocannon ${fmt(raw[kind].at(-1))} / zimmer-bench ${fmt(z.overall.rps)}`);
    }
    console.log(`round ${i + 1} (rps): ${line.join(', ')}`);
  }
} finally {
  await target.stop();
}
console.log(`closed model, ${CONNECTIONS} connections, ${DURATION_MS / 1000} s runs x ${ROUNDS} rounds, median rps:`);
for (const kind of Object.keys(KINDS)) {
  const ratio = median(ours[kind]) / median(raw[kind]);
  console.log(`  templates=${kind.padEnd(8)} autocannon ${fmt(median(raw[kind]))}  zimmer-bench ${fmt(median(ours[kind]))}  `
    + `ratio ${fmt(ratio, 3)} (goal >= 0.90: ${ratio >= 0.9 ? 'met' : 'MISSED'})`);
}
