// When each arrival of the open model is due: warm-up at the first stage's rate, then each stage's
// rate moving linearly from `rate` to `to`. Arrival k is due when the expected number of arrivals
// since the start, the integral of the rate, reaches k.
import type { OpenLoad } from '../plan/types.js';

interface Segment {
  startMs: number;
  durationMs: number;
  /** Rates in arrivals per millisecond at the start and end of the segment. */
  r0: number;
  r1: number;
  /** Arrivals expected before the segment starts. */
  before: number;
  /** Arrivals expected within the segment. */
  count: number;
}

export class ArrivalSchedule {
  private readonly segments: Segment[] = [];
  /** Length of warm-up plus all stages, ms. */
  readonly totalMs: number;
  readonly windowStartMs: number;

  constructor(load: OpenLoad) {
    const first = load.stages[0];
    const parts = [
      ...(load.warmupMs > 0 && first ? [{ durationMs: load.warmupMs, rate: first.rate, to: first.rate }] : []),
      ...load.stages,
    ];
    let start = 0;
    let before = 0;
    for (const p of parts) {
      if (!(p.durationMs > 0)) continue;
      const r0 = p.rate / 1000;
      const r1 = p.to / 1000;
      const count = ((r0 + r1) / 2) * p.durationMs;
      this.segments.push({ startMs: start, durationMs: p.durationMs, r0, r1, before, count });
      start += p.durationMs;
      before += count;
    }
    this.totalMs = start;
    this.windowStartMs = load.warmupMs > 0 && first ? load.warmupMs : 0;
  }

  /** Due time of arrival `k` (0-based) in ms since the load began, or null if past the end. */
  dueAt(k: number): number | null {
    for (const s of this.segments) {
      if (k >= s.before + s.count) continue;
      const n = k - s.before;
      // Solve r0·t + (r1-r0)/(2D)·t² = n. Written as 2n / (r0 + √(r0² + 4an)) to stay exact when
      // the ramp is flat (a = 0) and to avoid cancellation when r0 is large.
      const a = (s.r1 - s.r0) / (2 * s.durationMs);
      const disc = Math.max(0, s.r0 * s.r0 + 4 * a * n);
      const denom = s.r0 + Math.sqrt(disc);
      const t = denom > 0 ? (2 * n) / denom : 0;
      return s.startMs + Math.min(t, s.durationMs);
    }
    return null;
  }

  /** Arrivals expected in [fromMs, toMs), for the asked rate. */
  expectedBetween(fromMs: number, toMs: number): number {
    return this.expectedBefore(toMs) - this.expectedBefore(fromMs);
  }

  private expectedBefore(ms: number): number {
    let n = 0;
    for (const s of this.segments) {
      const t = Math.min(Math.max(0, ms - s.startMs), s.durationMs);
      n += s.r0 * t + ((s.r1 - s.r0) / (2 * s.durationMs)) * t * t;
    }
    return n;
  }
}
