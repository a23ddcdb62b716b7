// Causes that are limits met, read from status codes and connection errors rather than timing: a
// limiter or shedder answering fast 429/503 beyond a rate or a concurrency, a circuit breaker open
// after a burst of failures, and a cap on connections. The first two are protections doing their job.
import { REJECTING_SHARE, droppedConnections, rejectingShare } from '../limit-watch.js';
import type { EndpointObservation, ExperimentObservation, Finding, Observations, RejectionSample } from '../types.js';
import { formatMs as ms, formatPercent as pct } from '../../core/format.js';
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
function whoRejects(s: RejectionSample | null): { from: 'proxy' | 'app' | 'unknown'; lines: string[] } {
  if (!s || s.rejected.length === 0) return { from: 'unknown', lines: [] };
  const r = s.rejected[0];
  const a = s.accepted[0];
  const lines: string[] = [];
  const clues: string[] = [];
  if (r && a && r.server !== a.server) clues.push(`rejections carry Server: ${r.server ?? '(none)'}, answers ${a.server ?? '(none)'}`);
  if (r && a && a.via !== null && r.via === null) clues.push(`answers came through a proxy (Via: ${a.via}), rejections did not`);
  if (r && a && r.contentType && a.contentType && r.contentType.split(';')[0] !== a.contentType.split(';')[0]) clues.push(`rejections are ${r.contentType.split(';')[0]}, answers ${a.contentType.split(';')[0]}`);
  if (r && !a && /<html/i.test(r.body)) clues.push('rejections are an HTML page');
  const retry = s.rejected.filter((x) => x.retryAfter !== null);
  lines.push(`${s.rejected.length} of ${s.sent} requests sent at once were rejected (${[...new Set(s.rejected.map((x) => x.status))].join('/')}), in ${ms(median(s.rejected.map((x) => x.ms)))} (median)${a ? ` while answers took ${ms(median(s.accepted.map((x) => x.ms)))}` : ''}; ${retry.length > 0 ? `Retry-After: ${retry[0]?.retryAfter}` : 'no Retry-After'}; body "${r?.body.slice(0, 60) ?? ''}"`);
  if (clues.length > 0) lines.push(`from a proxy in front of the app: ${clues.join('; ')}`);
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
  const evidence: string[] = [];
  let limit: string;
  if (byRate) {
    // The overall accepted rate across the experiments that were rejecting: the limiter's rate.
    const rates = obs.experiments.filter((e) => rejectingShare(e.overall) >= REJECTING_SHARE / 2).map((e) => accepted(e.overall));
    const rate = rates.length > 0 ? median(rates) : null;
    limit = rate !== null ? `above ~${rate.toFixed(0)} req/s` : 'above some request rate';
    evidence.push(`even one connection at a time was turned away (${alone.filter((l) => l.share > 0).map((l) => `${l.endpoint.name} ${pct(l.share)} rejected at ${l.endpoint.rps.toFixed(0)} req/s`).join('; ') || 'its setup requests'}): a limit on the request rate, not on concurrency`);
    if (rate !== null) evidence.push(`accepted throughput stayed at ~${rate.toFixed(0)} req/s (median over ${rates.length} experiments) whatever was sent`);
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
    limit = n !== null ? `above ~${n} concurrent` : `above ${highestClean?.exp.connections ?? 1} concurrent`;
    evidence.push(`${highestClean ? `none shed at ${highestClean.exp.connections} connection${highestClean.exp.connections === 1 ? '' : 's'}, ` : ''}${shedLevels.map((l) => `${l.endpoint.name} ${pct(l.share)} at ${l.exp.connections}`).join(', ')}: shed beyond a concurrency`);
    if (burst !== null) evidence.push(`of ${obs.rejections?.sent} requests sent at once, ${burst} were served`);
    if (little !== null) evidence.push(`Little's law: the accepted ${median(shedLevels.map((l) => l.acceptedRps)).toFixed(0)} req/s x their service time alone = ~${little} in service at once`);
  }
  for (const u of shedSetups.slice(0, 2)) evidence.push(`${u.id} could not start: its setup was answered ${u.httpStatus}`);
  const who = whoRejects(obs.rejections);
  evidence.push(...who.lines);
  const s = obs.rejections;
  const fast = s !== null && s.rejected.length > 0 && median(s.rejected.map((x) => x.ms)) <= Math.max(2, FAST_SHARE * (s.accepted.length > 0 ? median(s.accepted.map((x) => x.ms)) : Infinity));
  if (fast) evidence.push('the rejections are fast: turned away before any work, as a limiter does');
  // Rejections that outlived the load, a lone request failing for a while: a breaker's open state,
  // which explains the 503s better than a limit on load does.
  const open = circuitOpen(obs).length > 0;
  if (open) evidence.push('but a lone request kept failing after the load (circuit-open): most of these rejections are the breaker\'s open state');
  const confidence = 0.7 + (fast ? 0.1 : 0) + (who.from !== 'unknown' ? 0.05 : 0) + (shedLevels.length >= 2 || byRate ? 0.05 : 0) - (open ? OUTLIVED_BY_OPEN : 0);
  const where = who.from === 'proxy' ? 'a proxy in front of the app' : who.from === 'app' ? 'the app itself' : 'the target';
  return [{
    cause: 'shedding',
    endpoints: names.length > 0 ? names : shedSetups.map((u) => u.id),
    confidence: clamp01(confidence),
    confidenceReason: `fast 429/503 answers from ${where}, ${byRate ? 'shed by request rate' : 'shed by concurrency'} ${limit}`,
    evidence,
    fix: `${FIX.shedding} Measured: ${where} sheds ${limit}.`,
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
  const evidence = [
    ...(burst ? [`under ${burst.id} (${burst.connections} connections) ${pct(burst.overall.status5xx / Math.max(1, burst.overall.attempted))} of requests failed with 5xx`] : []),
    `right after it, one request at a time every ${t.intervalMs} ms: the first ${leading.length} all failed (${[...new Set(leading.map((s) => s.status || 'no answer'))].join('/')}) in ${ms(fastMs)} each, for ${ms(openMs)}${firstOk === -1 ? ', and still failing when the probe stopped' : ''}`,
    ...(after.length > 0 ? [`then it answered again (${after.length} in a row, ${ms(median(after.map((s) => s.ms)))}): a half-open trial succeeded and the breaker closed`] : []),
    'a shedder or a limiter would have served a lone request at once: this failure outlived the load, a breaker\'s open state',
  ];
  return [{
    cause: 'circuit-open',
    endpoints: [t.endpoint],
    confidence: clamp01(0.7 + (after.length > 0 ? 0.15 : 0) + (fastMs < 5 ? 0.05 : 0)),
    confidenceReason: after.length > 0
      ? `failed fast for ${ms(openMs)} even alone after a burst of failures, then recovered`
      : `failed fast even alone for ${ms(openMs)} after a burst of failures, not yet recovered (a long open period, or a dependency still down)`,
    evidence,
    fix: `${FIX['circuit-open']} Measured: open for ~${ms(openMs)} after the burst.`,
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
  const evidence = [
    `${dropping.slice(0, 3).map(({ exp, e }) => `${e.name} at ${exp.connections} connections: ${e.refused} refused, ${e.reset} reset of ${e.attempted}`).join('; ')}`,
    ...(clean ? [`none at ${clean.connections} connection${clean.connections === 1 ? '' : 's'}`] : []),
    ...(p ? [p.firstFailure !== null
      ? `connections opened one by one and held: ${p.served} were served, connection ${p.firstFailure} was ${Object.keys(p.failureKinds).join('/')}${p.openAtFailure !== null ? ` with ${p.openAtFailure} connections open to the target (from /proc/net/tcp, the probes' own included)` : ''}`
      : `connections opened one by one and held: all ${p.served} were served (the limit is above ${p.served}, or it is on accepting, not holding)`] : []),
  ];
  const limit = limitN !== null ? `~${limitN} connections` : `between ${clean?.connections ?? 1} and ${lowest?.exp.connections ?? '?'} connections`;
  return [{
    cause: 'connection-limit',
    endpoints: [...new Set(dropping.map((d) => d.e.name))],
    confidence: clamp01(0.7 + (limitN !== null ? 0.15 : 0)),
    confidenceReason: `connections refused or reset beyond ${limit}`,
    evidence,
    fix: `${FIX['connection-limit']} Measured: the target takes ${limit} at once.`,
  }];
}
