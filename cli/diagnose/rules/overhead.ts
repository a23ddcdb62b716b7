// Causes that add cost everywhere rather than queueing: garbage collection under a full heap (rare
// long pauses on every endpoint, medians fine) and middleware doing expensive work before auth can
// reject a request (a constant extra on every authenticated route, visible even idle).
import { judgeNoise } from '../verdict.js';
import type { Finding, ExperimentObservation, Observations } from '../types.js';
import type { Evidence } from '../evidence.js';
import { reason, type Reason } from '../reasons.js';
import { clamp01, mixOf, probe, slowdown } from '../signals.js';

export const FIX = {
  'memory-pressure': 'Bound what stays in memory per request (an LRU with a size limit instead of an unbounded cache), give the process heap headroom, and watch its GC pauses.',
  'middleware-order': 'Run authentication first and reject bad tokens before logging/metrics middleware parses bodies or touches the database; look the user up once per request and pass it down.',
} as const;

/** A pause is a spike when it is >= 50 ms and >= 10x the median of the same requests. */
const SPIKE_MIN_MS = 50;
/** Major collections per second that only a heap kept near full produces. */
const MAJOR_GC_RATE = 2;
/** Mean collection pause that only a crowded heap produces (scavenges take 1-5 ms). */
const MEAN_PAUSE_MS = 15;
/** GC taking this share of the time means every request waits on it, medians included. */
const HEAVY_GC_SHARE = 0.12;
const SPIKE_RATIO = 10;
/** /health's median under which its long stalls are spikes, not a slow loop (ms). */
const SPIKE_MEDIAN_MS = 10;

function spiky(p50: number, max: number): boolean {
  return max >= SPIKE_MIN_MS && max >= SPIKE_RATIO * Math.max(p50, 0.5);
}

/** Experiments whose /health probe had rare long stalls while its median stayed fine. */
function healthSpikes(obs: Observations): ExperimentObservation[] {
  return obs.experiments.filter((e) => {
    const h = probe(e.probes, 'health');
    return h !== undefined && h.total.p50 < SPIKE_MEDIAN_MS && spiky(h.total.p50, h.total.max);
  });
}

