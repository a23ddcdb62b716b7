// Phase gates and the seven-endpoint timeout check, judged from the phase runs. Pure: a run's
// RunResult goes through the same evaluate() and timeoutCheck() the other commands use.
import { evaluate } from '../evaluate/evaluate.js';
import type { TargetOutcome } from '../evaluate/types.js';
import { timeoutCheck, type TimeoutCheckEndpoint } from '../evaluate/timeout-check.js';
import { formatLatency, formatMetricValue, formatPercent, formatRate, targetScope } from '../core/format.js';
import { describeResolved } from '../plan/phase-goals.js';
import type { RunResult } from '../results/types.js';
import { makeItem, notRun } from './items.js';
import type { Check, ReadinessItem } from './types.js';

export type PhaseId = 'phase1' | 'phase2' | 'phase3';

/** What became of one phase run: its result, or why there is none (setup failed, unreachable, stopped). */
export type PhaseRun =
  | { phase: PhaseId; ran: true; result: RunResult }
  | { phase: PhaseId; ran: false; why: string };

function outcomeCheck(o: TargetOutcome): Check {
  const measured = o.actual === null
    ? (o.note ?? 'nothing measured')
    : `measured ${formatMetricValue(o.target.metric, o.actual, o.atLeast)}`;
  const by = !o.pass && o.target.endpoint === null && o.brokenBy.length > 0 ? `; worst: ${o.brokenBy.slice(0, 3).join(', ')}` : '';
  return { name: `${o.target.source} [${targetScope(o.target)}]`, pass: o.pass, evidence: `${measured}${by}` };
}

function overallLine(r: RunResult): string {
  const o = r.overall;
  return `${o.attempted} requests in ${formatLatency(r.measuredMs, false)}: ${formatRate(o.rps)} req/s, `
    + `p95 ${formatLatency(o.latency.p95, o.atLeast.includes('p95'))}, errors ${formatPercent(o.errorRate)}`
    + `${o.errorClasses.timeout > 0 ? `, ${o.errorClasses.timeout} timeouts` : ''}`;
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
    return makeItem(run.phase, [{ name: 'run validity', pass: false, evidence: reasons.join('; ') }, ...checks], {
      invalid: true,
      summary: `INVALID: the load generator's numbers cannot be trusted (${overallLine(r)})`,
    });
  }
  const word = met === total && total > 0 ? 'met' : 'missed';
  const summary = word === 'met'
    ? `all ${total} targets met; ${overallLine(r)}`
    : `${total - met} of ${total} targets missed; ${overallLine(r)}`;
  return makeItem(run.phase, checks, { summary });
}

function endpointEvidence(e: TimeoutCheckEndpoint): string {
  if (e.p95 === null) return 'not measured: no request of the run hit this endpoint';
  const at = e.atLeast;
  const numbers = `p95 ${formatLatency(e.p95, at)}, p99 ${formatLatency(e.p99, at)}, max ${formatLatency(e.max, false)}, `
    + `errors ${formatPercent(e.errorRate)} of ${e.attempted}, ${e.timeouts} timeouts`;
  return e.resolved ? numbers : `${e.reasons.join('; ')} (${numbers})`;
}

/**
 * The action plan's "N/7 resolved", from the daily check's run (the timeouts command's load: open
 * model at the declared rate, described by `load`).
 */
export function judgeTimeouts(daily: PhaseRun, load: string): ReadinessItem {
  if (!daily.ran) return notRun('timeouts', `no daily-check run to judge: ${daily.why}`);
  if (daily.result.partial) return notRun('timeouts', 'the daily-check run was stopped early');
  const check = timeoutCheck(daily.result);
  const checks = check.endpoints.map((e) => ({ name: e.label, pass: e.resolved, evidence: endpointEvidence(e) }));
  const summary = `${check.resolved}/${check.total} resolved (${describeResolved()}; ${load})`;
  if (!daily.result.validity.valid) {
    const reasons = daily.result.validity.reasons.join('; ') || 'the run was marked invalid';
    return makeItem('timeouts', [{ name: 'run validity', pass: false, evidence: reasons }, ...checks], { invalid: true, summary });
  }
  return makeItem('timeouts', checks, { summary });
}
