// Closed model: a fixed number of virtual users, each on its own connection, sending its next request
// as soon as the previous one ends. autocannon drives the sockets; we record our own histograms.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { loopDelayP99Ms, loopDelayReason } from './open-validity.js';
import { createRequire } from 'node:module';
import type { ClosedLoad } from '../plan/types.js';
import type { RunValidity } from '../results/types.js';
import { flowSequence } from './mix.js';
import { ClientProbe, type AutocannonClient, type TaggedRequest } from './closed-client.js';
import { startProgress, type DriverContext, type DriverOutcome, type Phase } from './driver.js';

/**
 * autocannon's per-connection client, driven directly: autocannon's run loop around it would add
 * its own aggregation (a second latency histogram, status tallies, sampling timers) that is never
 * read here, at a cost on every request.
 */
const Client = createRequire(import.meta.url)('autocannon/lib/httpClient.js') as new (opts: object) => AutocannonClient;

/** The options autocannon's run loop would give each client, for our target and request cycle. */
function connectionOptions(
  ctx: DriverContext, requests: TaggedRequest[], setupClient: (c: AutocannonClient) => void, maxTimeoutMs: number,
): object {
  const t = ctx.target;
  return {
    protocol: t.protocol, hostname: t.hostname, port: t.port, host: new URL(t.origin).host,
    method: 'GET', path: '/', headers: {}, pipelining: 1, requests, setupClient,
    // Seconds; each request re-arms the client's timer with its own timeout (ClientProbe.render).
    timeout: Math.max(1, Math.ceil(maxTimeoutMs / 1000)),
  };
}

/** Extra wait after the last in-flight request's timeout before the drain gives up, ms. */
const DRAIN_SLACK_MS = 500;

/** The mix flattened into autocannon's `requests[]`: one entry per request of each flow in turn. */
export function buildRequestCycle(ctx: DriverContext): { requests: TaggedRequest[]; flowStarts: number[] } {
  const byName = new Map(ctx.compiled.map((c) => [c.name, c]));
  const requests: TaggedRequest[] = [];
  const flowStarts: number[] = [];
  const timeout = sharedTimeout(ctx);
  flowSequence(ctx.scenario.mix).forEach((f, occurrence) => {
    const flow = ctx.scenario.mix[f];
    if (!flow) return;
    flowStarts.push(requests.length);
    for (const name of flow.run) {
      const c = byName.get(name);
      if (!c) throw new Error(`mix names request "${name}", which the scenario does not define`);
      // Requests without templates (and a shared timeout) are built once by autocannon.
      const fixed = c.isStatic && timeout !== null ? c.render({}) : null;
      requests.push({
        method: c.spec.method, path: fixed?.path ?? '/', zbIndex: c.index, zbFlow: occurrence,
        ...(fixed ? { headers: fixed.headers, ...(fixed.body !== undefined ? { body: fixed.body } : {}) }
          // Replaced per client in ClientProbe.install; this one only serves autocannon's first build.
          : { setupRequest: (r: TaggedRequest) => r }),
        ...(c.needsBody ? { onResponse: () => undefined } : {}),
      });
    }
  });
  return { requests, flowStarts };
}

/** The timeout every request of the mix shares, or null when they differ. */
export function sharedTimeout(ctx: DriverContext): number | null {
  const inMix = new Set(ctx.scenario.mix.flatMap((f) => f.run));
  const all = new Set(ctx.compiled.filter((c) => inMix.has(c.name)).map((c) => c.timeoutMs));
  return all.size === 1 ? ([...all][0] ?? null) : null;
}