export function memoryPressure(obs: Observations): Finding[] {
  const mix = mixOf(obs);
  const loop = slowdown(obs, mix, 'health');
  const endpoints = (mix?.endpoints ?? []).filter((e) => e.attempted > 0);
  const spikyEndpoints = endpoints.filter((e) => e.latency.p50 < 50 && spiky(e.latency.p50, e.latency.max));
  const spikes = healthSpikes(obs);
  const allSlow = endpoints.length > 0 && spikyEndpoints.length >= Math.max(2, Math.ceil(endpoints.length * 0.6));
  // Server side: GC pauses, GC time and a heap near its limit over every window scraped.
  const windows = obs.experiments.map((e) => e.server).filter((s) => s !== null);
  const longGcs = windows.reduce((n, s) => n + (s.gcLongCount ?? 0), 0);
  const gcMs = windows.reduce((n, s) => n + (s.gcTotalMs ?? 0), 0);
  const windowMs = windows.reduce((n, s) => n + s.windowMs, 0);
  const gcShare = windowMs > 0 ? gcMs / windowMs : 0;
  const heap = windows.map((s) => (s.heapUsedBytes !== null && s.heapLimitBytes ? s.heapUsedBytes / s.heapLimitBytes : 0));
  const heapFull = Math.max(0, ...heap);
  const gcCount = windows.reduce((n, s) => n + (s.gcCount ?? 0), 0);
  const meanPause = gcCount > 0 ? gcMs / gcCount : 0;
  // One or two 100 ms pauses happen when a busy machine deschedules a process mid-collection; a
  // healthy server's collections are mostly scavenges of a few ms, a crowded heap's are not.
  const majors = windows.reduce((n, s) => n + (s.gcMajorCount ?? 0), 0);
  const majorRate = windowMs > 0 ? majors / (windowMs / 1000) : 0;
  // A healthy server runs a mark-compact now and then (well under one a second); a full heap, many.
  const strong = longGcs >= 3 || gcShare >= 0.1 || heapFull >= 0.85 || majorRate >= MAJOR_GC_RATE;
  const serverAgrees = strong || (meanPause >= MEAN_PAUSE_MS && gcShare >= 0.04);
  // So much collecting that every request waits, not only the unlucky ones: medians suffer too.
  const gcBound = gcShare >= HEAVY_GC_SHARE || longGcs >= 5;
  // A loop stalled through the mix is another cause, unless the server says it is collecting.
  if (loop?.slowed && !serverAgrees) return [];
  const mixSlow = mix !== undefined && (mix.targetsMissed.length > 0 || (loop?.loadedP50 ?? 0) >= SPIKE_MIN_MS);
  // A busy machine stalls any process now and then: with GC metrics at hand, stalls need their
  // agreement; without, they must show on most endpoints of the mix and in several experiments.
  const longTails = endpoints.filter((e) => e.latency.max >= SPIKE_MIN_MS).length >= Math.max(2, Math.ceil(endpoints.length * 0.6));
  const clientSees = windows.length > 0
    ? allSlow || spikes.length >= 1 || mixSlow || (strong && longTails)
    : allSlow && spikes.length >= 2;
  // Several major collections a second are a full heap's signature even before the client feels
  // the pauses (on a quiet machine they stay short at first): reported, with less confidence.
  const latent = !clientSees && windows.length > 0 && majorRate >= MAJOR_GC_RATE;
  if ((!clientSees && !latent) || (windows.length > 0 && !serverAgrees)) return [];
  // Client-only on a busy machine: a process descheduled now and then stalls exactly so, and a second
  // run stalls again; without the server's GC to say otherwise, the machine explains them.
  if (windows.length === 0 && judgeNoise(obs).noisy) return [];
  const evidence: Evidence[] = [
    ...(spikyEndpoints.length > 0 ? [{ kind: 'stalls' as const, endpoints: spikyEndpoints.map((e) => ({ name: e.name, p50: e.latency.p50, max: e.latency.max })), of: endpoints.length }] : []),
    ...(spikes.length > 0 ? [{ kind: 'health-spikes' as const, maxMs: Math.max(...spikes.map((e) => probe(e.probes, 'health')?.total.max ?? 0)), experiments: spikes.length, medianUnderMs: SPIKE_MEDIAN_MS }] : []),
    ...(windows.length > 0 ? [{ kind: 'gc' as const, longPauses: longGcs, majors, majorRate, collections: gcCount, meanPauseMs: meanPause, share: gcShare, heapFull }] : []),
    ...(mixSlow && !allSlow ? [{ kind: 'gc-medians' as const, healthP50: loop?.loadedP50 ?? 0, targetsMissed: (mix?.targetsMissed ?? []).slice(0, 3) }] : []),
  ];
  const confidence = latent
    ? 0.5 + (gcBound ? 0.1 : 0)
    : 0.45 + (allSlow ? 0.1 : 0) + (spikes.length >= 2 ? 0.1 : 0) + (strong ? 0.25 : serverAgrees ? 0.1 : 0) + (gcBound ? 0.15 : 0);
  return [{
    cause: 'memory-pressure',
    endpoints: spikyEndpoints.length > 0 ? spikyEndpoints.map((e) => e.name) : endpoints.length > 0 ? endpoints.map((e) => e.name) : ['every endpoint'],
    confidence: clamp01(confidence),
    confidenceReason: latent
      ? { kind: 'gc-latent', majorRate }
      : strong
      ? reason('the server reports frequent major collections, long GC pauses or a heap near its limit')
      : serverAgrees
        ? { kind: 'gc-mean-pause', ms: meanPause }
        : reason(obs.mode === 'client-only'
          ? 'client-only: rare stalls on every endpoint with fast medians; GC is the usual reason but cannot be seen from outside'
          : 'stalls seen by the client, but the server\'s GC metrics did not confirm them'),
    evidence,
    fix: FIX['memory-pressure'],
  }];
}

