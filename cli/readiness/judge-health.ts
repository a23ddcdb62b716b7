// A lightweight /health: answered without credentials, fast on an idle server, and still fast while
// a burst of logins runs (the plan's monitoring endpoints timed out under load). Pure.
import { formatMs } from '../core/format.js';
import { answerOf, type Timing } from './evidence.js';
import { makeItem } from './items.js';
import type { Check, HttpObservation, ReadinessItem } from './types.js';

/**
 * /health must be cheap: median and P90 of the probe's sequential calls on an idle server. P90, not
 * the slowest: one call caught behind the machine's other work is not the endpoint's cost (with
 * fewer than ten calls P90 is the slowest).
 */
export const HEALTH_MEDIAN_MS = 50;
export const HEALTH_P90_MS = 250;

/** Under the login burst /health may slow a little (shared CPU), never by seconds. */
export const HEALTH_UNDER_LOAD_MEDIAN_MS = 100;
export const HEALTH_UNDER_LOAD_P90_MS = 1000;

function timing(calls: HttpObservation[]): Timing {
  const times = calls.map((c) => c.ms).sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.ceil(times.length * q) - 1)] ?? Number.NaN;
  const median = times[Math.floor(times.length / 2)] ?? Number.NaN;
  return { median, p90: at(0.9), max: times[times.length - 1] ?? Number.NaN, calls: calls.length };
}

const is2xx = (c: HttpObservation) => c.status !== null && c.status >= 200 && c.status < 300;

/**
 * /health on an idle server (2xx without credentials, fast) and, when given, while the login burst
 * runs: null means the burst never ran, which fails that check rather than skipping it.
 */
export function judgeHealth(calls: HttpObservation[], underLoad?: HttpObservation[] | null): ReadinessItem {
  const ok = calls.filter(is2xx);
  const idle = timing(calls);
  const failed = calls.find((c) => !is2xx(c));
  const checks: Check[] = [
    {
      name: 'GET /health answers 2xx without credentials',
      pass: calls.length > 0 && ok.length === calls.length,
      evidence: { kind: 'answers', calls: calls.length, ok: ok.length, status: ok[0]?.status ?? null, failed: failed ? answerOf(failed) : null },
    },
    {
      name: `fast when idle (median < ${HEALTH_MEDIAN_MS} ms, P90 < ${HEALTH_P90_MS} ms)`,
      pass: calls.length > 0 && idle.median < HEALTH_MEDIAN_MS && idle.p90 < HEALTH_P90_MS,
      evidence: { kind: 'timing', timing: idle },
    },
  ];
  if (underLoad !== undefined) {
    const loaded = underLoad ?? [];
    const t = timing(loaded);
    const bad = loaded.find((c) => !is2xx(c));
    checks.push({
      name: `fast during the login burst (median < ${HEALTH_UNDER_LOAD_MEDIAN_MS} ms, P90 < ${formatMs(HEALTH_UNDER_LOAD_P90_MS)})`,
      pass: loaded.length > 0 && !bad && t.median < HEALTH_UNDER_LOAD_MEDIAN_MS && t.p90 < HEALTH_UNDER_LOAD_P90_MS,
      evidence: { kind: 'timing', timing: underLoad === null ? null : t, ...(underLoad !== null && bad ? { failed: answerOf(bad) } : {}) },
    });
  }
  const summary = checks.every((c) => c.pass)
    ? { kind: 'health' as const, idle, burst: underLoad ? timing(underLoad) : null }
    : undefined;
  return makeItem('health', checks, { summary });
}
