// Before a cause read from timing is named, the experiment it rests on runs once more: a busy machine
// can bend one run into a cause's shape, rarely two. Causes read from status codes (429/503, refused
// connections) and the generator's own limits need no second run.
import { formatSeconds } from '../core/format.js';
import { rankCauses } from './rules/index.js';
import { resize, type ExperimentPlan, type PlannedExperiment } from './plan.js';
import { flowOf, top } from './signals.js';
import { STATUS_BASED } from './verdict.js';
import type { Cause, Observations } from './types.js';

export interface RecheckRunner {
  /** Runs the experiment again and replaces its observation; false when it could not run. */
  rerun(p: PlannedExperiment): Promise<boolean>;
  /** Takes the idle probes again (the baseline middleware-order rests on). */
  resampleIdle(): Promise<boolean>;
  timeLeft(): number;
  overheadMs: number;
  onStep?: (text: string) => void;
}

/** Shortest useful second run (ms). */
const MIN_RERUN_MS = 400;

/**
 * The experiment a cause's evidence rests on: its flow's top sweep, else the mix; 'idle' for the idle
 * baseline. A slow call is read from its run alone, but that run is not repeated: a server that
 * limits the call per user (verification emails) answers the second run from its limit, which would
 * contradict a real cause.
 */
export function evidenceOf(obs: Observations, cause: Cause): string | 'idle' | null {
  if (cause.cause === 'middleware-order') return 'idle';

  for (const name of cause.endpoints) {
    const flow = flowOf(obs, name);
    const exp = flow ? top(obs, flow) : undefined;
    if (exp) return exp.id;
  }
  return obs.experiments.find((e) => e.kind === 'mix')?.id ?? null;
}

export async function checkAgain(obs: Observations, plan: ExperimentPlan, r: RecheckRunner, obsAfter?: () => Observations): Promise<Observations['recheck']> {
  const suspect = rankCauses(obs)[0];
  if (!suspect || STATUS_BASED.has(suspect.cause) || suspect.kind === 'client') return null;
  const what = evidenceOf(obs, suspect);
  if (what === null) return null;
  if (what === 'idle') {
    if (r.timeLeft() < 1000 || !(await r.resampleIdle())) return null;
  } else {
    const planned = plan.experiments.find((e) => e.id === what);
    const room = Math.floor(r.timeLeft() - r.overheadMs - 300);
    if (!planned || room < MIN_RERUN_MS) return null;
    const p = resize(planned, Math.min(planned.durationMs, room));
    r.onStep?.(`checking ${suspect.cause} again: ${p.id} (${formatSeconds(p.durationMs)})`);
    if (!(await r.rerun(p))) return null;
  }
  const again = rankCauses(obsAfter ? obsAfter() : obs);
  return { cause: suspect.cause, experiment: what === 'idle' ? 'the idle probes' : what, confirmed: again.some((c) => c.cause === suspect.cause) };
}
