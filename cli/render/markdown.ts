// The markdown readiness report, failures first: the verdict, each missed target with its cause,
// then the evidence (targets with the misses on top, tables, charts, environment). Pure and deterministic: the only dates in it are the result's own.
import type { Evaluation, TargetOutcome } from '../evaluate/types.js';
import type { RunResult } from '../results/types.js';
import { formatMetricValue, formatLimit, formatMs, targetScope } from '../core/format.js';
import { code, table } from './markdown-format.js';
import { measuredText, noteOf, offenderText } from './outcome-text.js';
import { missCause, missedFirst, missedOutcomes, setupCause } from './miss-cause.js';
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
    : `${missed.length} of ${total} target(s) missed`;
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

/**
 * One bullet per missed target, its cause after the colon, then a setup that left users unready:
 * "- `p95 < 1s` on login measured >= 10 s (limit < 1 s): P95 sits on 9 timed-out requests (timeout 10 s)".
 */
export function missBullets(result: RunResult, evaluation: Evaluation): string[] {
  const missed = missedOutcomes(evaluation);
  // Targets that measured nothing for one reason (an endpoint absent, nothing attempted) share a bullet.
  const unmeasured = new Map<string, TargetOutcome[]>();
  for (const o of missed.filter((x) => x.actual === null)) {
    const why = missCause(result, o);
    unmeasured.set(why, [...(unmeasured.get(why) ?? []), o]);
  }
  const where = (o: TargetOutcome): string => (o.target.endpoint === null ? 'overall' : `on ${o.target.endpoint}`);
  const bullets: string[] = [];
  for (const o of missed) {
    if (o.actual === null) {
      const why = missCause(result, o);
      const group = unmeasured.get(why)!;
      if (group[0] !== o) continue;
      bullets.push(group.length === 1
        ? `- ${code(o.target.source)} ${where(o)} (limit ${formatLimit(o.target)}): ${why}.`
        : `- ${group.length} targets, ${why}: ${group.map((g) => `${code(g.target.source)} ${where(g)}`).join(', ')}.`);
      continue;
    }
    bullets.push(`- ${code(o.target.source)} ${where(o)} ${measuredText(o)} (limit ${formatLimit(o.target)}): ${missCause(result, o)}.`);
  }
  const setup = setupCause(result);
  if (setup && bullets.length > 0) bullets.push(`- ${setup.charAt(0).toUpperCase()}${setup.slice(1)}.`);
  return bullets;
}

export function targetsSection(result: RunResult, evaluation: Evaluation): string {
  if (evaluation.outcomes.length === 0) return '## Targets\n\nNo targets were set for this scenario.';
  const rows = missedFirst(evaluation.outcomes).map((o) => {
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
    missBullets(result, evaluation).join('\n'),
    (evaluation.warnings ?? []).map((w) => `**Warning:** ${w}.`).join('\n\n'),
    runSection(result),
    targetsSection(result, evaluation),
    endpointsSection(result),
    chartsSection(result),
    environmentSection(result),
  ];
  return `${sections.filter((s) => s.length > 0).join('\n\n')}\n`;
}
