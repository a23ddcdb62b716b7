// Causes where requests queue for something scarce while the event loop stays free: a small pool held
// across an await (other DB users queue behind the holder), a concurrency cap with a long queue
// (throughput flat at the cap), and libuv's threadpool (only its users wait, in steps of the hash).
import type { Finding, ExperimentObservation, Observations, ServerWindow } from '../types.js';
import type { Evidence } from '../evidence.js';
import { reason } from '../reasons.js';
import { phaseGoal } from '../../plan/phase-goals.js';
import { clamp01, endpointIn, mixOf, probe, requestInfo, scaling, scalingOf, serviceTime, slowdown, top } from '../signals.js';
import { generatorLimited, serverCpuState } from './saturation.js';

export const FIX = {
  'db-pool-exhaustion': 'Never hold a pooled connection (or any shared lock) across a slow step: do the slow work first, then take the connection for the queries only; size the pool for the concurrent database users and fail fast at acquire with 503 + Retry-After.',
  'queue-bottleneck': 'Raise the concurrency cap to what the resource behind it can do, bound the queue and the time spent in it, and shed the excess with 503 + Retry-After instead of queueing without end.',
  'threadpool-saturation': 'Password hashing is capped by the worker threads that run it and by the cores: add an admission limit with fast 503s, add worker threads only with spare cores, or scale out.',
} as const;

/**
 * A database read waiting while /health does not, in the same experiment: at least 3x /health's
 * median and 10 ms more. Comparing the two probes of one run cancels out a machine busy with other
 * work (both wait alike then) and a saturated event loop (both queue behind it).
 */
const POOL_RATIO = 3;
const POOL_EXTRA_MS = 10;

function readWait(exp: ExperimentObservation | undefined) {
  const read = probe(exp?.probes ?? [], 'auth-read');
  const health = probe(exp?.probes ?? [], 'health');
  if (!read || !health) return null;
  const waits = read.total.p50 >= POOL_RATIO * Math.max(health.total.p50, 0.3) && read.total.p50 - health.total.p50 >= POOL_EXTRA_MS;
  return { waits, read: read.total.p50, health: health.total.p50, path: read.path };
}

/** Requests waiting for a pooled connection (at least this many) with every connection in use, by the server's gauges. */
const POOL_WAITING = 2;

/** An endpoint whose median in a run is this many times its median alone waited in it. */
const WAITED = 5;

/** A run the server's gauges were read over, and the endpoints that suffered in it. */
interface GaugedRun { id: string; connections: number; server: ServerWindow; hurt: string[]; hashing: string[] }

/**
 * Every run with /metrics: the experiments (suffering = 5xx, timeouts, a median 5x its service time
 * alone, or a target of their own missed) and those whose setup failed (the gauges read at the failure; its flow could not run at all).
 */
function gaugedRuns(obs: Observations): GaugedRun[] {
  const hashing = (names: string[]) => names.filter((n) => requestInfo(obs, n)?.sendsPassword);
  const ran = obs.experiments.flatMap((exp): GaugedRun[] => {
    if (!exp.server) return [];
    const waited = (e: typeof exp.endpoints[number]) => e.latency.p50 >= WAITED * Math.max(1, serviceTime(obs, e.name) ?? Infinity);
    const hurt = exp.endpoints.filter((e) => e.attempted > 0 && (e.status5xx > 0 || e.timeouts > 0 || waited(e) || exp.targetsMissed.some((t) => t.startsWith(`${e.name} `)))).map((e) => e.name);
    return [{ id: exp.id, connections: exp.connections, server: exp.server, hurt, hashing: hashing(exp.endpoints.filter((e) => e.attempted > 0).map((e) => e.name)) }];
  });
  const failed = obs.unrun.flatMap((u): GaugedRun[] => {
    if (u.status !== 'failed' || !u.server) return [];
    const names = obs.flows.find((f) => f.label === u.flow)?.requests ?? obs.flows.flatMap((f) => f.requests);
    return [{ id: `${u.id} (setup failed)`, connections: u.connections, server: u.server, hurt: names, hashing: hashing(names) }];
  });
  return [...ran, ...failed];
}

