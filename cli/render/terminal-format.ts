// Human units for the terminal: durations in ms or s, rates as percentages, targets in their own unit.
// Pure string functions, shared by the terminal table and the target lines.
import type { TargetMetric, TargetSpec } from '../plan/types.js';
import type { EndpointResult, ErrorClass } from '../results/types.js';
import { ERROR_CLASSES } from '../results/types.js';

/** 0.42 ms, 4.2 ms, 123 ms, 1.23 s, 12.3 s, 123 s. */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  if (ms < 1) return `${trim(ms.toFixed(2))} ms`;
  if (ms < 10) return `${trim(ms.toFixed(1))} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 10) return `${trim(s.toFixed(2))} s`;
  if (s < 100) return `${trim(s.toFixed(1))} s`;
  return `${Math.round(s)} s`;
}

/** A fraction as a percentage: 0 %, 0.05 %, 2.1 %, 100 %. */
export function formatPercent(fraction: number): string {
  const pct = fraction * 100;
  const decimals = pct < 0.1 ? 3 : pct < 10 ? 2 : 1;
  return `${trim(pct.toFixed(decimals))} %`;
}

export function formatRps(rps: number): string {
  return rps >= 100 ? Math.round(rps).toLocaleString('en-US') : trim(rps.toFixed(1));
}

export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

const LATENCY: ReadonlySet<TargetMetric> = new Set(['p50', 'p75', 'p90', 'p95', 'p99', 'p99.9', 'max', 'mean']);

/** A value in a target metric's own unit. */
export function formatMetric(metric: TargetMetric, value: number): string {
  if (LATENCY.has(metric)) return formatMs(value);
  if (metric === 'error_rate') return formatPercent(value);
  if (metric === 'rps') return `${formatRps(value)} req/s`;
  return formatCount(value);
}

/** A latency percentile, as a lower bound when it landed on timed-out requests. */
export function formatBound(value: number, atLeast: boolean, metric: TargetMetric = 'p95'): string {
  const text = formatMetric(metric, value);
  return atLeast ? `>= ${text}` : text;
}

/** `p95 < 200 ms` / `login error_rate < 1 %`: the target restated in human units. */
export function describeTarget(t: TargetSpec): string {
  const where = t.endpoint ?? 'overall';
  return `${where} ${t.metric} ${t.op} ${formatMetric(t.metric, t.value)}`;
}

/** The most frequent error classes, e.g. `timeout 30, http5xx 7` (empty when there were none). */
export function topErrorClasses(e: EndpointResult, limit = 3): string {
  return ERROR_CLASSES
    .map((cls): [ErrorClass, number] => [cls, e.errorClasses[cls] ?? 0])
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([cls, n]) => `${cls} ${formatCount(n)}`)
    .join(', ');
}

function trim(fixed: string): string {
  return fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
}
