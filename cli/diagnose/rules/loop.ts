// Causes that hold the event loop: CPU work on it (a sync hash) or a table scan in synchronous
// SQLite (a missing index). Every request waits behind them, even /health, unlike a slow call
// elsewhere (rules/downstream.ts), which stalls only its own caller.
import type { Finding, Observations } from '../types.js';
import type { Evidence } from '../evidence.js';
import { reason } from '../reasons.js';
import {
  GC_EXPLAINS, aloneElu, aloneGcShare, clamp01, mixOf, probe, requestInfo, scaling, scalingOf, serviceTime, slowAlone,
  slowdown, top,
} from '../signals.js';
import type { Reason } from '../reasons.js';

const withDbSpan = (r: Reason, ms: number | undefined): Reason => (ms === undefined ? r : { kind: 'db-span', reason: r, ms });

export const FIX = {
  'event-loop-blocked': 'Move the CPU work off the thread that serves requests (an async API, a worker thread or a process pool) and cap how many run at once with an admission limit that answers 503 + Retry-After beyond it.',
  'missing-index': 'Add the missing index for the lookup this endpoint makes (the query plan should show an index search, not a full scan), and prune historical rows.',
} as const;

/**
 * Event-loop utilization from which a stall counts as the loop's doing. Long synchronous tasks
 * (a 25 ms scan) stall /health well before the loop is saturated; a loop idle half the time or
 * more while /health waited was not holding it (the process was starved of CPU).
 */
const LOOP_BUSY_ELU = 0.5;
/** Share of the process's CPU on its main thread below which its loop was not what held requests. */
const MAIN_SHARE = 0.5;

/** Server-side lines that agree (or not) with a blocked loop during `exp`. */
function loopServerEvidence(server: { elu: number | null; eventLoopLagP99Ms: number | null } | null): { lines: Evidence[]; agrees: boolean } {
  if (!server) return { lines: [], agrees: false };
  const lines: Evidence[] = [];
  let agrees = false;
  if (server.elu !== null) {
    lines.push({ kind: 'server-elu', elu: server.elu });
    if (server.elu >= 0.85) agrees = true;
  }
  if (server.eventLoopLagP99Ms !== null) {
    lines.push({ kind: 'loop-delay', p99Ms: server.eventLoopLagP99Ms });
    if (server.eventLoopLagP99Ms >= 50) agrees = true;
  }
  return { lines, agrees };
}

/**
 * Every flow whose load stalls /health, with the flow's slow-alone endpoint if it has one. When the
 * server reports its event-loop utilization, a stall with the loop mostly idle is not the loop's
 * doing (the process was starved of CPU, or waited on something else) and does not count.
 * Without a sweep (a small budget) the mix stands in: the flow holding the most expensive request
 * is the suspect, and the finding is weaker (`viaMix`).
 */
function blockingFlows(obs: Observations) {
  const outliers = slowAlone(obs);
  const mix = mixOf(obs);
  const mixHealth = slowdown(obs, mix, 'health');
  const priciest = [...obs.requests].sort((a, b) => (serviceTime(obs, b.name) ?? 0) - (serviceTime(obs, a.name) ?? 0))[0]?.name;
  return obs.flows.flatMap((flow) => {
    const swept = top(obs, flow.label);
    const outlier = outliers.find((o) => flow.requests.includes(o.name));
    const viaMix = swept === undefined;
    const exp = swept ?? mix;
    const health = viaMix ? mixHealth : slowdown(obs, exp, 'health');
    if (!exp || !health?.slowed) return [];
    if (viaMix && !outlier && (priciest === undefined || !flow.requests.includes(priciest))) return [];
    if (exp.server?.elu != null && exp.server.elu < LOOP_BUSY_ELU) return [];
    // Seen in /proc (the target runs here): work that holds the loop runs on the main thread; when
    // most of the process's CPU ran on other threads, /health waited for a CPU, not for the loop.
    const c = exp.serverCpu;
    if (c && c.cpu >= 0.05 && c.mainRun < MAIN_SHARE * c.cpu) return [];
    return [{ flow, exp, health, outlier, viaMix }];
  });
}

function mixLine(obs: Observations): Evidence | null {
  const mix = mixOf(obs);
  const h = slowdown(obs, mix, 'health');
  return h?.slowed ? { kind: 'health-stall', under: null, loadedP50: h.loadedP50, idleP50: h.idleP50, reading: 'seen' } : null;
}

function prePhase(obs: Observations, flow: string): Evidence | null {
  const p = probe(top(obs, flow)?.probes ?? [], 'health');
  if (!p || p.serverP50 === null) return null;
  return { kind: 'health-pre-handler', handlerP50: p.serverP50, ttfbP50: p.ttfbP50 };
}