/**
 * The server's own pool gauges: requests waiting for a connection while all are in use, and requests
 * suffering in the same run. Read even when /health waits too (a /health that queries the database
 * through the pool, other causes at once), which the probes' comparison cannot see through.
 */
function poolByGauges(obs: Observations): Finding[] {
  const hurt = gaugedRuns(obs)
    .filter(({ server: s }) => s.poolWaitingMax !== null && s.poolWaitingMax >= POOL_WAITING && (s.poolSize === null || (s.poolInUseMax ?? 0) >= s.poolSize))
    .map((r) => ({ ...r, names: r.hurt.filter((n) => !r.hashing.includes(n)) }))
    .filter((r) => r.names.length > 0);
  const worst = [...hurt].sort((a, b) => (b.server.poolWaitingMax ?? 0) - (a.server.poolWaitingMax ?? 0))[0];
  if (!worst) return [];
  const names = [...new Set(hurt.flatMap((r) => r.names))];
  return [{
    cause: 'db-pool-exhaustion',
    endpoints: names,
    confidence: 0.8,
    confidenceReason: reason('the server reports requests waiting for a database connection with the pool all in use'),
    evidence: [
      { kind: 'pool-gauges', run: worst.id, connections: worst.connections, waiting: worst.server.poolWaitingMax ?? 0, inUse: worst.server.poolInUseMax, size: worst.server.poolSize },
      { kind: 'pool-runs', runs: hurt.length, endpoints: names },
    ],
    fix: FIX['db-pool-exhaustion'],
  }];
}

export function dbPoolExhaustion(obs: Observations): Finding[] {
  return [...poolByProbes(obs), ...poolByGauges(obs)];
}

function poolByProbes(obs: Observations): Finding[] {
  const mix = mixOf(obs);
  const inMix = readWait(mix);
  const failing = (mix?.endpoints ?? []).filter((e) => e.attempted > 0 && (e.status5xx > 0 || e.timeouts > 0) && !requestInfo(obs, e.name)?.sendsPassword);
  return obs.flows.flatMap((flow) => {
    const exp = top(obs, flow.label);
    const w = readWait(exp);
    // The read probe's own flow loads the same query: that is contention on the read, not a holder.
    if (!exp || !w?.waits || exp.endpoints.some((e) => e.attempted > 0 && e.path === w.path)) return [];
    const sweep5xx = exp.endpoints.filter((e) => e.status5xx > 0 || e.timeouts > 0);
    const failures = (list: typeof failing) => list.map((e) => ({ name: e.name, status5xx: e.status5xx, timeouts: e.timeouts }));
    const evidence: Evidence[] = [
      { kind: 'read-wait', under: { flow: flow.label, connections: exp.connections }, path: w.path, readP50: w.read, healthP50: w.health },
      ...(inMix?.waits ? [{ kind: 'read-wait' as const, under: null, path: w.path, readP50: inMix.read, healthP50: inMix.health }] : []),
      ...(sweep5xx.length > 0 ? [{ kind: 'failing' as const, connections: exp.connections, endpoints: failures(sweep5xx) }] : []),
      ...(failing.length > 0 ? [{ kind: 'failing' as const, connections: null, endpoints: failures(failing) }] : []),
      ...(exp.server?.elu != null ? [{ kind: 'server-elu' as const, elu: exp.server.elu }] : []),
    ];
    let confidence = 0.6 + (inMix?.waits ? 0.1 : 0) + (failing.length > 0 || sweep5xx.length > 0 ? 0.1 : 0);
    if (exp.server?.elu != null && exp.server.elu < 0.6) confidence += 0.1;
    return [{
      cause: 'db-pool-exhaustion' as const,
      endpoints: [...new Set([...flow.requests, ...failing.map((e) => e.name)])],
      confidence: clamp01(confidence),
      confidenceReason: reason(`loading ${flow.label} delays an unrelated database read but not /health`
        + (obs.mode === 'client-only' ? '; client-only: a lock or any other shared resource held across an await looks the same' : '')),
      evidence,
      fix: FIX['db-pool-exhaustion'],
    }];
  });
}

