// Tracer requests sent while a load runs, each timed by phase from undici's diagnostics channels:
// queued (waiting for a socket), connect, time to first byte, body. While a load runs they leave on a
// fixed schedule, whatever the answers: a probe that waited for its previous answer would send
// nothing while the server is stalled and under-report the stall (coordinated omission).
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ProbeKind } from './types.js';
import { MAX_IN_FLIGHT, ProbeLoop, type ProbeSample, type ProbeSpec } from './probe-loop.js';
import { subscribe, unsubscribe } from './trace-marks.js';

export type { ProbeSample, ProbeSpec } from './probe-loop.js';

export interface TracerOptions {
  /** Base URL of the target (may carry a base path). */
  url: string;
  probes: ProbeSpec[];
  /** While a load runs, one request of each probe leaves every `intervalMs` (default 10). */
  intervalMs?: number;
  timeoutMs?: number;
}

/** Sends the probes in the background until stopped; `stop()` resolves with every sample taken. */
export class Tracer {
  private readonly loops: ProbeLoop[];
  private running = false;
  private tasks: Array<Promise<void>> = [];
  private taken: ProbeSample[] = [];

  constructor(private readonly options: TracerOptions) {
    const url = new URL(options.url);
    const basePath = url.pathname.replace(/\/$/, '');
    this.loops = options.probes.map((p) => new ProbeLoop(url.origin, p, basePath, options.timeoutMs ?? 5000));
    subscribe();
  }

  /** `rounds` requests of every probe, back to back, with nothing else running (the idle baseline). */
  async sample(rounds: number): Promise<ProbeSample[]> {
    const out: ProbeSample[] = [];
    for (let i = 0; i < rounds; i++) for (const loop of this.loops) out.push(await loop.once());
    return out;
  }

  /** Probes skipped because MAX_IN_FLIGHT of their kind were still waiting (the server stalled). */
  skipped = 0;
  /** Probes sent and not answered yet: kind, path and when each left. */
  private readonly waiting = new Set<{ probe: ProbeKind; path: string; at: number }>();

  start(): void {
    if (this.running) return;
    this.running = true;
    const interval = this.options.intervalMs ?? 10;
    this.tasks = this.loops.map(async (loop, i) => {
      // Staggered so that the kinds do not all leave at the same instant.
      let due = performance.now() + (interval * i) / this.loops.length;
      while (this.running) {
        const wait = due - performance.now();
        if (wait > 0) await sleep(wait);
        if (!this.running) break;
        due += interval;
        if (loop.inFlight >= MAX_IN_FLIGHT) { this.skipped++; continue; }
        const ticket = { probe: loop.spec.probe, path: loop.spec.path, at: performance.now() };
        this.waiting.add(ticket);
        void loop.once().then((sample) => {
          if (this.waiting.delete(ticket)) this.taken.push(sample);
        });
      }
    });
  }

  /**
   * Stops sending; waits up to `graceMs` for the answers still due, then returns every sample since
   * `start()`. A probe still unanswered by then is returned as a lower bound (its wait so far, error
   * `unanswered`): dropping it would hide exactly the longest stalls.
   */
  async stop(graceMs = 1000): Promise<ProbeSample[]> {
    this.running = false;
    await Promise.all(this.tasks);
    this.tasks = [];
    const until = performance.now() + graceMs;
    while (this.waiting.size > 0 && performance.now() < until) await sleep(10);
    const now = performance.now();
    for (const t of this.waiting) {
      this.taken.push({
        probe: t.probe, path: t.path, at: t.at, totalMs: now - t.at, queuedMs: 0, connectMs: 0, ttfbMs: now - t.at,
        bodyMs: 0, status: null, error: 'unanswered', spans: {},
      });
    }
    this.waiting.clear();
    return this.taken.splice(0);
  }

  async close(): Promise<void> {
    this.running = false;
    await Promise.all(this.tasks);
    await Promise.all(this.loops.map((l) => l.close()));
    unsubscribe();
  }
}
