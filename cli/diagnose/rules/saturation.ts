// A server at its capacity (throughput flat, latency rising with concurrency, its CPU all used), told
// apart from a concurrency cap (the same shape with CPU to spare) by the server's CPU, and the load
// generator's own limits, which must never be blamed on the server.
import { droppedConnections, rejectingShare } from '../limit-watch.js';
import type { ExperimentObservation, Finding, Observations } from '../types.js';
import { note, type Evidence, type GeneratorLimit, type ServerCpu } from '../evidence.js';
import { reason } from '../reasons.js';
import { clamp01, endpointIn, mixOf, scaling, scalingOf, top } from '../signals.js';
// The same lateness that makes a run invalid makes the generator, not the server, the limit.
import { MAX_LOOP_DELAY_P99_MS } from '../../runner/open-validity.js';

export const FIX = {
  'at-capacity': 'Healthy but saturated: the server does what its CPU allows. Make each request cheaper (profile the hot path), add instances or cores, and admit only what it can finish in time (a limit that sheds with 503 + Retry-After) rather than letting latency grow.',
  'client-limit': 'The load generator, not the server, was the limit: run it on a machine with spare cores (or split the load: --shards), give it enough connections for the asked rate, and keep other work off the machine; then diagnose again.',
} as const;

/** An endpoint whose median in the mix is this many times its median alone waited there. */
const QUEUED_IN_MIX = 2;
/** At capacity named with the server's CPU unseen: below a cause its CPU would confirm. */
const UNSEEN_CONFIDENCE = 0.5;

/** The server's threads wanted this share of the cores, or its main thread was this busy: it is CPU-bound. */
const DEMAND_SHARE = 0.8;
const MAIN_BUSY = 0.9;
/** Got under this share of the CPU it wanted (and the machine could give): others set its pace. */
const STARVED_SHARE = 0.6;
/** The generator's one JavaScript thread this busy (cores), or its loop this late, limits what it sends. */
const GENERATOR_CPU = 0.9;

export interface CpuState {
  known: boolean;
  saturated: boolean;
  /** It waited for a CPU more than it ran: other processes, not its own work, set its pace. */
  starved: boolean;
  /** What was seen of it (null: nothing). */
  seen: ServerCpu | null;
}

/** Whether the server's CPU was all used during `exp`: /proc when it runs here, else its /metrics. */
export function serverCpuState(exp: ExperimentObservation | undefined): CpuState {
  const c = exp?.serverCpu;
  const cores = exp?.noise?.cores ?? 1;
  if (c) {
    // Starved: it got well under the CPU it wanted and the machine had (after the generator's share).
    const room = Math.max(0.25, cores - (exp?.noise?.generatorCpu ?? 0));
    const starved = c.cpu < STARVED_SHARE * Math.min(c.demand, room);
    const saturated = !starved && (c.demand >= DEMAND_SHARE * cores || c.mainThread >= MAIN_BUSY);
    return { known: true, saturated, starved, seen: { source: 'proc', pid: c.pid, cores: c.cpu, ofCores: cores, demand: c.demand, mainBusy: c.mainThread } };
  }
  const s = exp?.server;
  if (s && (s.elu !== null || s.cpu !== null)) {
    const saturated = (s.elu ?? 0) >= MAIN_BUSY || (s.cpu ?? 0) >= DEMAND_SHARE * cores;
    return { known: true, saturated, starved: false, seen: { source: 'metrics', cores: s.cpu, elu: s.elu } };
  }
  return { known: false, saturated: false, starved: false, seen: null };
}

/** The generator limited the experiment: its thread was saturated, its loop late, or the runner said so. */
export function generatorLimited(exp: ExperimentObservation | undefined): GeneratorLimit | null {
  if (!exp) return null;
  const n = exp.noise;
  if (n && n.generatorCpu >= GENERATOR_CPU) return { kind: 'generator-cpu', experiment: exp.id, cores: n.generatorCpu };
  // A late loop with the generator itself not busy is other processes' doing: noise, not its limit.
  if (n && othersBusy(n)) return null;
  if (exp.generatorReasons.length > 0) return { kind: 'generator-reasons', experiment: exp.id, reasons: [exp.generatorReasons[0] ?? ''] };
  if (n && n.generatorLoopP99Ms >= MAX_LOOP_DELAY_P99_MS) return { kind: 'generator-loop', experiment: exp.id, p99Ms: n.generatorLoopP99Ms };
  return null;
}

/** Other processes used a good share of the machine (the verdict's noise test, here per window). */
function othersBusy(n: NonNullable<ExperimentObservation['noise']>): boolean {
  return n.othersCpu !== null && n.othersCpu >= Math.max(0.5, 0.3 * n.cores);
}

