// Judges a run against its targets. Pure: the same RunResult and targets always give the same
// Evaluation, so a saved result can be judged again (or against other targets) long after the run.
import type { TargetSpec } from '../plan/types.js';
import type { EndpointResult, RunResult } from '../results/types.js';
import type { Evaluation, TargetOutcome, Verdict } from './types.js';
import { errorBudgetWarning } from './error-budget.js';
import { waitingWarning } from './window-warning.js';
import { measure, proves, severity } from './metric.js';

export function evaluate(result: RunResult, targets: TargetSpec[] = result.targets): Evaluation {
  const outcomes = targets.map((target) => judge(result, target));
  const verdict: Verdict = !result.validity.valid
    ? 'invalid'
    : outcomes.some((o) => !o.pass)
      ? 'fail'
      : 'pass';
  const warnings = [waitingWarning(result), errorBudgetWarning(result, targets)].filter((w): w is string => w !== null);
  return {
    verdict, outcomes, invalidReasons: result.validity.valid ? [] : [...result.validity.reasons],
    ...(warnings.length === 0 ? {} : { warnings }),
  };
}

function judge(result: RunResult, target: TargetSpec): TargetOutcome {
  if (target.endpoint === null) return judgeOverall(result, target);
  const endpoint = result.endpoints.find((e) => e.name === target.endpoint);
  if (!endpoint) {
    return {
      target,
      actual: null,
      atLeast: false,
      pass: false,
      brokenBy: [target.endpoint],
      note: `endpoint "${target.endpoint}" is not in the results (known: ${names(result.endpoints)})`,
    };
  }
  return judged(target, endpoint, (pass) => (pass ? [] : [endpoint.name]));
}

function judgeOverall(result: RunResult, target: TargetSpec): TargetOutcome {
  return judged(target, result.overall, (pass) => (pass ? [] : offenders(result.endpoints, target)));
}

/** The outcome of one target on one set of numbers; `blame` names who broke it. */
function judged(target: TargetSpec, numbers: EndpointResult, blame: (pass: boolean) => string[]): TargetOutcome {
  const measured = measure(numbers, target.metric);
  const pass = proves(measured, target.op, target.value);
  return {
    target,
    actual: measured.value,
    atLeast: measured.atLeast,
    pass,
    brokenBy: blame(pass),
    ...(measured.value === null ? { note: 'nothing measured: no request was attempted' } : {}),
  };
}

/**
 * Endpoints whose own value breaks the same limit, worst first. Throughput is a property of the
 * whole run (each endpoint carries only its share), so an overall rps target names no offender.
 */
function offenders(endpoints: EndpointResult[], target: TargetSpec): string[] {
  if (target.metric === 'rps') return [];
  const broken: Array<{ name: string; badness: number }> = [];
  for (const endpoint of endpoints) {
    const measured = measure(endpoint, target.metric);
    if (measured.value === null || proves(measured, target.op, target.value)) continue;
    broken.push({ name: endpoint.name, badness: severity(measured.value, target.op, target.value) });
  }
  // Stable sort: ties keep the scenario's endpoint order.
  broken.sort((a, b) => b.badness - a.badness);
  return broken.map((b) => b.name);
}

function names(endpoints: EndpointResult[]): string {
  return endpoints.length === 0 ? 'none' : endpoints.map((e) => e.name).join(', ');
}
