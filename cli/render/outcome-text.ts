// One target outcome in words, shared by the markdown report, the step summary and JUnit, so a
// miss reads the same wherever CI shows it.
import type { TargetOutcome } from '../evaluate/types.js';
import { measure } from '../evaluate/metric.js';
import type { RunResult } from '../results/types.js';
import { formatMetricValue } from '../core/format.js';

/** An outcome's own note (e.g. "endpoint not in the results"), when the evaluation gave one. */
export function noteOf(outcome: TargetOutcome): string | undefined {
  return outcome.note || undefined;
}

/** "measured >= 10 s", or what the evaluation said when nothing was measured. */
export function measuredText(outcome: TargetOutcome): string {
  if (outcome.actual === null) return noteOf(outcome) ?? 'nothing measured';
  return `measured ${formatMetricValue(outcome.target.metric, outcome.actual, outcome.atLeast)}`;
}

/** The endpoints that broke a target, each with its own value: "login (>= 10 s), refresh (1.2 s)". */
export function offenderText(result: RunResult, outcome: TargetOutcome): string {
  return outcome.brokenBy
    .map((name) => {
      const endpoint = result.endpoints.find((e) => e.name === name);
      if (!endpoint) return name;
      const m = measure(endpoint, outcome.target.metric);
      return m.value === null ? name : `${name} (${formatMetricValue(outcome.target.metric, m.value, m.atLeast)})`;
    })
    .join(', ');
}
