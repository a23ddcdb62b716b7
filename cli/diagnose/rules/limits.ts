// Causes that are limits met, read from status codes and connection errors rather than timing: a
// limiter or shedder answering fast 429/503 beyond a rate or a concurrency, a circuit breaker open
// after a burst of failures, and a cap on connections. The first two are protections doing their job.
import { REJECTING_SHARE, droppedConnections, rejectingShare } from '../limit-watch.js';
import type { EndpointObservation, ExperimentObservation, Finding, Observations, RejectionSample } from '../types.js';
import { note, type Evidence, type ProxyClue } from '../evidence.js';
import type { ConnectionCap, Rejecter, ShedLimit } from '../reasons.js';
import { clamp01, ladder, median, serviceTime } from '../signals.js';

export const FIX = {
  shedding: 'A protection doing its job: the limiter turns away what the server would not finish in time. The remedy is capacity (make the endpoint cheaper, add instances) or, when the server has headroom, a higher limit, not removing the limiter; clients should honour Retry-After and back off.',
  'circuit-open': 'A protection doing its job: the breaker stops calls to a failing dependency. Fix what tripped it (the dependency failing under this load: its capacity, its pool, its timeouts) and size the breaker\'s threshold and open period for the load; clients should back off on 503.',
  'connection-limit': 'Raise the connection limit (max connections, worker connections, the listen backlog) to the clients expected, or put a proxy that pools connections in front; clients should reuse a few keep-alive connections.',
} as const;

/** A shed answer costs next to nothing: under this share of an accepted one's time (or 2 ms), it was turned away before any work. */
const FAST_SHARE = 0.5;

const accepted = (e: EndpointObservation) => Math.max(0, e.rps * (1 - rejectingShare(e)));

/** Who rejects: a proxy in front (its own Server, a Via on answers only, an HTML page) or the app. */
function whoRejects(s: RejectionSample | null): { from: Rejecter; lines: Evidence[] } {
  if (!s || s.rejected.length === 0) return { from: 'unknown', lines: [] };
  const r = s.rejected[0];
  const a = s.accepted[0];
  const lines: Evidence[] = [];
  const clues: ProxyClue[] = [];
  const mediaType = (t: string) => t.split(';')[0] ?? t;
  if (r && a && r.server !== a.server) clues.push({ kind: 'server', rejected: r.server, answered: a.server });
  if (r && a && a.via !== null && r.via === null) clues.push({ kind: 'via', via: a.via });
  if (r && a && r.contentType && a.contentType && mediaType(r.contentType) !== mediaType(a.contentType)) clues.push({ kind: 'content-type', rejected: mediaType(r.contentType), answered: mediaType(a.contentType) });
  if (r && !a && /<html/i.test(r.body)) clues.push({ kind: 'html' });
  const retry = s.rejected.find((x) => x.retryAfter !== null);
  lines.push({
    kind: 'rejections', rejected: s.rejected.length, sent: s.sent, statuses: [...new Set(s.rejected.map((x) => x.status))],
    rejectedMs: median(s.rejected.map((x) => x.ms)), acceptedMs: a ? median(s.accepted.map((x) => x.ms)) : null,
    retryAfter: retry?.retryAfter ?? null, body: r?.body.slice(0, 60) ?? '',
  });
  if (clues.length > 0) lines.push({ kind: 'proxy', clues });
  return { from: clues.length > 0 ? 'proxy' : a ? 'app' : 'unknown', lines };
}

/** Shedding's confidence lost when the rejections outlived the load (a breaker open): below circuit-open. */
const OUTLIVED_BY_OPEN = 0.2;

interface Level { exp: ExperimentObservation; share: number; acceptedRps: number; endpoint: EndpointObservation }

