// The markdown diagnosis report: verdict, ranked causes with evidence and fixes, capacity, experiments.
// Pure and deterministic (only the diagnosis' own timestamps), so it can be snapshot-tested.
import type { Diagnosis } from '../diagnose/types.js';
import { diagnosisHeadline, fixFirstLine } from './diagnosis-terminal.js';
import { table } from './markdown-format.js';
import { describeGoal, phaseGoal } from '../plan/phase-goals.js';
import { formatMs, formatPercent, formatRate, formatRatio } from '../core/format.js';
import { evidenceText } from './diagnosis-evidence.js';
import { fixText, noteText, reasonText } from './diagnosis-reasons.js';

export function renderDiagnosisMarkdown(d: Diagnosis): string {
  const out: string[] = [`# Diagnosis: ${d.scenario} against ${d.target.url}`, '', `**${diagnosisHeadline(d)}**`, ''];
  out.push(`Started ${d.startedAt}; mode \`${d.mode}\`${d.target.bundled ? `; bundled reference server${d.target.faults.length ? ` with fault(s) ${d.target.faults.map((f) => `\`${f}\``).join(', ')}` : ''}` : ''}.`, '');
  if (d.causes.length > 0) {
    out.push('## Causes, most likely first', '');
    d.causes.forEach((c, i) => {
      out.push(`### ${i + 1}. \`${c.cause}\`${c.kind === 'defect' ? '' : ` (${c.kind})`} on ${c.endpoints.map((e) => `\`${e}\``).join(', ')}`, '');
      out.push(`Confidence **${formatRatio(c.confidence)}**: ${reasonText(c.confidenceReason)}.`, '');
      for (const e of c.evidence) out.push(`- ${evidenceText(e)}`);
      out.push('', `**Fix to try:** ${fixText(c)}`, '');
    });
  } else if (d.healthy) {
    out.push('No cause of timeouts was found: no endpoint stalls the others, none queues, none is slow alone.', '');
  }
  if (d.impact.length > 1) {
    out.push('## How much of the slowness each explains', '', 'Time the endpoints lost beyond their own service time alone, per second of the mix, shared between the causes that hit each endpoint by confidence.', '');
    out.push(table(['rank', 'cause', 'share', 'lost ms/s', 'endpoints'], d.impact.map((x, i) => [
      String(i + 1), `\`${x.cause}\``, formatPercent(x.share), String(x.lostMsPerS), x.endpoints.join(', '),
    ]), ['r', 'l', 'r', 'r', 'l']), '');
  }
  if (d.fixFirst) out.push(`**Fix first:** ${fixFirstLine(d)}.`, '');
  if (d.capacity.length > 0) {
    out.push(`## Capacity at phase 3 (${describeGoal(phaseGoal('phase3'), { rps: false })})`, '', 'Highest concurrency measured with the endpoint\'s flow alone that still met it.', '');
    out.push(table(['endpoint', 'connections', 'req/s', 'p95'], d.capacity.map((c) => [
      c.endpoint, c.connections === null ? 'none met it' : String(c.connections),
      c.rps === null ? '-' : formatRate(c.rps), c.p95 === null ? '-' : formatMs(c.p95),
    ]), ['l', 'r', 'r', 'r']), '');
  }
  if (d.experiments.length > 0) {
    out.push('## Experiments', '');
    out.push(table(['experiment', 'connections', 'measured', 'req/s', 'p50', 'p95', 'errors'], d.experiments.map((e) => (e.status === 'ran'
      ? [e.id, String(e.connections), formatMs(e.measuredMs), formatRate(e.rps), formatMs(e.p50), formatMs(e.p95), formatPercent(e.errorRate)]
      : [e.id, String(e.connections), e.status === 'skipped' ? 'skipped (budget spent)' : 'failed (setup refused)', '-', '-', '-', '-'])), ['l', 'r', 'r', 'r', 'r', 'r', 'r']), '');
  }
  if (d.notes.length > 0) out.push('## Notes', '', ...d.notes.map((n) => `- ${noteText(n)}`), '');
  return out.join('\n');
}
