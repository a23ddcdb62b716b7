// The action plan's numbers per checkpoint (P95 ceiling, error budget, throughput floor), read from
// the bundled scenario files, which are the one place they are written. The timeout check, the
// readiness gates and titles, diagnose's capacity and the phase commands' help all derive from here,
// so changing a phase's target is one edit in scenarios/<phase>.yaml.
import { readFileSync } from 'node:fs';
import { formatMs, formatPercent, formatRate } from '../core/format.js';
import { bundledScenarioPath, type BundledScenario } from './bundled.js';
import { parseScenario } from './load-scenario.js';
import type { TargetMetric, TargetSpec } from './types.js';

export interface PhaseGoal {
  phase: BundledScenario;
  /** Overall P95 must stay below this (ms). */
  p95Ms: number;
  /** Overall error rate must stay below this (fraction). */
  errorRate: number;
  /** Overall throughput must exceed this (req/s); null when the checkpoint sets no floor. */
  minRps: number | null;
}

const cache = new Map<BundledScenario, PhaseGoal>();

/** The checkpoint's overall targets; throws (an internal error: the package is damaged) when one is missing. */
export function phaseGoal(phase: BundledScenario): PhaseGoal {
  const known = cache.get(phase);
  if (known) return known;
  const path = bundledScenarioPath(phase);
  const overall = parseScenario(readFileSync(path, 'utf8'), path, { env: {} }).targets.filter((t) => t.endpoint === null);
  const find = (metric: TargetMetric, ops: readonly string[]): TargetSpec | undefined =>
    overall.find((t) => t.metric === metric && ops.includes(t.op));
  const p95 = find('p95', ['<']);
  const errors = find('error_rate', ['<']);
  if (!p95 || !errors) throw new Error(`${path}: the overall targets need "p95 < ..." and "error_rate < ..."`);
  const goal = { phase, p95Ms: p95.value, errorRate: errors.value, minRps: find('rps', ['>'])?.value ?? null };
  cache.set(phase, goal);
  return goal;
}

/** `P95 < 500 ms, errors < 5 %, > 50 req/s`: the goal as the plan states it (latency and errors only with `rps: false`). */
export function describeGoal(goal: PhaseGoal, { rps = true } = {}): string {
  const parts = [`P95 < ${formatMs(goal.p95Ms)}`, `errors < ${formatPercent(goal.errorRate)}`];
  if (rps && goal.minRps !== null) parts.push(`> ${formatRate(goal.minRps)} req/s`);
  return parts.join(', ');
}

/** The daily timeout check's bar: phase 1's latency and error targets, and not a single timeout. */
export function resolvedGoal(): PhaseGoal {
  return phaseGoal('phase1');
}

/** `no timeouts, errors < 10 %, P95 < 1 s`: what "resolved" means, in words. */
export function describeResolved(goal: PhaseGoal = resolvedGoal()): string {
  return `no timeouts, errors < ${formatPercent(goal.errorRate)}, P95 < ${formatMs(goal.p95Ms)}`;
}
