// Causes where requests queue for something scarce while the event loop stays free: a small pool held
// across an await (other DB users queue behind the holder), a concurrency cap with a long queue
// (throughput flat at the cap), and libuv's threadpool (only its users wait, in steps of the hash).
import type { Finding, ExperimentObservation, Observations, ServerWindow } from '../types.js';
import { formatMs } from '../../core/format.js';
import { phaseGoal } from '../../plan/phase-goals.js';
import { clamp01, endpointIn, mixOf, probe, requestInfo, scaling, serviceTime, slowdown, top } from '../signals.js';
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
    confidenceReason: 'the server reports requests waiting for a database connection with the pool all in use',
    evidence: [
      `during ${worst.id} (${worst.connections} connections) up to ${worst.server.poolWaitingMax} requests waited for a connection, ${worst.server.poolInUseMax ?? '?'} of ${worst.server.poolSize ?? '?'} in use (the server's pool gauges)`,
      `${hurt.length} run${hurt.length === 1 ? '' : 's'} with the pool exhausted hurt ${names.join(', ')} (5xx, timeouts, targets missed or setup failed)`,
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
    const evidence = [
      `with ${flow.label} at ${exp.connections} connections, ${w.path} took ${formatMs(w.read)} while /health took ${formatMs(w.health)}: requests that touch the database queue, the event loop is free`,
      ...(inMix?.waits ? [`in the mix too: ${w.path} ${formatMs(inMix.read)}, /health ${formatMs(inMix.health)}`] : []),
      ...(sweep5xx.length > 0 ? [`${sweep5xx.map((e) => `${e.name}: ${e.status5xx} 5xx, ${e.timeouts} timeouts`).join('; ')} at ${exp.connections} connections`] : []),
      ...(failing.length > 0 ? [`in the mix ${failing.map((e) => `${e.name} ${e.status5xx} 5xx / ${e.timeouts} timeouts`).join(', ')}`] : []),
      ...(exp.server?.elu != null ? [`server event-loop utilization ${exp.server.elu.toFixed(2)}`] : []),
    ];
    let confidence = 0.6 + (inMix?.waits ? 0.1 : 0) + (failing.length > 0 || sweep5xx.length > 0 ? 0.1 : 0);
    if (exp.server?.elu != null && exp.server.elu < 0.6) confidence += 0.1;
    return [{
      cause: 'db-pool-exhaustion' as const,
      endpoints: [...new Set([...flow.requests, ...failing.map((e) => e.name)])],
      confidence: clamp01(confidence),
      confidenceReason: `loading ${flow.label} delays an unrelated database read but not /health`
        + (obs.mode === 'client-only' ? '; client-only: a lock or any other shared resource held across an await looks the same' : ''),
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
    confidenceReason: 'the server reports a queue behind a single busy admission slot while requests suffered',
    evidence: [`during ${worst.id} (${worst.connections} connections) the server's admission queue reached ${worst.server.admissionQueueMax} with ${worst.server.admissionActiveMax} slot in use`],
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
    const evidence = [
      `${worst.name} throughput ${s.from.rps.toFixed(1)} -> ${s.to.rps.toFixed(1)}/s from ${s.fromC} to ${s.toC} connections while its p50 grew ${formatMs(s.from.latency.p50)} -> ${formatMs(s.to.latency.p50)} (x${s.latencyGrowth.toFixed(1)})`,
      `Little's law: ${s.to.rps.toFixed(1)}/s x ${formatMs(s.from.latency.p50)} of service = ${busy.toFixed(1)} in service at once; the rest wait in a queue`,
      ...(health ? [`/health stayed at ${formatMs(health.loadedP50)} and ${read ? `the authenticated read at ${formatMs(read.loadedP50)}` : 'other requests were not probed'}: nothing else waits`] : []),
      ...(gauges ? [`server admission queue depth reached ${queue} with ${active} slot${active === 1 ? '' : 's'} in use`] : []),
      ...(exp.server?.elu != null ? [`server event-loop utilization ${exp.server.elu.toFixed(2)}`] : []),
      ...(cpu.line ? [`${cpu.line}: CPU to spare, so requests wait for a slot, not for the CPU`] : []),
    ];
    const confidence = 0.5 + (health ? 0.1 : 0) + (busy >= 0.75 && busy < 1.5 ? 0.1 : 0) + (gauges ? 0.2 : 0)
      + (exp.server?.elu != null && exp.server.elu < 0.6 ? 0.05 : 0) + (cpu.known ? 0.1 : -0.1);
    return [{
      cause: 'queue-bottleneck' as const,
      endpoints: [worst.name],
      confidence: clamp01(confidence),
      confidenceReason: gauges
        ? 'the server reports a queue behind a single busy slot'
        : `${obs.mode === 'client-only' ? 'client-only: ' : ''}throughput flat at ~${busy.toFixed(1)} in service while the loop stays free`
          + (cpu.known ? '; the server\'s CPU had room to spare' : '; the server\'s CPU is unseen, so a server at its capacity would look the same'),
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
    confidenceReason: 'targets missed only on password-hashing endpoints while reads and /health stay fast',
    evidence: [
      `targets missed: ${mix.targetsMissed.join('; ')}`,
      ...slow.map((e) => `${e.name} p95 ${formatMs(e.latency.p95)} at ${e.rps.toFixed(1)}/s; others p95 <= ${formatMs(Math.max(0, ...others.map((o) => o.latency.p95)))}`),
      ...(endpointIn(mix, slow[0]?.name ?? '') && health ? [`/health ${formatMs(health.loadedP50)} in the mix`] : []),
    ],
    fix: FIX['threadpool-saturation'],
  }];
}
