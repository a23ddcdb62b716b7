// Derived signals the rules share: where an endpoint was measured alone, how a flow scaled, whether a
// probe slowed under load. Pure lookups over Observations; thresholds live here, named and explained.
import type { Scaling } from './evidence.js';
import type {
  EndpointObservation, ExperimentObservation, Observations, ProbeKind, ProbeObservation, RequestInfo,
} from './types.js';

/**
 * A probe counts as slowed when its median under load is at least 25 ms AND 5x its idle median:
 * a saturated but healthy Node server keeps a cheap request's wait around a millisecond, while
 * a blocked event loop or a held pool makes it wait for whole operations (tens of ms).
 */
export const SLOWED_MIN_MS = 25;
export const SLOWED_RATIO = 5;
/** An endpoint is an outlier alone when its service time is >= 10 ms and >= 5x the median of its peers. */
export const OUTLIER_MIN_MS = 10;
export const OUTLIER_RATIO = 5;

export function probe(probes: readonly ProbeObservation[], kind: ProbeKind): ProbeObservation | undefined {
  return probes.find((p) => p.probe === kind && p.samples > p.errors);
}

export interface Slowdown {
  slowed: boolean;
  idleP50: number;
  loadedP50: number;
  ratio: number;
  /** Median of the same probe while the other flows ran at the same concurrency (null: none). */
  peersP50: number | null;
}

/**
 * Slowed also means slower than under the other flows' loads (3x their median): on a machine busy
 * with other work every probe waits more under any load, and that is not this flow's doing.
 */
export const PEER_RATIO = 3;

/** Whether probe `kind` slowed during `exp` compared with the idle baseline; null when not measured. */
export function slowdown(obs: Observations, exp: ExperimentObservation | undefined, kind: ProbeKind): Slowdown | null {
  const idle = probe(obs.idleProbes, kind);
  const loaded = exp ? probe(exp.probes, kind) : undefined;
  if (!exp || !idle || !loaded) return null;
  const idleP50 = idle.total.p50;
  const loadedP50 = loaded.total.p50;
  const ratio = loadedP50 / Math.max(idleP50, 0.05);
  const peers = obs.experiments
    .filter((e) => e !== exp && e.kind === 'sweep' && (exp.kind === 'mix' || e.connections === exp.connections))
    .map((e) => probe(e.probes, kind)?.total.p50)
    .filter((v): v is number => v !== undefined);
  const peersP50 = peers.length >= 2 ? median(peers) : null;
  const aboveIdle = loadedP50 >= SLOWED_MIN_MS && ratio >= SLOWED_RATIO;
  const abovePeers = peersP50 === null || loadedP50 >= PEER_RATIO * Math.max(peersP50, 0.05);
  return { slowed: aboveIdle && abovePeers, idleP50, loadedP50, ratio, peersP50 };
}

export function requestInfo(obs: Observations, name: string): RequestInfo | undefined {
  return obs.requests.find((r) => r.name === name);
}

export function mixOf(obs: Observations): ExperimentObservation | undefined {
  return obs.experiments.find((e) => e.kind === 'mix' && e.overall.attempted > 0);
}

/** The flow's experiments (alone, then the sweep), lowest concurrency first. */
export function ladder(obs: Observations, flow: string): ExperimentObservation[] {
  return obs.experiments
    .filter((e) => e.flow === flow && (e.kind === 'alone' || e.kind === 'sweep') && e.overall.attempted > 0)
    .sort((a, b) => a.connections - b.connections);
}

export function top(obs: Observations, flow: string): ExperimentObservation | undefined {
  const l = ladder(obs, flow);
  const last = l[l.length - 1];
  return last && last.kind === 'sweep' ? last : undefined;
}

export function endpointIn(exp: ExperimentObservation | undefined, name: string): EndpointObservation | undefined {
  const e = exp?.endpoints.find((x) => x.name === name);
  return e && e.attempted > 0 ? e : undefined;
}

/** The endpoint's fastest answer alone at concurrency 1. */
export function fastestAlone(obs: Observations, name: string): number | undefined {
  for (const e of obs.experiments) {
    if (e.kind !== 'alone') continue;
    const x = endpointIn(e, name);
    if (x) return x.min;
  }
  return undefined;
}

