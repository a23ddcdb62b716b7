// Plans diagnose's experiments from a base scenario and a time budget, up front and pure: every flow
// alone at concurrency 1 (service time), every flow alone at higher concurrency (the knee), then the
// whole mix. Durations are cut from the budget so that the total, overhead included, fits in it.
import type { ClosedLoad, FlowSpec, LoadSpec, Scenario, UsersSpec } from '../plan/types.js';
import type { ExperimentKind, FlowInfo } from './types.js';
import type { DiagnosisNote } from './reasons.js';
import { formatSeconds } from '../core/format.js';
import { modelOf } from '../runner/models/index.js';

export interface PlannedExperiment {
  id: string;
  kind: ExperimentKind;
  flow: string | null;
  connections: number;
  /** Measured window + warm-up, ms. */
  durationMs: number;
  warmupMs: number;
  /** Whether tracer probes run during it (not when measuring service time alone). */
  probes: boolean;
  scenario: Scenario;
}

export interface ExperimentPlan {
  flows: FlowInfo[];
  /** Concurrency levels of the sweep, the first being 1 (the `alone` runs). */
  levels: number[];
  experiments: PlannedExperiment[];
  /** Budget the plan was made for and the time it expects to take, overhead included (ms). */
  budgetMs: number;
  plannedMs: number;
  notes: DiagnosisNote[];
}

export interface PlanOptions {
  /** Fixed cost of one run beyond its window: preflight, per-user setup, drain (ms). */
  overheadMs?: number;
  /** Requests are given up after this long in experiments (bounds the drain of short runs). */
  maxTimeoutMs?: number;
}

export const DEFAULT_OVERHEAD_MS = 400;
const MIN_RUN_MS = 400;
const MIN_MIX_MS = 1200;
/** The mix weighs this many ordinary runs: it is the one that shows contention and spikes. */
const MIX_WEIGHT = 3;
const MAX_RUN_MS = 4000;
const MAX_ALONE_MS = 1000;
const MAX_MIX_MS = 15_000;
/** Sweeps to try, richest first, with the shortest run each needs to say anything. */
const LEVEL_CHOICES: Array<{ levels: number[]; minRunMs: number }> = [
  { levels: [1, 4, 16], minRunMs: 800 },
  { levels: [1, 8], minRunMs: MIN_RUN_MS },
];

export function flowLabel(flow: FlowSpec): string {
  return flow.run.join('+');
}

export function planExperiments(base: Scenario, budgetMs: number, options: PlanOptions = {}): ExperimentPlan {
  const overhead = options.overheadMs ?? DEFAULT_OVERHEAD_MS;
  const flows = base.mix.map((f) => ({ label: flowLabel(f), requests: [...f.run] }));
  const n = base.mix.length;
  const notes: DiagnosisNote[] = [];
  let levels: number[] = [1];
  let unit = 0;
  for (const choice of LEVEL_CHOICES) {
    const runs = n * choice.levels.length + 1;
    const u = (budgetMs - runs * overhead) / (n * choice.levels.length + MIX_WEIGHT);
    if (u >= choice.minRunMs) {
      levels = choice.levels;
      unit = u;
      break;
    }
  }
  if (unit === 0) {
    unit = Math.max(MIN_RUN_MS, (budgetMs - (n + 1) * overhead) / (n + MIX_WEIGHT));
    notes.push({ kind: 'budget-no-sweep', budgetMs });
  }
  // Alone runs are capped (below): what they leave goes to the sweep and the mix.
  const aloneMs = Math.min(MAX_ALONE_MS, Math.floor(unit));
  const runs = n * levels.length + 1;
  const rest = (budgetMs - runs * overhead - n * aloneMs) / (n * (levels.length - 1) + MIX_WEIGHT);
  const shared = Math.max(unit, rest);
  const sweepMs = Math.min(MAX_RUN_MS, Math.floor(shared));
  const mixMs = Math.min(MAX_MIX_MS, Math.max(MIN_MIX_MS, Math.floor(shared * MIX_WEIGHT)));
  const experiments: PlannedExperiment[] = [];
  const timeout = options.maxTimeoutMs ?? 2500;
  for (const level of levels) {
    base.mix.forEach((flow, i) => {
      const kind: ExperimentKind = level === 1 ? 'alone' : 'sweep';
      // A service time needs few samples; and a slow path that only some requests take (the first
      // ones before a rate limit) must not drown in a long run of fast answers.
      const runMs = kind === 'alone' ? aloneMs : sweepMs;
      experiments.push({
        id: `${kind}-${flows[i]?.label ?? i}-c${level}`,
        kind,
        flow: flows[i]?.label ?? null,
        connections: level,
        durationMs: runMs,
        warmupMs: warmupFor(runMs),
        probes: kind === 'sweep',
        scenario: derive(base, [{ weight: 1, run: [...flow.run] }], closed(level, runMs), timeout, false, FLOW_USERS),
      });
    });
  }
  experiments.push({
    id: 'mix',
    kind: 'mix',
    flow: null,
    connections: mixConnections(base.load),
    durationMs: mixMs,
    warmupMs: warmupFor(mixMs),
    probes: true,
    scenario: derive(base, base.mix, mixLoad(base.load, mixMs), timeout, true, MIX_USERS),
  });
  const plannedMs = experiments.reduce((t, e) => t + e.durationMs + overhead, 0);
  if (plannedMs > budgetMs) {
    notes.push({ kind: 'budget-short', budgetMs, plannedMs });
  }
  return { flows, levels, experiments, budgetMs, plannedMs, notes };
}

