// Sets what was measured for a milestone against what the plan expects. Pure: plain data in and out.
import type { TimeoutCheck } from '../evaluate/timeout-check.js';
import type { Evaluation } from '../evaluate/types.js';
import type { RunResult } from '../results/types.js';
import type { Milestone } from './milestones.js';
import { formatMs, formatPercent, formatRate, formatScorePercent } from '../core/format.js';

export type ReplayVerdict = 'holds' | 'does not hold' | 'cannot tell';

export interface MeasuredRun {
  result: RunResult;
  evaluation: Evaluation;
}

export interface MilestoneMeasurement {
  milestone: Milestone;
  /** The daily check at the lab's declared traffic. */
  daily: { run: MeasuredRun; check: TimeoutCheck; load: string } | { error: string };
  /** The milestone's gate scenario. */
  gate?: MeasuredRun | { error: string };
  readiness?: { percent: number; verdict: string } | { error: string };
}

export interface Expectation {
  what: string;
  measured: string;
  /** null: it could not be judged (the run was invalid or did not happen). */
  holds: boolean | null;
}

export interface MilestoneVerdict {
  measurement: MilestoneMeasurement;
  expectations: Expectation[];
  verdict: ReplayVerdict;
}

const pct = (f: number) => formatPercent(f);
const ms = (v: number, atLeast: boolean) => `${atLeast ? '>= ' : ''}${formatMs(v)}`;

function invalid(run: MeasuredRun): string | null {
  return run.result.validity.valid ? null : run.result.validity.reasons.join('; ') || 'the run was marked invalid';
}

export function judgeMilestone(m: MilestoneMeasurement): MilestoneVerdict {
  const out: Expectation[] = [];
  const ms0 = m.milestone;
  if (ms0.resolvedAtLeast !== undefined || ms0.resolvedAtMost !== undefined) {
    const what = ms0.resolvedAtMost !== undefined ? `at most ${ms0.resolvedAtMost}/7 resolved` : `at least ${ms0.resolvedAtLeast}/7 resolved`;
    if ('error' in m.daily) out.push({ what, measured: `not measured: ${m.daily.error}`, holds: null });
    else {
      const { check, run } = m.daily;
      const o = run.result.overall;
      const measured = `${check.resolved}/${check.total} resolved (P95 ${ms(o.latency.p95, o.atLeast.includes('p95'))}, errors ${pct(o.errorRate)}, ${o.errorClasses.timeout ?? 0} timeouts)`;
      const ok = (ms0.resolvedAtLeast === undefined || check.resolved >= ms0.resolvedAtLeast)
        && (ms0.resolvedAtMost === undefined || check.resolved <= ms0.resolvedAtMost);
      const bad = invalid(run);
      out.push({ what, measured: bad ? `${measured}; invalid: ${bad}` : measured, holds: bad ? null : ok });
    }
  }
  if (ms0.gate !== null && m.gate) {
    const what = `${ms0.gate} gate passes`;
    if ('error' in m.gate) out.push({ what, measured: `not measured: ${m.gate.error}`, holds: null });
    else {
      const { result, evaluation } = m.gate;
      const o = result.overall;
      const failed = evaluation.outcomes.filter((x) => !x.pass).map((x) => `${x.target.source}${x.target.endpoint ? ` [${x.target.endpoint}]` : ''}`);
      const measured = `P95 ${ms(o.latency.p95, o.atLeast.includes('p95'))}, errors ${pct(o.errorRate)}, ${formatRate(o.rps)} RPS`
        + (failed.length ? `; missed: ${failed.slice(0, 4).join(', ')}${failed.length > 4 ? ` (+${failed.length - 4})` : ''}` : '; every target met');
      const bad = invalid(m.gate);
      out.push({ what, measured: bad ? `${measured}; invalid: ${bad}` : measured, holds: evaluation.verdict === 'invalid' ? null : evaluation.verdict === 'pass' });
    }
  }
  if (ms0.readinessAtLeast !== undefined) {
    const what = `readiness >= ${ms0.readinessAtLeast} %`;
    if (!m.readiness || 'error' in m.readiness) out.push({ what, measured: `not measured${m.readiness && 'error' in m.readiness ? `: ${m.readiness.error}` : ''}`, holds: null });
    else out.push({ what, measured: `readiness ${formatScorePercent(m.readiness.percent)}`, holds: m.readiness.verdict === 'invalid' ? null : m.readiness.percent >= ms0.readinessAtLeast });
  }
  const verdict: ReplayVerdict = out.some((e) => e.holds === false) ? 'does not hold'
    : out.some((e) => e.holds === null) ? 'cannot tell' : 'holds';
  return { measurement: m, expectations: out, verdict };
}

/** 0 when every milestone holds, 1 when one does not, 3 when none failed but one could not be judged. */
export function replayExit(verdicts: readonly MilestoneVerdict[]): 0 | 1 | 3 {
  if (verdicts.some((v) => v.verdict === 'does not hold')) return 1;
  if (verdicts.some((v) => v.verdict === 'cannot tell')) return 3;
  return 0;
}
