// Whether an open-model run can be trusted: did the generator keep the rate it was asked for?
// Each threshold catches the generator (not the server) being the bottleneck.
import type { Histogram } from 'hdr-histogram-js';
import type { IntervalHistogram } from 'node:perf_hooks';
import type { RunValidity } from '../results/types.js';
import { valueAt } from '../results/summarize.js';

/** Achieved arrivals below this share of the asked ones: the generator could not keep up. */
export const MIN_ACHIEVED_RATIO = 0.95;
/**
 * Schedule lag p99 above this (ms): arrivals left late in bunches, so the server saw a burstier
 * load than asked. Latency is timed from the intended send, so lag can only make numbers worse,
 * never hide a slow server; short CPU blips of a few tens of ms are common on shared CI runners
 * and are tolerated, beyond 50 ms at p99 the load shape itself is no longer the one asked for.
 */
export const MAX_LAG_P99_MS = 50;
/** The generator's own event-loop delay p99 above this (ms) means it was starved of CPU. */
export const MAX_LOOP_DELAY_P99_MS = 50;

export interface ValidityInput {
  measuredMs: number;
  /** Arrivals the schedule asked for in the measured window (fractional). */
  asked: number;
  /** Arrivals actually sent within the measured window. */
  sent: number;
  dropped: number;
  lag: Histogram;
  loopDelay: IntervalHistogram;
}

const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

export function judgeValidity(v: ValidityInput): RunValidity {
  const secs = v.measuredMs / 1000;
  const askedRate = secs > 0 ? v.asked / secs : 0;
  const achievedRate = secs > 0 ? v.sent / secs : 0;
  const lagMs = (p: number) => (v.lag.totalCount ? round(valueAt(v.lag, p) / 1000) : 0);
  const scheduleLagMs = { p50: lagMs(50), p99: lagMs(99), max: v.lag.totalCount ? round(v.lag.maxValue / 1000) : 0 };
  const loopP99 = loopDelayP99Ms(v.loopDelay);
  const reasons: string[] = [];
  if (v.dropped > 0) {
    // Named as the scenario spells it (the YAML key), since that is where the fix goes.
    reasons.push(`${v.dropped} arrivals were dropped because max_in_flight was reached: `
      + 'raise load.max_in_flight in the scenario or lower the rate');
  }
  if (askedRate > 0 && achievedRate < MIN_ACHIEVED_RATIO * askedRate) {
    reasons.push(`the generator sent ${round(achievedRate, 1)} arrivals/s of the ${round(askedRate, 1)} asked `
      + `(below ${MIN_ACHIEVED_RATIO * 100} %)`);
  }
  if (scheduleLagMs.p99 > MAX_LAG_P99_MS) {
    reasons.push(`arrivals left up to ${scheduleLagMs.p99} ms late (p99 schedule lag above ${MAX_LAG_P99_MS} ms): `
      + 'the generator could not keep the schedule');
  }
  const starved = loopDelayReason(loopP99);
  if (starved) reasons.push(starved);
  return {
    valid: reasons.length === 0, reasons, scheduleLagMs,
    askedRate: round(askedRate), achievedRate: round(achievedRate), dropped: v.dropped,
    generatorLoopDelayP99Ms: loopP99,
  };
}

/** The generator's own event-loop delay p99 (ms) of a monitor, 0 when it saw nothing. */
export function loopDelayP99Ms(loopDelay: IntervalHistogram): number {
  return loopDelay.count ? round(loopDelay.percentile(99) / 1e6) : 0;
}

/** Why a run whose generator's loop was this late cannot be trusted, or null when it can. */
export function loopDelayReason(loopP99: number): string | null {
  return loopP99 > MAX_LOOP_DELAY_P99_MS
    ? `the generator's event loop was delayed ${loopP99} ms at p99 (above ${MAX_LOOP_DELAY_P99_MS} ms): it was short of CPU`
    : null;
}
