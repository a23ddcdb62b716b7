// Short runs of the bundled phase scenarios through the ordinary runner. The measured window is
// --duration for each; the warm-up is the scenario's, never longer than the window itself, so the
// default command stays around a minute.
import { RunInvalidError, UnreachableError } from '../core/errors.js';
import { applyOverrides } from '../plan/overrides.js';
import { bundledScenarioPath } from '../plan/bundled.js';
import { loadScenarioFile } from '../plan/load-scenario.js';
import type { Scenario } from '../plan/types.js';
import { runScenario } from '../runner/run-scenario.js';
import type { PhaseId, PhaseRun } from './judge-phases.js';

export const PHASES: readonly PhaseId[] = ['phase1', 'phase2', 'phase3'];

export function loadPhaseScenarios(): Promise<Scenario[]> {
  return Promise.all(PHASES.map((p) => loadScenarioFile(bundledScenarioPath(p))));
}

/** The scenario as readiness runs it: shorter window, warm-up capped, pointed at the target. */
export function shortened(s: Scenario, durationMs: number, targetUrl: string): Scenario {
  return applyOverrides(s, { durationMs, warmupMs: Math.min(s.load.warmupMs, durationMs), target: targetUrl });
}

export interface PhaseRunOptions {
  targetUrl: string;
  bundled: boolean;
  durationMs: number;
  signal?: AbortSignal;
}

/**
 * Runs one phase. A run that cannot start measuring (no virtual user got through setup, the target
 * went away) is a failed gate with the runner's own message as evidence, not a crash.
 */
export async function runPhase(phase: PhaseId, s: Scenario, o: PhaseRunOptions & { asIs?: boolean }): Promise<PhaseRun> {
  try {
    const result = await runScenario(o.asIs ? { ...s, target: o.targetUrl } : shortened(s, o.durationMs, o.targetUrl), {
      targetUrl: o.targetUrl, bundled: o.bundled, signal: o.signal,
    });
    return { phase, ran: true, result };
  } catch (err) {
    if (err instanceof RunInvalidError || err instanceof UnreachableError) return { phase, ran: false, why: err.message };
    throw err;
  }
}
