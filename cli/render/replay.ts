// The plan replay as text: one row per milestone (milestone | plan expects | measured | verdict) for
// the terminal and the markdown report, then per-endpoint detail of each daily check. Pure.
import type { MilestoneVerdict } from '../replay/judge.js';
import { formatMetricValue, formatMs, formatPercent } from '../core/format.js';

const status = (holds: boolean | null) => (holds === null ? 'cannot tell' : holds ? 'holds' : 'does not hold');

export function replayRows(verdicts: readonly MilestoneVerdict[]): string[][] {
  return verdicts.map((v) => [
    v.measurement.milestone.title,
    v.measurement.milestone.expects,
    // Each expectation carries its own verdict, so "gate passes" never reads as a claim when it did not hold.
    v.expectations.map((e) => `[${status(e.holds)}] ${e.what}: ${e.measured}`).join('; ') || 'nothing to measure',
    v.verdict,
  ]);
}

const HEAD = ['milestone', 'plan expects', 'measured', 'verdict'];

export function renderReplayTerminal(verdicts: readonly MilestoneVerdict[], context: string): string {
  const lines = [context, ''];
  for (const [title, expects, measured, verdict] of replayRows(verdicts)) {
    lines.push(`${(verdict ?? '').toUpperCase()}  ${title}`, `    plan expects: ${expects}`, `    measured:     ${measured}`, '');
  }
  return `${lines.join('\n')}`;
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function renderReplayMarkdown(verdicts: readonly MilestoneVerdict[], context: string): string {
  const out = ['# The action plan, replayed', '', context, '', `| ${HEAD.join(' | ')} |`, `|${HEAD.map(() => '---').join('|')}|`];
  for (const row of replayRows(verdicts)) out.push(`| ${row.map(cell).join(' | ')} |`);
  for (const v of verdicts) {
    const m = v.measurement;
    out.push('', `## ${m.milestone.title} (\`--preset ${m.milestone.preset}\`)`, '');
    for (const e of v.expectations) out.push(`- ${status(e.holds)}: ${e.what}: ${e.measured}`);
    if (!('error' in m.daily)) {
      out.push('', `Daily check, ${m.daily.load}:`, '', '| endpoint | resolved | P95 | errors | timeouts | why |', '|---|---|---|---|---|---|');
      for (const e of m.daily.check.endpoints) {
        const p95 = e.p95 === null ? '-' : `${e.atLeast ? '>= ' : ''}${formatMs(e.p95)}`;
        out.push(`| ${cell(e.label)} | ${e.resolved ? 'yes' : 'no'} | ${p95} | ${formatPercent(e.errorRate)} of ${e.attempted} | ${e.timeouts} | ${cell(e.reasons.join('; '))} |`);
      }
    }
    if (m.gate && !('error' in m.gate)) {
      out.push('', `Gate \`${m.milestone.gate}\`:`, '', '| target | measured | met |', '|---|---|---|');
      for (const o of m.gate.evaluation.outcomes) {
        out.push(`| ${cell(o.target.source)}${o.target.endpoint ? ` [${o.target.endpoint}]` : ''} | ${o.actual === null ? cell(o.note ?? '-') : formatMetricValue(o.target.metric, o.actual, o.atLeast)} | ${o.pass ? 'yes' : 'no'} |`);
      }
    }
  }
  return `${out.join('\n')}\n`;
}
