// GET /api/me while 50 connections hammer POST /api/auth/login over 100 accounts (async argon2id at
// OWASP's parameters).
// Goal: /api/me P99 <= 10 ms and no timeouts during the storm. The same /api/me load without
// the storm, in the same run, is the baseline.
// It also prints each side's waits for a core during the storm (Linux's per-thread schedstat): on a
// full machine the tail is often there, where no profile of a process looks.
// Usage: npm run build && node test/bench/server-storm.mjs   (ME_RATE, BENCH_DURATION_S; SERVE_ARGS
// for the server, e.g. SERVE_ARGS="--db /tmp/storm.db" for a durable database file)
import { runScenario } from '../../dist/cli/runner/run-scenario.js';
import { getScenario } from './engine-lib.mjs';
import { cannon, DURATION_S, goal, loginLoad, loginToken, schedLine, startReference, summary, threadTimes } from './server-lib.mjs';

// A steady read load in the open model (zimmer-bench's own engine): one request every 1/ME_RATE s
// whatever the answers, latency timed from the intended send, so a stall shows as latency.
// Not autocannon's overallRate: each of its connections sends its share of the second as fast as
// it can and then waits for the next second, a burst every second that measures itself.
const ME_RATE = Number(process.env.ME_RATE ?? 1000);

function meScenario(token) {
  const load = { model: 'open', stages: [{ durationMs: DURATION_S * 1000, rate: ME_RATE, to: ME_RATE }], warmupMs: 500, maxConnections: 64, maxInFlight: 2000 };
  return getScenario(load, { name: 'me', path: '/api/me', headers: { authorization: `Bearer ${token}` } });
}

const line = (r) => {
  const o = r.overall;
  const v = r.validity;
  return `${o.attempted} requests, p50 ${o.latency.p50} ms, p99 ${o.latency.p99} ms, max ${o.latency.max} ms, ${o.errors} errors`
    + ` (${o.errorClasses.timeout} timeouts); send lag p99 ${v.scheduleLagMs?.p99} ms, ${v.valid ? 'valid' : `INVALID: ${v.reasons.join('; ')}`}`;
};

const ref = await startReference((process.env.SERVE_ARGS ?? '').split(' ').filter(Boolean));
try {
  const token = await loginToken(ref.url);
  const me = () => runScenario(meScenario(token), { targetUrl: ref.url, bundled: false });
  const calm = await me();
  const server0 = threadTimes(ref.pid);
  const self0 = threadTimes(process.pid);
  const [during, logins] = await Promise.all([me(), cannon(loginLoad(ref.url))]);
  const server1 = threadTimes(ref.pid);
  const self1 = threadTimes(process.pid);
  console.log(`/api/me alone        (${ME_RATE}/s, open model): ${line(calm)}`);
  console.log(`/api/me during storm (${ME_RATE}/s, open model): ${line(during)}`);
  console.log(`login storm (50 connections):               ${summary(logins)}`);
  // Where the tail can go: the threads' waits for a core during the storm (the hashing threads are
  // the server's threads with a raised nice value, auth/hash-pool.ts).
  const main = String(ref.pid);
  console.log(schedLine('server event loop', server0, server1, (tid) => tid === main));
  console.log(schedLine('server hashing threads', server0, server1, (tid, t) => t.nice > 0));
  console.log(schedLine('load generator thread', self0, self1, (tid) => tid === String(process.pid)));
  const p99 = during.overall.latency.p99;
  const ok = goal('GET /api/me P99 during a login storm',
    during.validity.valid && p99 <= 10 && during.overall.errors === 0,
    `${p99} ms (alone ${calm.overall.latency.p99} ms; goal <= 10 ms), ${during.overall.errors} errors${during.validity.valid ? '' : ', run invalid'}`);
  process.exitCode = ok ? 0 : 1;
} finally {
  await ref.stop();
}
