// Replays the action plan: for each milestone, a fresh bundled server in the milestone's lab state for
// each measurement (the daily check at the lab's declared traffic, the milestone's gate scenario, and
// for the last one the readiness score), so no measurement inherits another's backlog, breaker or
// spent email quota. Returns plain data; never prints or exits.
import { RunInvalidError, UnreachableError } from '../core/errors.js';
import { evaluate } from '../evaluate/evaluate.js';
import { timeoutCheck } from '../evaluate/timeout-check.js';
import { bundledScenarioPath } from '../plan/bundled.js';
import { dailyLoad } from '../plan/daily-load.js';
import { loadScenarioFile } from '../plan/load-scenario.js';
import { applyOverrides } from '../plan/overrides.js';
import type { Scenario } from '../plan/types.js';
import { runReadiness } from '../readiness/run-readiness.js';
import { runScenario } from '../runner/run-scenario.js';
import { LAB_TRAFFIC } from '../target/faults.js';
import { startTarget, type Target } from '../target/start-target.js';
import { judgeMilestone, type MeasuredRun, type MilestoneMeasurement, type MilestoneVerdict } from './judge.js';
import type { Milestone } from './milestones.js';

export interface ReplayOptions {
  milestones: readonly Milestone[];
  /** Measured window of each gate run, ms. */
  durationMs: number;
  /** Measured window of each daily check, ms: long enough for a growing queue to show. */
  dailyDurationMs: number;
  signal?: AbortSignal;
  /** "steps-1-3: daily check", ... as each measurement starts. */
  onStep?: (step: string) => void;
}

async function onServer<T>(scenario: Scenario, preset: string, fn: (t: Target) => Promise<T>): Promise<T | { error: string }> {
  let target: Target | null = null;
  try {
    target = await startTarget(scenario, { faults: [], preset });
    return await fn(target);
  } catch (err) {
    if (err instanceof UnreachableError || err instanceof RunInvalidError) return { error: err.message };
    throw err;
  } finally {
    await target?.stop();
  }
}

async function measure(scenario: Scenario, t: Target, signal?: AbortSignal): Promise<MeasuredRun> {
  const result = await runScenario(scenario, { targetUrl: t.url, bundled: t.bundled, signal });
  return { result, evaluation: evaluate(result) };
}

export async function runReplay(o: ReplayOptions): Promise<MilestoneVerdict[]> {
  const phase1 = await loadScenarioFile(bundledScenarioPath('phase1'));
  const daily = dailyLoad(phase1, { model: 'open', traffic: LAB_TRAFFIC }, { durationMs: o.dailyDurationMs });
  const out: MilestoneVerdict[] = [];
  for (const m of o.milestones) {
    if (o.signal?.aborted) break;
    const measured: MilestoneMeasurement = { milestone: m, daily: { error: 'not run' } };
    if (m.resolvedAtLeast !== undefined || m.resolvedAtMost !== undefined) {
      o.onStep?.(`${m.preset}: daily check (${daily.description})`);
      const run = await onServer(daily.scenario, m.preset, (t) => measure(daily.scenario, t, o.signal));
      measured.daily = 'error' in run ? run : { run, check: timeoutCheck(run.result), load: daily.description };
    }
    if (m.gate !== null && !o.signal?.aborted) {
      o.onStep?.(`${m.preset}: ${m.gate} gate`);
      const loaded = await loadScenarioFile(bundledScenarioPath(m.gate));
      const gate = applyOverrides(loaded, { durationMs: o.durationMs, warmupMs: Math.min(loaded.load.warmupMs, o.durationMs) });
      measured.gate = await onServer(gate, m.preset, (t) => measure(gate, t, o.signal));
    }
    if (m.readinessAtLeast !== undefined && !o.signal?.aborted) {
      o.onStep?.(`${m.preset}: readiness`);
      // Seeded for the widest bundled scenario, as `readiness` itself starts the server.
      const phase3 = await loadScenarioFile(bundledScenarioPath('phase3'));
      const r = await onServer(phase3, m.preset, (t) => runReadiness({
        targetUrl: t.url, bundled: true, faults: [], phaseDurationMs: o.durationMs, signal: o.signal,
        daily: { model: 'open', traffic: LAB_TRAFFIC },
      }));
      measured.readiness = 'error' in r ? r : { percent: r.percent, verdict: r.verdict };
    }
    out.push(judgeMilestone(measured));
  }
  return out;
}
