// Reading one target's metric out of an endpoint result, and comparing it with the limit.
// Kept apart from evaluate.ts so the "what does p95 / error_rate / timeouts mean" rules live in one place.
import type { TargetMetric, TargetOp } from '../plan/types.js';
import type { EndpointResult } from '../results/types.js';
import { isPercentileKey } from '../core/metrics.js';

/** A metric as measured on one endpoint: null when nothing was attempted there. */
export interface MeasuredValue {
  value: number | null;
  /** The value is a lower bound: the percentile landed on requests that timed out. */
  atLeast: boolean;
}

/** Latency metrics in ms, error_rate as a fraction, rps in req/s, timeouts and errors as counts. */
export function measure(endpoint: EndpointResult, metric: TargetMetric): MeasuredValue {
  if (endpoint.attempted === 0) return { value: null, atLeast: false };
  switch (metric) {
    case 'error_rate':
      return { value: endpoint.errorRate, atLeast: false };
    case 'rps':
      return { value: endpoint.rps, atLeast: false };
    case 'timeouts':
      return { value: endpoint.errorClasses.timeout ?? 0, atLeast: false };
    case 'errors':
      return { value: endpoint.errors, atLeast: false };
    case 'mean':
      // A mean over timed-out requests (recorded at their timeout) is also a lower bound.
      return { value: endpoint.latency.mean, atLeast: (endpoint.errorClasses.timeout ?? 0) > 0 };
    default:
      if (isPercentileKey(metric)) {
        return { value: endpoint.latency[metric], atLeast: endpoint.atLeast.includes(metric) };
      }
      return assertNever(metric);
  }
}

function assertNever(metric: never): never {
  throw new Error(`unknown target metric ${String(metric)}`);
}

/** Plain comparison of a known value with a limit. */
export function compare(actual: number, op: TargetOp, limit: number): boolean {
  switch (op) {
    case '<': return actual < limit;
    case '<=': return actual <= limit;
    case '>': return actual > limit;
    case '>=': return actual >= limit;
    case '==': return actual === limit;
  }
}

/**
 * Whether a measured value proves the target met. A lower bound (the true value is this or more)
 * can prove only `>` / `>=`; for `<`, `<=` and `==` the true value is unknown, so the target is not met:
 * a run whose percentile sits on timed-out requests never passes a latency ceiling.
 */
export function proves(measured: MeasuredValue, op: TargetOp, limit: number): boolean {
  if (measured.value === null) return false;
  if (measured.atLeast && op !== '>' && op !== '>=') return false;
  return compare(measured.value, op, limit);
}

/**
 * How badly a value misses the limit, for ordering offenders worst first: bigger is worse.
 * Ceilings (<, <=) rank the highest values first, floors (>, >=) the lowest, `==` the farthest.
 */
export function severity(value: number, op: TargetOp, limit: number): number {
  switch (op) {
    case '<':
    case '<=':
      return value - limit;
    case '>':
    case '>=':
      return limit - value;
    case '==':
      return Math.abs(value - limit);
  }
}