/** An invalid token should be turned away in about the time /health takes; this much more is work before auth. */
const PRE_AUTH_MIN_MS = 0.5;
/**
 * The same on the server's own clock, which needs no margin for the client's jitter: a healthy
 * stack turns a bad token away in tens of microseconds, so a quarter of a millisecond is work. At
 * the client's 0.5 ms, a pre-auth fault costing 0.5-0.6 ms sat on the line and flapped between runs.
 */
const PRE_AUTH_SERVER_MIN_MS = 0.25;

export function middlewareOrder(obs: Observations): Finding[] {
  const health = probe(obs.idleProbes, 'health');
  const valid = probe(obs.idleProbes, 'auth-read');
  const invalid = probe(obs.idleProbes, 'invalid-token');
  if (!health || !valid || !invalid) return [];
  // Floors, not medians: on a busy machine noise only adds, and the three probes ran interleaved.
  const extraInvalid = invalid.floor - health.floor;
  const extraValid = valid.floor - health.floor;
  // With Server-Timing, the server's own account decides: a rejected request it spent (almost)
  // nothing on is fast however the client's clock saw it, and one it worked on is not.
  // Floors again: a GC pause inside some requests inflates their spans, not the cheapest ones.
  const serverSaysWork = invalid.serverFloor !== null && valid.serverFloor !== null
    ? invalid.serverFloor >= PRE_AUTH_SERVER_MIN_MS && invalid.serverFloor >= 0.5 * valid.serverFloor
    : null;
  if (serverSaysWork === false) return [];
  // The idle probes' own jitter (median over floor) bounds what the client's clock can tell apart: on
  // a busy machine a fraction of a millisecond between two probes is noise.
  const jitter = Math.max(0, health.total.p50 - health.floor);
  const clientSees = extraInvalid >= Math.max(PRE_AUTH_MIN_MS, 2 * jitter) && extraInvalid >= 0.5 * extraValid;
  // With the server's word, the client need only see half of the work it reports (no jitter margin).
  if (!clientSees && !(serverSaysWork && extraInvalid >= 0.5 * (invalid.serverFloor ?? 0))) return [];
  const dbBeforeAuth = (invalid.spans.db ?? 0) > 0 || (invalid.spans.session ?? 0) > 0;
  const authed = obs.requests.filter((r) => r.authenticated && !r.sendsPassword).map((r) => r.name);
  const evidence: Evidence[] = [
    { kind: 'pre-auth', invalidMs: invalid.floor, validMs: valid.floor, healthMs: health.floor, extraMs: extraInvalid },
    ...(Object.keys(invalid.spans).length > 0 ? [{ kind: 'server-timing' as const, request: 'rejected' as const, spans: invalid.spans }] : []),
    ...(Object.keys(valid.spans).length > 0 ? [{ kind: 'server-timing' as const, request: 'valid' as const, spans: valid.spans }] : []),
  ];
  const why: Reason = serverSaysWork
    ? { kind: 'pre-auth-work', ms: invalid.serverFloor ?? 0, database: dbBeforeAuth }
    : reason('a rejected request costs as much as an accepted one' + (obs.mode === 'client-only' ? ' (client-only: timing alone)' : ''));
  const confidence = 0.55 + (clientSees && extraInvalid >= 0.8 * extraValid ? 0.1 : 0) + (serverSaysWork ? 0.2 : 0) + (dbBeforeAuth ? 0.1 : 0);
  return [{
    cause: 'middleware-order',
    endpoints: authed.length > 0 ? authed : [valid.path],
    confidence: clamp01(confidence),
    confidenceReason: why,
    evidence,
    fix: FIX['middleware-order'],
  }];
}