export function atCapacity(obs: Observations): Finding[] {
  const mix = mixOf(obs);
  return obs.flows.flatMap((flow): Finding[] => {
    const exp = top(obs, flow.label);
    if (!exp || exp.endpoints.some((e) => rejectingShare(e) >= 0.1 || droppedConnections(e))) return [];
    const flat = flow.requests
      .map((name) => ({ name, s: scaling(obs, flow.label, name) }))
      .filter((x) => x.s !== null && x.s.latencyGrowth >= 0.4 * (x.s.toC / x.s.fromC) && x.s.speedup < 0.5 * (x.s.toC / x.s.fromC));
    const worst = flat.sort((a, b) => (b.s?.latencyGrowth ?? 0) - (a.s?.latencyGrowth ?? 0))[0];
    const s = worst?.s;
    if (!worst || !s) return [];
    // Only when it costs: the mix missing its targets overall or on this endpoint. At the top of a
    // closed sweep something is always saturated; that alone is the capacity table, not a cause.
    const missed = (mix?.targetsMissed ?? []).filter((t) => t.startsWith('overall') || t.startsWith(`${worst.name} `));
    if (missed.length === 0) return [];
    // And it queued in the mix itself (its median well above its service time alone): the mix's
    // misses then come from this endpoint waiting for the server, not from something else.
    const inMix = endpointIn(mix, worst.name);
    if (!inMix || inMix.latency.p50 < QUEUED_IN_MIX * s.from.latency.p50) return [];
    const generator = generatorLimited(exp);
    const cpu = serverCpuState(exp);
    const shape: Evidence = { kind: 'scaling', ...scalingOf(worst.name, s), reading: 'capacity', toP95: s.to.latency.p95 };
    const cpuLine: Evidence[] = cpu.seen ? [{ kind: 'server-cpu', cpu: cpu.seen, spare: false }] : [];
    if (generator && !cpu.saturated) {
      return [{
        cause: 'client-limit' as const,
        endpoints: [worst.name],
        // Read from the generator's own clock and CPU: below a server cause seen in the same run.
        confidence: 0.5,
        confidenceReason: reason('throughput stopped growing while the load generator was saturated: its limit, not necessarily the server\'s'),
        evidence: [generator, shape, ...cpuLine],
        fix: FIX['client-limit'],
      }];
    }
    // CPU to spare: a cap (queue-bottleneck), not capacity; starved of CPU: the machine's pace, not
    // the server's (the verdict says the machine was too busy to tell).
    if (cpu.known && !cpu.saturated) return [];
    const capacity = { endpoint: worst.name, rps: s.to.rps, connections: s.toC };
    const common: Evidence[] = [shape, { kind: 'capacity', ...capacity }];
    const missedLine: Evidence = { kind: 'targets-missed', targets: missed, lead: 'the mix missed' };
    if (!cpu.known) {
      // Remote and exposing nothing: a server at its capacity and one behind a concurrency cap give
      // the same curve from outside. Named, less surely, with the other reading beside it.
      return [{
        cause: 'at-capacity' as const,
        endpoints: [worst.name],
        confidence: UNSEEN_CONFIDENCE,
        confidenceReason: { kind: 'capacity', ...capacity, cpu: 'unseen' },
        evidence: [...common, note('the server\'s CPU could not be read: all used means capacity, CPU to spare means a cap (a pool, a limiter with a queue, a single worker)'), missedLine],
        fix: `${FIX['at-capacity']} If its CPU has room to spare, it is a concurrency cap instead: raise the cap to what the resource behind it can do (the queue-bottleneck fix).`,
      }];
    }
    return [{
      cause: 'at-capacity' as const,
      endpoints: [worst.name],
      confidence: 0.75,
      confidenceReason: { kind: 'capacity', ...capacity, cpu: 'all-used' },
      evidence: [...common, ...cpuLine, missedLine],
      fix: FIX['at-capacity'],
    }];
  });
}

export function clientLimit(obs: Observations): Finding[] {
  const invalid = obs.experiments.filter((e) => e.generatorReasons.length > 0 && generatorLimited(e) !== null);
  const mix = mixOf(obs);
  const mixLimited = mix && mix.targetsMissed.length > 0 ? generatorLimited(mix) : null;
  const localPorts = obs.experiments.filter((e) => e.overall.otherErrors >= Math.max(3, 0.01 * e.overall.attempted));
  // One late run is a hiccup; a limit shows in most of them.
  const limited = invalid.length * 2 >= Math.max(1, obs.experiments.length);
  if (!limited && !mixLimited && localPorts.length === 0) return [];
  const evidence: Evidence[] = [
    ...(limited ? invalid.slice(0, 3).map((e): Evidence => ({ kind: 'generator-reasons', experiment: e.id, reasons: e.generatorReasons })) : []),
    ...(mixLimited ? [{ kind: 'generator-mix' as const, limit: mixLimited }] : []),
    ...localPorts.slice(0, 2).map((e): Evidence => ({ kind: 'client-errors', experiment: e.id, count: e.overall.otherErrors })),
  ];
  return [{
    cause: 'client-limit',
    endpoints: ['every endpoint'],
    confidence: clamp01(0.45 + (limited ? 0.1 : 0) + (localPorts.length > 0 ? 0.1 : 0)),
    confidenceReason: reason('the load generator could not send or time the load as asked'),
    evidence,
    fix: FIX['client-limit'],
  }];
}
