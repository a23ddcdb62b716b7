// Compares a new run with a baseline, endpoint by endpoint: p50/p95/p99, error rate and throughput.
// Pure: two RunResults and the tolerances in, plain data out; the command decides the exit code.
import type { EndpointResult, PercentileKey, RunResult } from '../results/types.js';

export const COMPARISON_SCHEMA = 'zimmer-bench/comparison@1' as const;

export type CompareMetric = 'p50' | 'p95' | 'p99' | 'error_rate' | 'rps';
export const COMPARE_METRICS: readonly CompareMetric[] = ['p50', 'p95', 'p99', 'error_rate', 'rps'];

export interface CompareOptions {
  /** Relative tolerance for latency and throughput, as a fraction (0.1 = 10 %). */
  tolerance: number;
  /** Smallest latency change (ms) that can count, so jitter on sub-millisecond values is not a regression. */
  floorMs: number;
  /** Error-rate tolerance in absolute terms, as a fraction (0.01 = 1 percentage point). */
  errorPoints: number;
}

export const DEFAULT_COMPARE_OPTIONS: CompareOptions = { tolerance: 0.1, floorMs: 1, errorPoints: 0.01 };

/**
 * `missing`: measured in BASE but not in NEW, which proves nothing, so it counts as a regression.
 * `unknown`: a lower bound (a percentile on timed-out requests) against a value it cannot be
 * ordered with: the comparison cannot tell, and says so rather than guessing.
 */
export type RowStatus = 'regression' | 'improvement' | 'same' | 'missing' | 'added' | 'unknown';

export interface ComparisonRow {
  endpoint: string;
  metric: CompareMetric;
  base: number | null;
  next: number | null;
  /** The value is a lower bound (a percentile on timed-out requests). */
  baseAtLeast: boolean;
  nextAtLeast: boolean;
  /** next - base, in the metric's unit (ms, fraction, req/s). */
  delta: number | null;
  /** delta / base; null when base is 0 or either side is missing. */
  change: number | null;
  status: RowStatus;
  /** Why, in words, when a lower bound decided the status ("timeouts appeared", "cannot tell: ..."). */
  reason: string | null;
}

export interface RunRef {
  scenario: string;
  startedAt: string;
  target: string;
  valid: boolean;
  partial: boolean;
}

export interface Comparison {
  schema: typeof COMPARISON_SCHEMA;
  base: RunRef;
  next: RunRef;
  options: CompareOptions;
  rows: ComparisonRow[];
  regressions: number;
  /** Anything that makes the comparison weaker than it looks (other scenario, invalid or partial run). */
  notes: string[];
}

function value(e: EndpointResult | undefined, metric: CompareMetric): { v: number | null; atLeast: boolean } {
  if (!e || e.attempted === 0) return { v: null, atLeast: false };
  if (metric === 'error_rate') return { v: e.errorRate, atLeast: false };
  if (metric === 'rps') return { v: e.rps, atLeast: false };
  return { v: e.latency[metric], atLeast: e.atLeast.includes(metric as PercentileKey) };
}

/** How a pair of values moved, by the metric's own rule (see docs/ci-and-reports.md, `compare`). */
export function judgeChange(metric: CompareMetric, base: number, next: number, o: CompareOptions): RowStatus {
  if (metric === 'error_rate') {
    if (next - base > o.errorPoints) return 'regression';
    return base - next > o.errorPoints ? 'improvement' : 'same';
  }
  if (metric === 'rps') {
    if (next < base * (1 - o.tolerance)) return 'regression';
    return next > base * (1 + o.tolerance) ? 'improvement' : 'same';
  }
  const allowed = Math.max(base * o.tolerance, o.floorMs);
  if (next - base > allowed) return 'regression';
  return base - next > allowed ? 'improvement' : 'same';
}

/**
 * A latency where either side is a lower bound (its true value is that or more). A lower bound is
 * never better than a real value: it is worse only when even the bound is beyond tolerance, better
 * only when the real value is below the bound by more than tolerance, and otherwise unknown.
 */
