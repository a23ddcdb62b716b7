// Phase gates and the seven-endpoint timeout check, judged from the phase runs. Pure: a run's
// RunResult goes through the same evaluate() and timeoutCheck() the other commands use.
import { evaluate } from '../evaluate/evaluate.js';
import type { TargetOutcome } from '../evaluate/types.js';
import { timeoutCheck } from '../evaluate/timeout-check.js';
import { targetScope } from '../core/format.js';
import type { RunResult } from '../results/types.js';
import type { RunFacts } from './evidence.js';
import { makeItem, notRun } from './items.js';
import type { Check, ReadinessItem } from './types.js';

export type PhaseId = 'phase1' | 'phase2' | 'phase3';

/** What became of one phase run: its result, or why there is none (setup failed, unreachable, stopped). */
export type PhaseRun =
  | { phase: PhaseId; ran: true; result: RunResult }
  | { phase: PhaseId; ran: false; why: string };

function outcomeCheck(o: TargetOutcome): Check {
  const worst = !o.pass && o.target.endpoint === null ? o.brokenBy.slice(0, 3) : [];
  return {
    name: `${o.target.source} [${targetScope(o.target)}]`,
    pass: o.pass,
    evidence: { kind: 'target', metric: o.target.metric, actual: o.actual, atLeast: o.atLeast, ...(o.note !== undefined ? { note: o.note } : {}), worst },
  };
}

function runFacts(r: RunResult): RunFacts {
  const o = r.overall;
  return {
    attempted: o.attempted, measuredMs: r.measuredMs, rps: o.rps, p95: o.latency.p95,
    p95AtLeast: o.atLeast.includes('p95'), errorRate: o.errorRate, timeouts: o.errorClasses.timeout,
  };
}

export function judgePhase(run: PhaseRun): ReadinessItem {
  if (!run.ran) return notRun(run.phase, run.why);
  const r = run.result;
  if (r.partial) return notRun(run.phase, 'stopped before the measured window ended');
  const evaluation = evaluate(r);
  const checks = evaluation.outcomes.map(outcomeCheck);
  const met = evaluation.outcomes.filter((o) => o.pass).length;
  const total = evaluation.outcomes.length;
  if (evaluation.verdict === 'invalid') {
    const reasons = evaluation.invalidReasons.length > 0 ? evaluation.invalidReasons : ['the run was marked invalid'];
    return makeItem(run.phase, [{ name: 'run validity', pass: false, evidence: { kind: 'reasons', reasons } }, ...checks], {
      invalid: true,
      summary: { kind: 'phase', met, total, invalid: true, run: runFacts(r) },
    });
  }
  return makeItem(run.phase, checks, { summary: { kind: 'phase', met, total, invalid: false, run: runFacts(r) } });
}

/**
 * The action plan's "N/7 resolved", from the daily check's run (the timeouts command's load: open
 * model at the declared rate, described by `load`).
 */
export function judgeTimeouts(daily: PhaseRun, load: string): ReadinessItem {
  if (!daily.ran) return notRun('timeouts', `no daily-check run to judge: ${daily.why}`);
  if (daily.result.partial) return notRun('timeouts', 'the daily-check run was stopped early');
  const check = timeoutCheck(daily.result);
  const checks: Check[] = check.endpoints.map((e) => ({ name: e.label, pass: e.resolved, evidence: { kind: 'endpoint', endpoint: e } }));
  const summary = { kind: 'timeouts' as const, resolved: check.resolved, total: check.total, load };
  if (!daily.result.validity.valid) {
    const reasons = daily.result.validity.reasons.length > 0 ? daily.result.validity.reasons : ['the run was marked invalid'];
    return makeItem('timeouts', [{ name: 'run validity', pass: false, evidence: { kind: 'reasons', reasons } }, ...checks], { invalid: true, summary });
  }
  return makeItem('timeouts', checks, { summary });
}
