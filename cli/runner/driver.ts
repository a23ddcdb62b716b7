// What the run orchestrator hands to a load model, and what a load model gives back.
import type { ShardSpec } from '../plan/shard.js';
import type { Scenario } from '../plan/types.js';
import type { Vars } from '../plan/template.js';
import type { Recorder } from '../results/recorder.js';
import type { RunValidity } from '../results/types.js';
import type { CompiledRequest } from './compile-requests.js';
import type { TargetUrl } from './target-url.js';

export type Phase = 'setup' | 'warmup' | 'measure' | 'drain';

/** Progress of a run, reported about every 500 ms. Counts cover the measured window only. */
export interface Progress {
  phase: Phase;
  /** Time since the load began (warm-up included), ms. */
  elapsedMs: number;
  /** Planned warm-up + measured window, ms. */
  totalMs: number;
  completed: number;
  errors: number;
  /** Answers per second over the last interval, warm-up included (shows the load is running). */
  currentRps: number;
}

export const PROGRESS_INTERVAL_MS = 500;

export interface DriverContext {
  scenario: Scenario;
  target: TargetUrl;
  compiled: CompiledRequest[];
  /** Identities ready to run (setup done), at least one. */
  users: Vars[];
  recorder: Recorder;
  /** This run is one slice of a sharded run: the open model sends only this shard's arrivals. */
  shard?: ShardSpec;
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
}

export interface DriverOutcome {
  /** Length of the measured window actually run (shorter than planned when aborted), ms. */
  measuredMs: number;
  partial: boolean;
  validity: RunValidity;
}

/** Reports progress every PROGRESS_INTERVAL_MS until the returned stop function is called. */
export function startProgress(
  ctx: DriverContext, totalMs: number, state: () => { phase: Phase; loadStart: number; answers: number },
): () => void {
  const report = ctx.onProgress;
  if (!report) return () => undefined;
  let lastAnswers = 0;
  let lastAt = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    const s = state();
    const t = ctx.recorder.totals;
    const rps = ((s.answers - lastAnswers) / Math.max(1, now - lastAt)) * 1000;
    lastAnswers = s.answers;
    lastAt = now;
    report({ phase: s.phase, elapsedMs: Math.round(now - s.loadStart), totalMs, completed: t.responses,
      errors: t.errors, currentRps: Math.round(rps) });
  }, PROGRESS_INTERVAL_MS);
  timer.unref();
  return () => clearInterval(timer);
}
