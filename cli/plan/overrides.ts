// Command-line overrides of a scenario (--duration, --rate, ...), applied as a pure function so the
// run, its report and its JSON all describe the plan that was actually executed.
import { UsageError } from '../core/errors.js';
import type { LoadSpec, OpenLoad, Scenario } from './types.js';

export interface Overrides {
  durationMs?: number;
  warmupMs?: number;
  /** Forces the closed model with this many connections. */
  connections?: number;
  /** Forces the open model at this constant arrival rate (flows/s). */
  rate?: number;
  target?: string;
  timeoutMs?: number;
}

export const DEFAULT_MAX_CONNECTIONS = 256;
export const DEFAULT_MAX_IN_FLIGHT = 10_000;

/** Measured time of a load (warm-up excluded). */
export function loadDurationMs(load: LoadSpec): number {
  return load.model === 'closed' ? load.durationMs : load.stages.reduce((sum, s) => sum + s.durationMs, 0);
}

/**
 * Rules:
 * - `connections` switches to the closed model: that many connections for the duration.
 * - `rate` switches to the open model: one constant stage at that rate for the duration.
 * - `durationMs` alone: a closed load runs for it; an open load's stages are replaced by the last
 *   stage's final rate held for it (a ramp cannot be stretched honestly, its plateau can).
 * - The duration, when not given, is the scenario's measured duration (sum of its stages).
 * - `timeoutMs` applies to every request; `target` replaces the base URL.
 */
export function applyOverrides(s: Scenario, o: Overrides): Scenario {
  if (o.connections !== undefined && o.rate !== undefined) {
    throw new UsageError('--connections (closed model) and --rate (open model) cannot be combined: choose one');
  }
  checkPositive('duration', o.durationMs);
  checkPositive('connections', o.connections);
  checkPositive('rate', o.rate);
  checkPositive('timeout', o.timeoutMs);
  if (o.warmupMs !== undefined && !(o.warmupMs >= 0)) throw new UsageError(`invalid warm-up ${o.warmupMs}: it cannot be negative`);
  if (o.target !== undefined && !/^https?:\/\/[^/]/.test(o.target)) {
    throw new UsageError(`invalid target "${o.target}": write a base URL such as http://127.0.0.1:8080`);
  }

  const warmupMs = o.warmupMs ?? s.load.warmupMs;
  const durationMs = o.durationMs ?? loadDurationMs(s.load);
  const open: Pick<OpenLoad, 'maxConnections' | 'maxInFlight'> = s.load.model === 'open'
    ? { maxConnections: s.load.maxConnections, maxInFlight: s.load.maxInFlight }
    : { maxConnections: DEFAULT_MAX_CONNECTIONS, maxInFlight: DEFAULT_MAX_IN_FLIGHT };

  let load: LoadSpec = { ...s.load, warmupMs };
  if (o.connections !== undefined) {
    load = { model: 'closed', connections: o.connections, durationMs, warmupMs };
  } else if (o.rate !== undefined) {
    load = { model: 'open', stages: [{ durationMs, rate: o.rate, to: o.rate }], warmupMs, ...open };
  } else if (o.durationMs !== undefined) {
    if (s.load.model === 'closed') load = { ...s.load, durationMs, warmupMs };
    else {
      const rate = s.load.stages[s.load.stages.length - 1]?.to ?? 0;
      load = { ...s.load, stages: [{ durationMs, rate, to: rate }], warmupMs };
    }
  }

  const requests = o.timeoutMs === undefined
    ? s.requests
    : Object.fromEntries(Object.entries(s.requests).map(([k, r]) => [k, { ...r, timeoutMs: o.timeoutMs! }]));
  return {
    ...s,
    target: o.target ?? s.target,
    defaults: o.timeoutMs === undefined ? s.defaults : { ...s.defaults, timeoutMs: o.timeoutMs },
    requests,
    load,
  };
}

function checkPositive(what: string, value: number | undefined): void {
  if (value !== undefined && !(Number.isFinite(value) && value > 0)) {
    throw new UsageError(`invalid ${what} ${value}: it must be more than 0`);
  }
}