/** /health under a queued load stays this fast (ms) or within 3x idle. */
const QUEUE_CLEAR_MS = 10;
/** Throughput did not grow with concurrency: at most this much more at the top of the sweep. */
const FLAT_SPEEDUP = 1.4;

/**
 * The server's admission gauges: a queue behind a single busy slot in a run where requests suffered.
 * Read even when /health waits too (other causes at once); the queue sits in front of the endpoints
 * that hash a password (the admission's own), else those that suffered.
 */
function queueByGauges(obs: Observations): Finding[] {
  const hurt = gaugedRuns(obs)
    .filter(({ server: s }) => (s.admissionQueueMax ?? 0) >= 2 && s.admissionActiveMax !== null && s.admissionActiveMax <= 1)
    .map((r) => ({ ...r, names: r.hurt.length > 0 && r.hashing.length > 0 ? r.hashing : r.hurt }))
    .filter((r) => r.names.length > 0);
  const worst = [...hurt].sort((a, b) => (b.server.admissionQueueMax ?? 0) - (a.server.admissionQueueMax ?? 0))[0];
  if (!worst) return [];
  return [{
    cause: 'queue-bottleneck',
    endpoints: [...new Set(hurt.flatMap((r) => r.names))],
    confidence: 0.75,
    confidenceReason: reason('the server reports a queue behind a single busy admission slot while requests suffered'),
    evidence: [{ kind: 'admission-queue', run: { id: worst.id, connections: worst.connections }, queue: worst.server.admissionQueueMax ?? 0, active: worst.server.admissionActiveMax ?? 0 }],
    fix: FIX['queue-bottleneck'],
  }];
}

export function queueBottleneck(obs: Observations): Finding[] {
  return [...queueByCurve(obs), ...queueByGauges(obs)];
}

function queueByCurve(obs: Observations): Finding[] {
  return obs.flows.flatMap((flow) => {
    const exp = top(obs, flow.label);
    const health = slowdown(obs, exp, 'health');
    const read = slowdown(obs, exp, 'auth-read');
    // Nothing else may wait: /health clearly fast, not merely under the "slowed" bar (a blocked loop
    // also flattens throughput, and makes /health wait).
    const clear = (s: typeof health) => s === null || s.loadedP50 <= Math.max(QUEUE_CLEAR_MS, 3 * s.idleP50);
    if (!exp || !clear(health) || read?.slowed) return [];
    // Latency grew with concurrency and throughput barely did (the gauges, when present, settle it).
    const flat = flow.requests
      .map((name) => ({ name, s: scaling(obs, flow.label, name) }))
      .filter((x) => x.s !== null && x.s.from.latency.p50 >= 2 && x.s.speedup < 2 && x.s.latencyGrowth >= 0.4 * (x.s.toC / x.s.fromC));
    const worst = flat.sort((a, b) => (b.s?.latencyGrowth ?? 0) - (a.s?.latencyGrowth ?? 0))[0];
    if (!worst?.s) return [];
    const s = worst.s;
    // Little's law: requests in service = throughput x service time. About 1 at full speed means one
    // at a time behind a cap; well under 1 means each request got slower (CPU shared), not queued.
    const busy = s.to.rps * (s.from.latency.p50 / 1000);
    const queue = exp.server?.admissionQueueMax ?? null;
    const active = exp.server?.admissionActiveMax ?? null;
    const gauges = queue !== null && active !== null;
    const capped = gauges ? queue >= 2 && active <= 1 : s.speedup < FLAT_SPEEDUP && busy >= 0.75 && busy < 1.5;
    if (!capped) return [];
    // The same shape with the server's CPU all used is its capacity (rules/saturation.ts), and with the
    // generator saturated it is the generator's: a cap leaves CPU to spare.
    const cpu = serverCpuState(exp);
    if ((!gauges && (cpu.saturated || cpu.starved)) || generatorLimited(exp)) return [];
    const evidence: Evidence[] = [
      { kind: 'scaling', ...scalingOf(worst.name, s), reading: 'queue', growth: s.latencyGrowth },
      { kind: 'little-queue', rps: s.to.rps, serviceMs: s.from.latency.p50, inService: busy },
      ...(health ? [{ kind: 'nothing-else-waits' as const, healthP50: health.loadedP50, readP50: read ? read.loadedP50 : null }] : []),
      ...(gauges ? [{ kind: 'admission-queue' as const, run: null, queue: queue ?? 0, active: active ?? 0 }] : []),
      ...(exp.server?.elu != null ? [{ kind: 'server-elu' as const, elu: exp.server.elu }] : []),
      ...(cpu.seen ? [{ kind: 'server-cpu' as const, cpu: cpu.seen, spare: true }] : []),
    ];
    const confidence = 0.5 + (health ? 0.1 : 0) + (busy >= 0.75 && busy < 1.5 ? 0.1 : 0) + (gauges ? 0.2 : 0)
      + (exp.server?.elu != null && exp.server.elu < 0.6 ? 0.05 : 0) + (cpu.known ? 0.1 : -0.1);
    return [{
      cause: 'queue-bottleneck' as const,
      endpoints: [worst.name],
      confidence: clamp01(confidence),
      confidenceReason: gauges
        ? reason('the server reports a queue behind a single busy slot')
        : { kind: 'queue-flat', inService: busy, clientOnly: obs.mode === 'client-only', cpuKnown: cpu.known },
      evidence,
      fix: FIX['queue-bottleneck'],
    }];
  });
}

