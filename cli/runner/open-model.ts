// Open model: flows start at the scheduled arrival rate whether or not the server keeps up, as real
// users do. Latency counts from each arrival's intended time, so a stalled server shows its stall.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Pool } from 'undici';
import type { FlowSpec, OpenLoad } from '../plan/types.js';
import type { Vars } from '../plan/template.js';
import { newLatencyHistogram, msToUs } from '../results/summarize.js';
import type { CompiledRequest } from './compile-requests.js';
import { startProgress, type DriverContext, type DriverOutcome, type Phase } from './driver.js';
import { flowPicker } from './mix.js';
import { ArrivalSchedule } from './open-schedule.js';
import { shardSchedule } from './shard-schedule.js';
import { Flight, type FlightEnd } from './open-flight.js';
import { judgeValidity } from './open-validity.js';

/** Identities set up for the open model, reused round robin by arrivals. */
export { OPEN_MODEL_IDENTITIES } from './models/open.js';
/** How often in-flight requests are checked against their deadline: timeouts land within this. */
const SWEEP_MS = 5;
/** Longest sleep of the scheduler between two checks for due arrivals. */
const MAX_TICK_MS = 10;
/** Most arrivals sent in one go when catching up; the rest follow right after pending I/O. */
const MAX_BURST = 200;

export function runOpen(ctx: DriverContext, load: OpenLoad): Promise<DriverOutcome> {
  const schedule = shardSchedule(new ArrivalSchedule(load), ctx.shard);
  const byName = new Map(ctx.compiled.map((c) => [c.name, c]));
  const pool = new Pool(ctx.target.origin, {
    connections: load.maxConnections, pipelining: 1, headersTimeout: 0, bodyTimeout: 0,
  });
  const lag = newLatencyHistogram();
  const loop = monitorEventLoopDelay({ resolution: 10 });
  const inFlight = new Set<Flight>();
  const pick = flowPicker(ctx.scenario.mix);
  const loadStart = performance.now();
  const windowStart = loadStart + schedule.windowStartMs;
  const windowEnd = loadStart + schedule.totalMs;
  ctx.recorder.setWindow(windowStart, windowEnd);
  let phase: Phase = schedule.windowStartMs > 0 ? 'warmup' : 'measure';
  let k = 0;
  let nextDue = schedule.dueAt(0);
  let activeFlows = 0;
  let user = 0;
  let answers = 0;
  let dropped = 0;
  let sentInWindow = 0;
  let stopped = false;

  const send = (flow: FlowSpec, step: number, vars: Vars, base: number) => {
    const req = byName.get(flow.run[step] as string) as CompiledRequest;
    const r = req.render(vars);
    const flight = new Flight(req, base, vars, (f: Flight, end: FlightEnd) => {
      inFlight.delete(f);
      const now = performance.now();
      if (end.status !== null) answers++;
      ctx.recorder.record(req.index, f.base, now, end.latencyMs, end.status, end.error);
      // Later requests of the flow are sent as soon as this one ends, while the window lasts.
      if (!stopped && step + 1 < flow.run.length && now < windowEnd) send(flow, step + 1, vars, now);
      else activeFlows--;
      if (phase === 'drain' && inFlight.size === 0) finish(false);
    });
    inFlight.add(flight);
    pool.dispatch({ method: r.method as 'GET', path: r.path, headers: r.headers, body: r.body }, flight);
  };

  const arrive = (due: number, now: number) => {
    const intended = loadStart + due;
    const inWindow = intended >= windowStart && intended < windowEnd;
    if (activeFlows >= load.maxInFlight) {
      if (inWindow) dropped++;
      return;
    }
    if (inWindow) {
      lag.recordValue(msToUs(Math.max(0, now - intended)));
      if (now < windowEnd) sentInWindow++;
    }
    activeFlows++;
    const vars = { ...(ctx.users[user++ % ctx.users.length] as Vars) };
    send(pick(), 0, vars, intended);
  };

  let tickTimer: NodeJS.Timeout | null = null;
  let tickSoon: NodeJS.Immediate | null = null;
  const tick = () => {
    tickTimer = null;
    tickSoon = null;
    if (stopped) return;
    const now = performance.now();
    // Catch up in a burst: every arrival already due leaves now, each with its own intended time.
    let burst = 0;
    while (nextDue !== null && loadStart + nextDue <= now) {
      if (burst++ === MAX_BURST) {
        // Let the answers already waiting be read (and timed) before sending the rest.
        tickSoon = setImmediate(tick);
        return;
      }
      arrive(nextDue, performance.now());
      nextDue = schedule.dueAt(++k);
    }
    if (phase === 'warmup' && now >= windowStart) phase = 'measure';
    if (nextDue === null || loadStart + nextDue >= windowEnd) {
      if (now >= windowEnd) return startDrain();
    }
    const wait = nextDue === null ? windowEnd - now : loadStart + nextDue - now;
    tickTimer = setTimeout(tick, Math.min(MAX_TICK_MS, Math.max(1, wait)));
  };

  const sweep = setInterval(() => {
    const now = performance.now();
    for (const f of inFlight) if (now >= f.deadline) f.timeout();
  }, SWEEP_MS);

  let finish: (aborted: boolean) => void = () => undefined;
  const startDrain = () => {
    phase = 'drain';
    if (inFlight.size === 0) finish(false);
  };

  return new Promise<DriverOutcome>((resolve) => {
    const stopProgress = startProgress(ctx, schedule.totalMs, () => ({ phase, loadStart, answers }));
    const onAbort = () => finish(true);
    finish = (aborted) => {
      if (stopped) return;
      stopped = true;
      const now = performance.now();
      loop.disable();
      clearInterval(sweep);
      if (tickTimer) clearTimeout(tickTimer);
      if (tickSoon) clearImmediate(tickSoon);
      stopProgress();
      ctx.signal?.removeEventListener('abort', onAbort);
      // Requests due and unanswered at Ctrl-C were attempted: dropping them would hide a server that never answers.
      for (const f of [...inFlight]) (aborted ? f.interrupt() : f.cancel());
      inFlight.clear();
      const measuredMs = Math.min(windowEnd, now) - windowStart;
      const validity = judgeValidity({
        measuredMs: Math.max(0, measuredMs), asked: schedule.expectedBetween(schedule.windowStartMs, schedule.windowStartMs + Math.max(0, measuredMs)),
        sent: sentInWindow, dropped, lag, loopDelay: loop,
      });
      void pool.destroy().catch(() => undefined).then(() => resolve({ measuredMs: Math.max(0, measuredMs), partial: aborted, validity }));
    };
    loop.enable();
    if (ctx.signal?.aborted) return finish(true);
    ctx.signal?.addEventListener('abort', onAbort, { once: true });
    tick();
  });
}