export function shedding(obs: Observations): Finding[] {
  const rejecting = obs.experiments.flatMap((exp) => exp.endpoints.filter((e) => rejectingShare(e) >= REJECTING_SHARE / 2).map((e) => ({ exp, e })));
  const shedSetups = obs.unrun.filter((u) => u.status === 'failed' && (u.httpStatus === 429 || u.httpStatus === 503));
  if (rejecting.length === 0 && shedSetups.length === 0) return [];
  const names = [...new Set(rejecting.map((r) => r.e.name))];
  // Per endpoint, its ladder: a lone connection shed means a rate limit (a concurrency limit of at least 1 never sheds it).
  const levels: Level[] = obs.flows.filter((f) => f.requests.some((r) => names.includes(r))).flatMap((f) => ladder(obs, f.label))
    .flatMap((exp) => exp.endpoints.filter((e) => names.includes(e.name) && e.attempted > 0).map((e) => ({ exp, share: rejectingShare(e), acceptedRps: accepted(e), endpoint: e })));
  const alone = levels.filter((l) => l.exp.connections === 1);
  const byRate = alone.some((l) => l.share >= REJECTING_SHARE / 2) || (rejecting.length === 0 && shedSetups.length > 0);
  const shedLevels = levels.filter((l) => l.share >= REJECTING_SHARE / 2);
  const cleanLevels = levels.filter((l) => l.share === 0);
  const evidence: Evidence[] = [];
  let limit: ShedLimit;
  if (byRate) {
    // The overall accepted rate across the experiments that were rejecting: the limiter's rate.
    const rates = obs.experiments.filter((e) => rejectingShare(e.overall) >= REJECTING_SHARE / 2).map((e) => accepted(e.overall));
    const rate = rates.length > 0 ? median(rates) : null;
    limit = { by: 'rate', rps: rate };
    evidence.push({ kind: 'shed-alone', endpoints: alone.filter((l) => l.share > 0).map((l) => ({ name: l.endpoint.name, share: l.share, rps: l.endpoint.rps })) });
    if (rate !== null) evidence.push({ kind: 'shed-rate', rps: rate, experiments: rates.length });
  } else {
    const first = [...shedLevels].sort((a, b) => a.exp.connections - b.exp.connections)[0];
    const highestClean = cleanLevels.filter((l) => !first || l.exp.connections < first.exp.connections).sort((a, b) => b.exp.connections - a.exp.connections)[0];
    // Little's law: accepted throughput x service time = requests in service at once, the cap.
    const inService = shedLevels.map((l) => l.acceptedRps * ((serviceTime(obs, l.endpoint.name) ?? 0) / 1000)).filter((v) => v > 0);
    const little = inService.length > 0 ? Math.max(1, Math.round(median(inService))) : null;
    // Requests sent at once: the ones served are the cap, counted directly (Little's law leans on
    // service times a busy machine inflates).
    const burst = obs.rejections && obs.rejections.rejected.length > 0 && obs.rejections.accepted.length > 0 ? obs.rejections.accepted.length : null;
    const n = burst ?? little;
    limit = n !== null ? { by: 'concurrency', concurrent: n, approx: true } : { by: 'concurrency', concurrent: highestClean?.exp.connections ?? 1, approx: false };
    evidence.push({ kind: 'shed-levels', cleanAt: highestClean ? highestClean.exp.connections : null, levels: shedLevels.map((l) => ({ name: l.endpoint.name, share: l.share, connections: l.exp.connections })) });
    if (burst !== null) evidence.push({ kind: 'burst-served', sent: obs.rejections?.sent ?? 0, served: burst });
    if (little !== null) evidence.push({ kind: 'little-cap', acceptedRps: median(shedLevels.map((l) => l.acceptedRps)), inService: little });
  }
  for (const u of shedSetups.slice(0, 2)) evidence.push({ kind: 'setup-shed', experiment: u.id, status: u.httpStatus });
  const who = whoRejects(obs.rejections);
  evidence.push(...who.lines);
  const s = obs.rejections;
  const fast = s !== null && s.rejected.length > 0 && median(s.rejected.map((x) => x.ms)) <= Math.max(2, FAST_SHARE * (s.accepted.length > 0 ? median(s.accepted.map((x) => x.ms)) : Infinity));
  if (fast) evidence.push(note('the rejections are fast: turned away before any work, as a limiter does'));
  // Rejections that outlived the load, a lone request failing for a while: a breaker's open state,
  // which explains the 503s better than a limit on load does.
  const open = circuitOpen(obs).length > 0;
  if (open) evidence.push(note('but a lone request kept failing after the load (circuit-open): most of these rejections are the breaker\'s open state'));
  const confidence = 0.7 + (fast ? 0.1 : 0) + (who.from !== 'unknown' ? 0.05 : 0) + (shedLevels.length >= 2 || byRate ? 0.05 : 0) - (open ? OUTLIVED_BY_OPEN : 0);
  return [{
    cause: 'shedding',
    endpoints: names.length > 0 ? names : shedSetups.map((u) => u.id),
    confidence: clamp01(confidence),
    confidenceReason: { kind: 'shed', from: who.from, limit },
    evidence,
    fix: FIX.shedding,
    measured: { kind: 'sheds', from: who.from, limit },
  }];
}