/** A sixth of the run warms up (JIT, connections), never more than 500 ms. */
function warmupFor(durationMs: number): number {
  return Math.min(500, Math.round(durationMs / 6));
}

function closed(connections: number, durationMs: number): ClosedLoad {
  const warmupMs = warmupFor(durationMs);
  return { model: 'closed', connections, durationMs: durationMs - warmupMs, warmupMs };
}

function mixConnections(load: LoadSpec): number {
  return modelOf(load).peakConnections(load);
}

/** The mix keeps the base load's shape, held at its peak (an open model's highest stage rate). */
function mixLoad(load: LoadSpec, durationMs: number): LoadSpec {
  return modelOf(load).atPeak(load, durationMs, warmupFor(durationMs));
}

/**
 * Virtual users logged in per experiment: connections share them (connection i is user i mod n).
 * Each setup login costs a full password hash, and behind a serializing fault twenty of them would
 * eat seconds of the budget before anything is measured.
 */
export const FLOW_USERS = 2;
export const MIX_USERS = 4;

function capUsers(users: UsersSpec, n: number): UsersSpec {
  if (users.kind === 'pattern') return { ...users, count: Math.min(users.count, n) };
  if (users.kind === 'inline') return { ...users, list: users.list.slice(0, n) };
  return users;
}

function derive(base: Scenario, mix: FlowSpec[], load: LoadSpec, maxTimeoutMs: number, keepTargets: boolean, users: number): Scenario {
  // A setup step that no flow sends keeps the scenario's own timeout: it is sent before the window,
  // never drained after it, and a login the scenario gives 10 s must not fail the experiment at 2.5 s
  // (a slow sign-in is a finding of the runs, not a reason to skip them).
  const inFlows = new Set(base.mix.flatMap((f) => f.run));
  const requests = Object.fromEntries(
    Object.entries(base.requests).map(([k, r]) => [k, { ...r, timeoutMs: base.setup.includes(k) && !inFlows.has(k) ? r.timeoutMs : Math.min(r.timeoutMs, maxTimeoutMs) }]),
  );
  return { ...base, users: capUsers(base.users, users), requests, mix, load, targets: keepTargets ? base.targets : [] };
}

/** Shortest an experiment may be squeezed to when the budget runs short (a mix: three of them). */
const MIN_SQUEEZED_MS = 350;

/**
 * How long the next experiment may run so that it and everything after it still fit in `leftMs`,
 * each costing `overheadMs` beyond its window; durations shrink in proportion, and room for the mix
 * is kept back. Null when the next one must be skipped.
 */
export function fitNext(remaining: readonly PlannedExperiment[], leftMs: number, overheadMs: number): number | null {
  const [next, ...rest] = remaining;
  if (!next) return null;
  const windows = remaining.reduce((t, e) => t + e.durationMs, 0);
  const need = windows + remaining.length * overheadMs;
  const factor = need <= leftMs ? 1 : Math.max(0, (leftMs - remaining.length * overheadMs) / windows);
  const floor = next.kind === 'mix' ? 3 * MIN_SQUEEZED_MS : MIN_SQUEEZED_MS;
  const durationMs = Math.max(floor, Math.floor(next.durationMs * factor));
  const mix = rest.find((e) => e.kind === 'mix');
  const reserve = mix ? Math.max(3 * MIN_SQUEEZED_MS, Math.floor(mix.durationMs * factor)) + overheadMs : 0;
  return leftMs - reserve >= durationMs + overheadMs ? durationMs : null;
}

/** The same experiment with another window length (warm-up recomputed). */
export function resize(p: PlannedExperiment, durationMs: number): PlannedExperiment {
  if (durationMs === p.durationMs) return p;
  const load = p.kind === 'mix' ? mixLoad(p.scenario.load, durationMs) : closed(p.connections, durationMs);
  return { ...p, durationMs, warmupMs: warmupFor(durationMs), scenario: { ...p.scenario, load } };
}

/**
 * Why an experiment was skipped: the record the observations keep of it (a string in diagnosis@1,
 * beside a failed run's error) and its note, in the same words.
 */
export function budgetLeft(leftMs: number): string {
  return `${formatSeconds(Math.max(0, leftMs))} of budget left`;
}
