// The readiness items, their weights and how a list of checks becomes an item. The weights follow
// the action plan's own split of the remaining work: fixing the timeouts 60 %, performance 25 %,
// monitoring and security 15 %; they add up to 100, so an item's weight is its share in percent.
import { describeGoal, phaseGoal } from '../plan/phase-goals.js';
import { note, type Summary } from './evidence.js';
import type { Check, ItemGroup, ItemId, ItemStatus, ReadinessItem } from './types.js';

interface ItemDefinition {
  title: string;
  group: ItemGroup;
  weight: number;
  /** `fraction`: score = checks passed / checks; `all`: 1 when every check passed, else 0. */
  scoring: 'fraction' | 'all';
}

/** `Phase 2 gate (P95 < 500 ms, errors < 5 %, > 50 req/s)`, from the scenario the gate runs. */
function gateTitle(phase: 'phase1' | 'phase2' | 'phase3', name: string): string {
  return `${name} gate (${describeGoal(phaseGoal(phase))})`;
}

export const ITEMS: Readonly<Record<ItemId, ItemDefinition>> = {
  timeouts: { title: 'Seven-endpoint timeout check', group: 'timeouts', weight: 25, scoring: 'fraction' },
  phase1: { title: gateTitle('phase1', 'Phase 1'), group: 'timeouts', weight: 15, scoring: 'all' },
  coverage: { title: 'Endpoint coverage (missing items)', group: 'timeouts', weight: 10, scoring: 'fraction' },
  overload: { title: 'Overload answered with 503 + Retry-After, not timeouts', group: 'timeouts', weight: 10, scoring: 'all' },
  phase2: { title: gateTitle('phase2', 'Phase 2'), group: 'performance', weight: 10, scoring: 'all' },
  phase3: { title: gateTitle('phase3', 'Phase 3'), group: 'performance', weight: 10, scoring: 'all' },
  compression: { title: 'Compression of large responses', group: 'performance', weight: 5, scoring: 'all' },
  health: { title: 'Lightweight /health', group: 'monitoring-security', weight: 5, scoring: 'all' },
  'security-headers': { title: 'Security headers', group: 'monitoring-security', weight: 5, scoring: 'fraction' },
  'error-bodies': { title: 'No stack traces in error bodies', group: 'monitoring-security', weight: 5, scoring: 'fraction' },
};

/** The order items are run in and reported in. */
export const ITEM_ORDER: readonly ItemId[] = [
  'phase1', 'phase2', 'phase3', 'timeouts', 'coverage',
  'security-headers', 'compression', 'health', 'error-bodies', 'overload',
];

export interface ItemOptions {
  /** Overrides the computed summary (the checks' names, or the failed ones). */
  summary?: Summary;
  /** The item could not be judged on trustworthy numbers. */
  invalid?: boolean;
}

/** Builds an item from its checks: pass only when every check passed; no checks at all is a fail. */
export function makeItem(id: ItemId, checks: Check[], options: ItemOptions = {}): ReadinessItem {
  const def = ITEMS[id];
  const passed = checks.filter((c) => c.pass).length;
  const all = checks.length > 0 && passed === checks.length;
  const fraction = checks.length === 0 ? 0 : passed / checks.length;
  const status: ItemStatus = options.invalid ? 'invalid' : all ? 'pass' : 'fail';
  const score = status === 'invalid' ? 0 : def.scoring === 'fraction' ? fraction : all ? 1 : 0;
  return {
    id,
    title: def.title,
    group: def.group,
    weight: def.weight,
    status,
    score,
    summary: options.summary ?? defaultSummary(checks),
    checks,
  };
}

/** Every check's name, and the ones that failed. */
function defaultSummary(checks: Check[]): Summary {
  return { kind: 'checks', names: checks.map((c) => c.name), failed: checks.filter((c) => !c.pass).map((c) => c.name) };
}

/** An item that never ran (stopped early, or an earlier step made it impossible). */
export function notRun(id: ItemId, why: string): ReadinessItem {
  return makeItem(id, [{ name: 'run', pass: false, evidence: note(why) }], { summary: { kind: 'not-run', why } });
}