/** Service time: the endpoint's median alone at concurrency 1. */
export function serviceTime(obs: Pick<Observations, 'experiments'>, name: string): number | undefined {
  for (const e of obs.experiments) {
    if (e.kind !== 'alone') continue;
    const x = endpointIn(e, name);
    if (x) return x.latency.p50;
  }
  return undefined;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

/**
 * Endpoints slow alone for no deliberate reason: not sending a password (a login's hash is meant to
 * cost tens of ms), and far slower than the median of the other such endpoints.
 */
export function slowAlone(obs: Observations): Array<{ name: string; serviceMs: number; peersMs: number }> {
  const times = obs.requests
    .filter((r) => !r.sendsPassword)
    .map((r) => ({ name: r.name, ms: serviceTime(obs, r.name), min: fastestAlone(obs, r.name) }))
    .filter((t): t is { name: string; ms: number; min: number } => t.ms !== undefined && t.min !== undefined);
  const out: Array<{ name: string; serviceMs: number; peersMs: number }> = [];
  for (const t of times) {
    const peers = median(times.filter((o) => o.name !== t.name).map((o) => o.ms));
    if (times.length < 2) continue;
    // Even its fastest answer was slow: a busy machine makes some requests slow, never all of them.
    const always = t.min >= OUTLIER_MIN_MS / 2 && t.min >= 3 * Math.max(peers, 0.2);
    if (always && t.ms >= OUTLIER_MIN_MS && t.ms >= OUTLIER_RATIO * Math.max(peers, 0.2)) out.push({ name: t.name, serviceMs: t.ms, peersMs: peers });
  }
  return out.sort((a, b) => b.serviceMs - a.serviceMs);
}

export function flowOf(obs: Observations, endpoint: string): string | undefined {
  return obs.flows.find((f) => f.requests.includes(endpoint))?.label;
}

/** Throughput at the flow's highest concurrency over throughput alone, and how much latency grew. */
export function scaling(obs: Observations, flow: string, endpoint: string):
  { fromC: number; toC: number; speedup: number; latencyGrowth: number; from: EndpointObservation; to: EndpointObservation } | null {
  const l = ladder(obs, flow);
  const first = l[0];
  const last = l[l.length - 1];
  const from = endpointIn(first, endpoint);
  const to = endpointIn(last, endpoint);
  if (!first || !last || !from || !to || first === last || from.rps <= 0) return null;
  return {
    fromC: first.connections,
    toC: last.connections,
    speedup: to.rps / from.rps,
    latencyGrowth: to.latency.p50 / Math.max(from.latency.p50, 0.01),
    from,
    to,
  };
}

/** A scaling as the evidence quotes it: the endpoint's throughput and median at both ends. */
export function scalingOf(endpoint: string, s: NonNullable<ReturnType<typeof scaling>>): Scaling {
  return { endpoint, fromC: s.fromC, toC: s.toC, fromRps: s.from.rps, toRps: s.to.rps, fromP50: s.from.latency.p50, toP50: s.to.latency.p50 };
}

export const clamp01 = (v: number): number => Math.max(0, Math.min(1, Math.round(v * 100) / 100));

/** The server's event-loop utilization while the flow ran alone at concurrency 1 (NaN: unknown). */
export function aloneElu(obs: Observations, flow: string): number {
  const alone = obs.experiments.find((e) => e.kind === 'alone' && e.flow === flow);
  return alone?.server?.elu ?? Number.NaN;
}

/** Share of the flow's alone run the server spent collecting garbage (0: unknown). */
export function aloneGcShare(obs: Observations, flow: string): number {
  const w = obs.experiments.find((e) => e.kind === 'alone' && e.flow === flow)?.server;
  return w && w.gcTotalMs !== null && w.windowMs > 0 ? w.gcTotalMs / w.windowMs : 0;
}

/** Loop utilization above which a flow alone was working, not waiting (a slow call idles it: ~0.05). */
export const WAITING_MAX_ELU = 0.3;

/** Slow alone because the collector kept stopping it: that is memory pressure, not this endpoint. */
export const GC_EXPLAINS = 0.1;
