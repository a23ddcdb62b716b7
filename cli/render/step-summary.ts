// A compact markdown summary for $GITHUB_STEP_SUMMARY, failures first: the verdict, each miss with
// its cause, the targets (misses on top) and one line per endpoint, small enough to read on the run page; the full report stays in the uploaded artifact.
import type { Evaluation } from '../evaluate/types.js';
import type { RunResult } from '../results/types.js';
import { formatLatency, formatLimit, formatMetricValue, formatMs, formatPercent, formatRate, targetScope } from '../core/format.js';
import { code, table } from './markdown-format.js';
import { missBullets, verdictLine } from './markdown.js';
import { missedFirst } from './miss-cause.js';
import { offenderText } from './outcome-text.js';

export function renderStepSummary(result: RunResult, evaluation: Evaluation): string {
  const verdict = verdictLine(result, evaluation);
  const parts = [`### ${verdict.word}: ${result.scenario.name}`, verdict.why];
  const misses = missBullets(result, evaluation);
  if (misses.length > 0) parts.push(misses.join('\n'));
  if (evaluation.outcomes.length > 0) {
    parts.push(table(
      ['target', 'applies to', 'measured', 'limit', 'result'],
      missedFirst(evaluation.outcomes).map((o) => [
        code(o.target.source),
        targetScope(o.target),
        formatMetricValue(o.target.metric, o.actual, o.atLeast),
        formatLimit(o.target),
        o.pass ? 'pass' : `**FAIL**${o.brokenBy.length > 0 ? ` (${offenderText(result, o)})` : ''}`,
      ]),
    ));
  }
  const endpoints = [...result.endpoints, result.overall];
  parts.push(table(
    ['endpoint', 'rps', 'error %', 'p95', 'p99'],
    endpoints.map((e) => [
      e === result.overall ? '**overall**' : e.name,
      formatRate(e.rps),
      formatPercent(e.errorRate),
      e.attempted === 0 ? '—' : formatLatency(e.latency.p95, e.atLeast.includes('p95')),
      e.attempted === 0 ? '—' : formatLatency(e.latency.p99, e.atLeast.includes('p99')),
    ]),
    ['l', 'r', 'r', 'r', 'r'],
  ));
  parts.push(
    `<sub>${result.scenario.model} model, ${formatMs(result.measuredMs)} measured against ${result.target.url} ` +
      `with ${result.environment.engine}, zimmer-bench ${result.environment.zimmerBench}, Node.js ${result.environment.node}</sub>`,
  );
  return `${parts.join('\n\n')}\n`;
}
