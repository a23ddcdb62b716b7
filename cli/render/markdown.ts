// The markdown readiness report: verdict first, then what broke it, then the evidence (tables,
// charts, environment). Pure and deterministic: the only dates in it are the result's own.
import type { Evaluation } from '../evaluate/types.js';
import type { RunResult } from '../results/types.js';
import { formatMetricValue, formatLimit, formatMs, targetScope } from '../core/format.js';
import { code, table } from './markdown-format.js';
import { describeMiss, noteOf, offenderText } from './outcome-text.js';
import { chartsSection, endpointsSection, environmentSection, runSection } from './markdown-sections.js';

export type VerdictWord = 'PASS' | 'FAIL' | 'INVALID' | 'PARTIAL';

export interface VerdictLine {
  word: VerdictWord;
  /** One sentence saying why. */
  why: string;
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

export function targetsSection(result: RunResult, evaluation: Evaluation): string {
  if (evaluation.outcomes.length === 0) return '## Targets\n\nNo targets were set for this scenario.';
  const rows = evaluation.outcomes.map((o) => {
    const note = noteOf(o);
    const by = o.pass ? '' : offenderText(result, o);
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
    (evaluation.warnings ?? []).map((w) => `**Warning:** ${w}.`).join('\n\n'),
    runSection(result),
    targetsSection(result, evaluation),
    endpointsSection(result),
    chartsSection(result),
    environmentSection(result),
  ];
  return `${sections.filter((s) => s.length > 0).join('\n\n')}\n`;
}