/** A request that blocks the loop holds it for its whole service time: a cheap one cannot stall /health. */
const BLOCKING_MIN_MS = 5;

export function eventLoopBlocked(obs: Observations): Finding[] {
  return blockingFlows(obs).filter((b) => !b.outlier).flatMap(({ flow, exp, health, viaMix }) => {
    // The culprit is the flow's most expensive request (its service time alone).
    const culprit = [...flow.requests].sort((a, b) => (serviceTime(obs, b) ?? 0) - (serviceTime(obs, a) ?? 0))[0] ?? flow.label;
    if ((serviceTime(obs, culprit) ?? 0) < BLOCKING_MIN_MS) return [];
    // Alone, the culprit's flow left the loop mostly idle: its time is spent elsewhere (a threadpool,
    // a wait), so whatever stalled /health under load was not this flow holding the loop.
    if (aloneElu(obs, flow.label) < 0.5) return [];
    const info = requestInfo(obs, culprit);
    const s = scaling(obs, flow.label, culprit);
    const server = loopServerEvidence(exp.server);
    const pre = prePhase(obs, flow.label);
    const evidence: Evidence[] = [
      viaMix
        ? { kind: 'health-stall-priciest', loadedP50: health.loadedP50, idleP50: health.idleP50, endpoint: culprit, serviceMs: serviceTime(obs, culprit) ?? 0 }
        : { kind: 'health-stall', under: { flow: flow.label, connections: exp.connections }, loadedP50: health.loadedP50, idleP50: health.idleP50, reading: 'every-request-waits' },
      ...(s && s.speedup < 1.4 ? [{ kind: 'scaling' as const, ...scalingOf(culprit, s), reading: 'one-at-a-time' as const }] : []),
      ...[mixLine(obs), pre].filter((x): x is Evidence => x !== null),
      ...server.lines,
    ];
    let confidence = (viaMix ? 0.45 : 0.6) + (mixLine(obs) ? 0.05 : 0) + (s && s.speedup < 1.4 ? 0.1 : 0) + (pre ? 0.05 : 0);
    if (server.agrees) confidence += 0.15;
    const why = server.agrees
      ? 'the server reports a busy event loop while /health stalls'
      : obs.mode === 'client-only'
        ? 'client-only: /health stalls under this load; no server metrics to confirm'
        : 'the server\'s loop metrics did not confirm it';
    return [{
      cause: 'event-loop-blocked' as const,
      endpoints: [culprit],
      confidence: clamp01(confidence),
      confidenceReason: reason(why + (info?.sendsPassword ? '; the culprit hashes a password' : '')),
      evidence,
      fix: FIX['event-loop-blocked'],
    }];
  });
}

export function missingIndex(obs: Observations): Finding[] {
  return blockingFlows(obs).flatMap(({ flow, exp, health, outlier, viaMix }) => {
    if (!outlier || aloneGcShare(obs, flow.label) >= GC_EXPLAINS) return [];
    const server = loopServerEvidence(exp.server);
    const mix = mixOf(obs);
    const others = (mix?.endpoints ?? []).filter((e) => e.attempted > 0 && e.name !== outlier.name);
    const slowedInMix = others.filter((e) => {
      const alone = serviceTime(obs, e.name);
      return alone !== undefined && e.latency.p50 >= Math.max(5, 3 * alone);
    });
    const evidence: Evidence[] = [
      { kind: 'slow-alone', endpoint: outlier.name, serviceMs: outlier.serviceMs, peersMs: outlier.peersMs },
      { kind: 'health-stall', under: viaMix ? null : { flow: flow.label, connections: exp.connections }, loadedP50: health.loadedP50, idleP50: health.idleP50, reading: 'sync-query' },
      ...(slowedInMix.length > 0 ? [{ kind: 'slowed-in-mix' as const, endpoints: slowedInMix.map((e) => e.name), while: outlier.name }] : []),
      ...server.lines,
    ];
    const dbSpan = probe(exp.probes, 'auth-read')?.spans.db;
    const confidence = (viaMix ? 0.5 : 0.65) + (slowedInMix.length > 0 ? 0.05 : 0) + (server.agrees ? 0.15 : 0);
    return [{
      cause: 'missing-index' as const,
      endpoints: [outlier.name],
      confidence: clamp01(confidence),
      confidenceReason: withDbSpan(reason(server.agrees ? 'the server reports a busy event loop' : obs.mode === 'client-only'
        ? 'client-only: one non-hashing endpoint is slow alone and stalls the loop; a scan is the usual reason, CPU work of another kind looks the same from outside'
        : 'server metrics did not confirm a busy loop'), dbSpan),
      evidence,
      fix: FIX['missing-index'],
    }];
  });
}