export function judgeBounds(
  base: number, baseAtLeast: boolean, next: number, nextAtLeast: boolean, o: CompareOptions,
): { status: RowStatus; reason: string } {
  const allowed = Math.max(base * o.tolerance, o.floorMs);
  if (baseAtLeast && nextAtLeast) return { status: 'unknown', reason: 'cannot tell: both runs timed out at this percentile' };
  if (nextAtLeast) {
    return next - base > allowed
      ? { status: 'regression', reason: 'worse: timeouts appeared' }
      : { status: 'unknown', reason: 'cannot tell: timeouts appeared in NEW, whose timeout is below BASE\'s value' };
  }
  return base - next > allowed
    ? { status: 'improvement', reason: 'better: the timeouts are gone' }
    : { status: 'unknown', reason: 'cannot tell: BASE timed out at this percentile, so its real value is higher than shown' };
}

function row(endpoint: string, metric: CompareMetric, b: EndpointResult | undefined, n: EndpointResult | undefined, o: CompareOptions): ComparisonRow {
  const bv = value(b, metric);
  const nv = value(n, metric);
  const both = bv.v !== null && nv.v !== null;
  const bounded = both && (bv.atLeast || nv.atLeast) ? judgeBounds(bv.v!, bv.atLeast, nv.v!, nv.atLeast, o) : null;
  const status: RowStatus = bounded ? bounded.status : both
    ? judgeChange(metric, bv.v!, nv.v!, o)
    : bv.v !== null ? 'missing' : nv.v !== null ? 'added' : 'same';
  const delta = both ? nv.v! - bv.v! : null;
  return {
    endpoint, metric, base: bv.v, next: nv.v, baseAtLeast: bv.atLeast, nextAtLeast: nv.atLeast,
    delta, change: delta !== null && bv.v! !== 0 ? delta / bv.v! : null, status, reason: bounded?.reason ?? null,
  };
}

function ref(r: RunResult): RunRef {
  return { scenario: r.scenario.name, startedAt: r.startedAt, target: r.target.url, valid: r.validity.valid, partial: r.partial };
}

function notesFor(base: RunResult, next: RunResult): string[] {
  const notes: string[] = [];
  if (base.scenario.name !== next.scenario.name) notes.push(`different scenarios: BASE ran "${base.scenario.name}", NEW ran "${next.scenario.name}"`);
  if (base.scenario.model !== next.scenario.model) notes.push(`different load models: BASE ${base.scenario.model}, NEW ${next.scenario.model}`);
  for (const [label, r] of [['BASE', base], ['NEW', next]] as const) {
    if (!r.validity.valid) notes.push(`${label} is invalid: ${r.validity.reasons.join('; ') || 'no reason given'}`);
    if (r.partial) notes.push(`${label} was stopped early: its numbers cover only what ran`);
  }
  const machine = (r: RunResult): string => `${r.environment.cpus} × ${r.environment.cpuModel}, ${r.environment.memoryGiB} GiB`;
  if (machine(base) !== machine(next)) notes.push(`different machines: BASE ${machine(base)}, NEW ${machine(next)}`);
  return notes;
}

export function compareRuns(base: RunResult, next: RunResult, options: CompareOptions = DEFAULT_COMPARE_OPTIONS): Comparison {
  const names = [...base.endpoints.map((e) => e.name)];
  for (const e of next.endpoints) if (!names.includes(e.name)) names.push(e.name);
  const rows: ComparisonRow[] = [];
  for (const name of names) {
    const b = base.endpoints.find((e) => e.name === name);
    const n = next.endpoints.find((e) => e.name === name);
    for (const metric of COMPARE_METRICS) rows.push(row(name, metric, b, n, options));
  }
  for (const metric of COMPARE_METRICS) rows.push(row('overall', metric, base.overall, next.overall, options));
  const regressions = rows.filter((r) => r.status === 'regression' || r.status === 'missing').length;
  return { schema: COMPARISON_SCHEMA, base: ref(base), next: ref(next), options, rows, regressions, notes: notesFor(base, next) };
}
