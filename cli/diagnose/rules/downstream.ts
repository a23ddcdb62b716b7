// A slow call elsewhere (a mail host, an API) on the request path: one endpoint slow even alone,
// while the event loop idles and other requests are unaffected; its waits overlap under load.
import type { Finding, Observations } from '../types.js';
import type { Evidence } from '../evidence.js';
import { reason } from '../reasons.js';
import {
  GC_EXPLAINS, WAITING_MAX_ELU, aloneElu, aloneGcShare, clamp01, endpointIn, flowOf, ladder, mixOf, scaling,
  scalingOf, slowAlone, slowdown, top,
} from '../signals.js';

export const FIX = {
  'slow-downstream': 'Take the downstream call off the request path: queue the work (an outbox table drained by a worker) and answer 202 at once; set a short timeout on the call.',
} as const;

export function slowDownstream(obs: Observations): Finding[] {
  return slowAlone(obs).flatMap((outlier) => {
    const flow = flowOf(obs, outlier.name);
    if (!flow) return [];
    const exp = top(obs, flow);
    const health = slowdown(obs, exp, 'health');
    // A blocked loop is the other family. Without a sweep, a loop stalled in the mix rules this out;
    // without any loaded /health probe we cannot tell, so say less.
    if (health?.slowed) return [];
    if (!exp && slowdown(obs, mixOf(obs), 'health')?.slowed) return [];
    // Alone, the loop was busy through the request: its time is CPU work (or collection), not a wait.
    // A request waiting on another host leaves the loop nearly idle (a sync scan keeps it half busy).
    if (aloneElu(obs, flow) >= WAITING_MAX_ELU || aloneGcShare(obs, flow) >= GC_EXPLAINS) return [];
    const s = scaling(obs, flow, outlier.name);
    // Much faster under load than alone: most answers skipped the slow path (a rate limit, a cache).
    const skipped = s !== null && s.to.latency.p50 < 0.5 * s.from.latency.p50;
    const scales = s !== null && !skipped && (s.latencyGrowth < 2 || s.speedup >= 0.5 * (s.toC / s.fromC));
    const busy = exp?.server?.elu ?? null;
    const evidence: Evidence[] = [
      { kind: 'slow-alone', endpoint: outlier.name, serviceMs: outlier.serviceMs, peersMs: outlier.peersMs },
      // A loaded /health probe means the sweep ran: `exp` is there.
      ...(health ? [{ kind: 'health-free' as const, flow, connections: exp?.connections ?? 0, loadedP50: health.loadedP50 }] : []),
      ...(s && scales ? [{ kind: 'scaling' as const, ...scalingOf(outlier.name, s), reading: 'overlap' as const }] : []),
      ...(s && skipped ? [{ kind: 'fast-path' as const, connections: s.toC, p50: s.to.latency.p50, status5xx: s.to.status5xx }] : []),
      ...(busy !== null ? [{ kind: 'server-elu' as const, elu: busy }] : []),
    ];
    let confidence = 0.5 + (health ? 0.1 : 0) + (scales ? 0.15 : 0);
    if (busy !== null && busy < 0.5) confidence += 0.1;
    const aloneLadder = ladder(obs, flow).length;
    return [{
      cause: 'slow-downstream' as const,
      endpoints: [outlier.name],
      confidence: clamp01(confidence),
      confidenceReason: reason((health ? 'slow alone with the loop free' : 'slow alone; no /health probe to prove the loop free')
        + (scales ? ', and it overlaps under concurrency' : skipped ? '; under load most answers took a fast path, so scaling is unknown' : aloneLadder < 2 ? ', scaling not measured' : ', but it did not scale with concurrency')
        + (endpointIn(exp, outlier.name)?.timeouts ? '; it timed out under load' : '')),
      evidence,
      fix: FIX['slow-downstream'],
    }];
  });
}