/** Only when the base scenario's own targets break on hashing endpoints while everything else is fine. */
export function threadpoolSaturation(obs: Observations): Finding[] {
  const mix = mixOf(obs);
  if (!mix || mix.targetsMissed.length === 0) return [];
  const health = slowdown(obs, mix, 'health');
  const read = slowdown(obs, mix, 'auth-read');
  if (health?.slowed || read?.slowed) return [];
  const hashing = mix.endpoints.filter((e) => e.attempted > 0 && requestInfo(obs, e.name)?.sendsPassword);
  // Phase 3's bar (scenarios/phase3.yaml) separates a slow endpoint from a fine one.
  const goal = phaseGoal('phase3');
  const slow = hashing.filter((e) => mix.targetsMissed.some((t) => t.includes(e.name)) || e.latency.p95 >= goal.p95Ms);
  if (slow.length === 0) return [];
  // Threadpool work still runs in parallel (about one per core): a flat throughput is a cap instead.
  const parallel = slow.every((e) => {
    const flow = obs.flows.find((f) => f.requests.includes(e.name));
    const s = flow ? scaling(obs, flow.label, e.name) : null;
    return s === null || s.speedup >= FLAT_SPEEDUP;
  });
  if (!parallel) return [];
  const others = mix.endpoints.filter((e) => e.attempted > 0 && !hashing.includes(e));
  const othersFine = others.every((e) => e.latency.p95 < goal.p95Ms && e.errorRate < goal.errorRate);
  if (!othersFine) return [];
  return [{
    cause: 'threadpool-saturation' as const,
    endpoints: slow.map((e) => e.name),
    confidence: 0.55,
    confidenceReason: reason('targets missed only on password-hashing endpoints while reads and /health stay fast'),
    evidence: [
      { kind: 'targets-missed', targets: mix.targetsMissed, lead: 'targets missed' },
      ...slow.map((e) => ({ kind: 'hash-slow' as const, endpoint: e.name, p95: e.latency.p95, rps: e.rps, othersP95: Math.max(0, ...others.map((o) => o.latency.p95)) })),
      ...(endpointIn(mix, slow[0]?.name ?? '') && health ? [{ kind: 'health-in-mix' as const, p50: health.loadedP50 }] : []),
    ],
    fix: FIX['threadpool-saturation'],
  }];
}