/** Failed for at least this long one request at a time after the load: not a limit on load, a state. */
const OPEN_MIN_MS = 200;

export function circuitOpen(obs: Observations): Finding[] {
  const t = obs.recovery;
  if (!t || t.steps.length < 3) return [];
  const failed = (st: number) => st === 0 || st === 503 || st === 502 || st === 504 || st === 500;
  const firstOk = t.steps.findIndex((s) => !failed(s.status) && s.status !== 429);
  const leading = firstOk === -1 ? t.steps : t.steps.slice(0, firstOk);
  if (leading.length < 2) return [];
  const openMs = (firstOk === -1 ? (t.steps[t.steps.length - 1]?.at ?? 0) : (t.steps[firstOk]?.at ?? 0)) - (t.steps[0]?.at ?? 0);
  if (openMs < OPEN_MIN_MS || leading.some((s) => s.status === 429)) return [];
  const fastMs = median(leading.map((s) => s.ms));
  const after = firstOk === -1 ? [] : t.steps.slice(firstOk);
  const burst = obs.experiments.filter((e) => e.overall.status5xx > 0).sort((a, b) => b.overall.status5xx - a.overall.status5xx)[0];
  const evidence: Evidence[] = [
    ...(burst ? [{ kind: 'burst-5xx' as const, experiment: burst.id, connections: burst.connections, share: burst.overall.status5xx / Math.max(1, burst.overall.attempted) }] : []),
    { kind: 'recovery-failed', intervalMs: t.intervalMs, failed: leading.length, statuses: [...new Set(leading.map((s) => s.status))], eachMs: fastMs, forMs: openMs, recovered: firstOk !== -1 },
    ...(after.length > 0 ? [{ kind: 'recovered' as const, answered: after.length, ms: median(after.map((s) => s.ms)) }] : []),
    note('a shedder or a limiter would have served a lone request at once: this failure outlived the load, a breaker\'s open state'),
  ];
  return [{
    cause: 'circuit-open',
    endpoints: [t.endpoint],
    confidence: clamp01(0.7 + (after.length > 0 ? 0.15 : 0) + (fastMs < 5 ? 0.05 : 0)),
    confidenceReason: { kind: 'circuit', openMs, recovered: after.length > 0 },
    evidence,
    fix: FIX['circuit-open'],
    measured: { kind: 'open', ms: openMs },
  }];
}

export function connectionLimit(obs: Observations): Finding[] {
  const dropping = obs.experiments.flatMap((exp) => exp.endpoints.filter(droppedConnections).map((e) => ({ exp, e })));
  if (dropping.length === 0) return [];
  const p = obs.connectionProbe;
  const lowest = [...dropping].sort((a, b) => a.exp.connections - b.exp.connections)[0];
  const clean = obs.experiments.filter((x) => x.overall.refused + x.overall.reset === 0 && x.overall.attempted > 0).sort((a, b) => b.connections - a.connections)[0];
  // Counted on the target's side when it runs here (the tracer's connections count too), else ours.
  const limitN = p?.firstFailure != null ? Math.max(p.firstFailure - 1, p.openAtFailure ?? 0) : null;
  const evidence: Evidence[] = [
    { kind: 'dropped', at: dropping.slice(0, 3).map(({ exp, e }) => ({ name: e.name, connections: exp.connections, refused: e.refused, reset: e.reset, attempted: e.attempted })) },
    ...(clean ? [{ kind: 'none-dropped' as const, connections: clean.connections }] : []),
    ...(p ? [{ kind: 'connection-probe' as const, served: p.served, firstFailure: p.firstFailure, failureKinds: Object.keys(p.failureKinds), openAtFailure: p.openAtFailure }] : []),
  ];
  // `dropping` is not empty: its lowest run is there.
  const cap: ConnectionCap = limitN !== null ? { exact: limitN } : { between: clean?.connections ?? 1, and: lowest?.exp.connections ?? 0 };
  return [{
    cause: 'connection-limit',
    endpoints: [...new Set(dropping.map((d) => d.e.name))],
    confidence: clamp01(0.7 + (limitN !== null ? 0.15 : 0)),
    confidenceReason: { kind: 'connections', cap },
    evidence,
    fix: FIX['connection-limit'],
    measured: { kind: 'takes', cap },
  }];
}