export function runClosed(ctx: DriverContext, load: ClosedLoad): Promise<DriverOutcome> {
  const { requests, flowStarts } = buildRequestCycle(ctx);
  const maxTimeout = Math.max(...ctx.compiled.map((c) => c.timeoutMs));
  const timeout = sharedTimeout(ctx);
  const probes: ClientProbe[] = [];
  let phase: Phase = load.warmupMs > 0 ? 'warmup' : 'measure';
  let pending = 0;
  const draining = new Set<ClientProbe>();
  let waitingFromWarmup: RunValidity['waitingFromWarmup'];

  const loadStart = performance.now();
  const windowStart = loadStart + load.warmupMs;
  const windowEnd = windowStart + load.durationMs;
  ctx.recorder.setWindow(windowStart, windowEnd);

  return new Promise<DriverOutcome>((resolve, reject) => {
    let finished = false;
    const timers: NodeJS.Timeout[] = [];
    // The generator's own event-loop delay over the measured window (reset when warm-up ends).
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    const stopProgress = startProgress(ctx, load.warmupMs + load.durationMs, () => ({
      phase, loadStart, answers: probes.reduce((n, p) => n + p.answers, 0),
    }));

    const setupClient = (client: AutocannonClient) => {
      const i = probes.length;
      const user = ctx.users[i % ctx.users.length] ?? {};
      const probe: ClientProbe = new ClientProbe(client, ctx.compiled, user,
        (index, startedAt, latencyMs, status, error) => {
          ctx.recorder.record(index, startedAt, performance.now(), latencyMs, status, error);
          if (phase === 'drain' && draining.delete(probe) && ctx.recorder.inWindow(startedAt) && --pending === 0) end(false);
        });
      probes.push(probe);
      // Virtual users start at different flows of the cycle, spread evenly.
      const offset = flowStarts[Math.floor((i * flowStarts.length) / load.connections) % flowStarts.length] ?? 0;
      probe.install(offset, timeout);
    };

    const end = (aborted: boolean) => {
      if (finished) return;
      finished = true;
      for (const t of timers) clearTimeout(t);
      ctx.signal?.removeEventListener('abort', onAbort);
      stopProgress();
      // Requests on the wire at Ctrl-C were attempted: dropping them would hide a server that never answers.
      if (aborted) for (const p of probes) p.interrupt();
      for (const p of probes) p.client.destroy();
      const measuredMs = Math.min(load.durationMs, Math.max(0, performance.now() - windowStart));
      loop.disable();
      // Latency is timed on this event loop: a starved generator would inflate every percentile.
      const loopP99 = loopDelayP99Ms(loop);
      const starved = loopDelayReason(loopP99);
      resolve({
        measuredMs,
        partial: aborted,
        validity: {
          valid: starved === null, reasons: starved ? [starved] : [], generatorLoopDelayP99Ms: loopP99,
          ...(waitingFromWarmup ? { waitingFromWarmup } : {}),
        },
      });
    };
    const onAbort = () => end(true);

    const options = connectionOptions(ctx, requests, setupClient, maxTimeout);
    try {
      for (let i = 0; i < load.connections; i++) new Client(options);
    } catch (err) {
      // A request that cannot be built: close the connections already opened, then report it.
      finished = true;
      loop.disable();
      stopProgress();
      for (const p of probes) p.client.destroy();
      reject(err);
      return;
    }

    if (load.warmupMs > 0) timers.push(setTimeout(() => { phase = 'measure'; loop.reset(); }, load.warmupMs));
    timers.push(setTimeout(() => {
      // Drain: wait for the answers (or timeouts) of requests started inside the window.
      phase = 'drain';
      const now = performance.now();
      let oldest = now;
      let waiting = 0;
      for (const p of probes) {
        if (p.startedAt !== null && ctx.recorder.inWindow(p.startedAt)) { draining.add(p); pending++; }
        else if (p.startedAt !== null && p.startedAt < windowStart) { waiting++; oldest = Math.min(oldest, p.startedAt); }
      }
      if (waiting > 0) waitingFromWarmup = { connections: waiting, of: probes.length, oldestMs: Math.round(now - oldest) };
      if (pending === 0) end(false);
      else timers.push(setTimeout(() => end(false), maxTimeout + DRAIN_SLACK_MS));
    }, windowEnd - performance.now()));
    if (ctx.signal?.aborted) end(true);
    else ctx.signal?.addEventListener('abort', onAbort, { once: true });
  });
}
