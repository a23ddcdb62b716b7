// The markdown readiness report: verdict first, then what broke it, then the evidence (tables,
// charts, environment). Pure and deterministic: the only dates in it are the result's own.
import type { Evaluation, TargetOutcome } from '../evaluate/types.js';
import type { RunResult } from '../results/types.js';
import { measure } from '../evaluate/metric.js';
import { code, formatMetricValue, formatLimit, formatMs, table, targetScope } from './markdown-format.js';
import { chartsSection, endpointsSection, environmentSection, runSection } from './markdown-sections.js';

export type VerdictWord = 'PASS' | 'FAIL' | 'INVALID' | 'PARTIAL';

export interface VerdictLine {
  word: VerdictWord;
  /** One sentence saying why. */
  why: string;
}

/** An outcome's own note (e.g. "endpoint not in the results"), when the evaluation gave one. */
function noteOf(outcome: TargetOutcome): string | undefined {
  const note = (outcome as TargetOutcome & { note?: unknown }).note;
  return typeof note === 'string' && note ? note : undefined;
}

/** "`p95 < 1s` on login measured >= 10 s" — one missed target, in words. */
export function describeMiss(outcome: TargetOutcome): string {
  const { target } = outcome;
  const where = target.endpoint === null ? 'overall' : `on ${target.endpoint}`;
  const note = noteOf(outcome);
  const measured = outcome.actual === null
    ? note ?? 'nothing measured'
    : `measured ${formatMetricValue(target.metric, outcome.actual, outcome.atLeast)}`;
  const by = target.endpoint === null && outcome.brokenBy.length > 0 ? `, broken by ${outcome.brokenBy.join(', ')}` : '';
  return `${code(target.source)} ${where} ${measured}${by}`;
}

/** PASS / FAIL / INVALID / PARTIAL and the one sentence why. Invalid outranks partial outranks fail. */
export function verdictLine(result: RunResult, evaluation: Evaluation): VerdictLine {
  const missed = evaluation.outcomes.filter((o) => !o.pass);
  const total = evaluation.outcomes.length;
  const judged = missed.length === 0
    ? total === 0 ? 'no targets were set, so nothing was judged' : `all ${total} target(s) met`
    : `${missed.length} of ${total} target(s) missed: ${missed.map(describeMiss).join('; ')}`;
  if (evaluation.verdict === 'invalid') {
    const reasons = evaluation.invalidReasons.length > 0 ? evaluation.invalidReasons.join('; ') : 'the run was marked invalid';
    return { word: 'INVALID', why: `The numbers of this run cannot be trusted: ${reasons}.` };
  }
  if (result.partial) {
    return { word: 'PARTIAL', why: `The run was stopped early after ${formatMs(result.measuredMs)} measured; on what ran, ${judged}.` };
  }
  const sentence = judged.charAt(0).toUpperCase() + judged.slice(1);
  return { word: evaluation.verdict === 'pass' ? 'PASS' : 'FAIL', why: `${sentence}.` };
}

/** An offender with its own value, e.g. "login (>= 10 s)". */
function offender(result: RunResult, outcome: TargetOutcome, name: string): string {
  const endpoint = result.endpoints.find((e) => e.name === name);
  if (!endpoint) return name;
  const m = measure(endpoint, outcome.target.metric);
  return `${name} (${formatMetricValue(outcome.target.metric, m.value, m.atLeast)})`;
}

export function targetsSection(result: RunResult, evaluation: Evaluation): string {
  if (evaluation.outcomes.length === 0) return '## Targets\n\nNo targets were set for this scenario.';
  const rows = evaluation.outcomes.map((o) => {
    const note = noteOf(o);
    const by = o.pass ? '' : o.brokenBy.map((name) => offender(result, o, name)).join(', ');
    return [
      code(o.target.source),
      targetScope(o.target),
      formatMetricValue(o.target.metric, o.actual, o.atLeast),
      formatLimit(o.target),
      o.pass ? 'pass' : '**FAIL**',
      [by, note].filter(Boolean).join('; ') || '—',
    ];
  });
  const lowerBound = evaluation.outcomes.some((o) => o.atLeast)
    ? '\n\n">=" marks a lower bound: the percentile landed on requests that timed out, so the true latency is at least that.'
    : '';
  const untrusted = evaluation.verdict === 'invalid'
    ? '\n\nThe run is invalid: these judgements are shown for diagnosis only and prove nothing.'
    : '';
  return `## Targets\n\n${table(['target', 'applies to', 'measured', 'limit', 'result', 'broken by'], rows)}${lowerBound}${untrusted}`;
}

export function renderMarkdown(result: RunResult, evaluation: Evaluation): string {
  const verdict = verdictLine(result, evaluation);
  const sections = [
    `# ${verdict.word}: ${result.scenario.name}`,
    verdict.why,
    runSection(result),
    targetsSection(result, evaluation),
    endpointsSection(result),
    chartsSection(result),
    environmentSection(result),
  ];
  return `${sections.filter((s) => s.length > 0).join('\n\n')}\n`;
}
