// The terminal view of a diagnosis: the verdict first, then each cause (most certain first) with its
// endpoints, evidence and the fix to try, then capacity per endpoint and what ran. Pure; the facts are
// worded by diagnosis-evidence.ts and diagnosis-reasons.ts, as in every diagnosis output.
import { Chalk, type ChalkInstance } from 'chalk';
import Table from 'cli-table3';
import type { Diagnosis } from '../diagnose/types.js';
import { formatMs, formatPercent, formatRate, formatRatio, formatSeconds } from '../core/format.js';
import { describeGoal, phaseGoal } from '../plan/phase-goals.js';
import { evidenceText } from './diagnosis-evidence.js';
import { fixText, inconclusiveText, noteText, reasonText } from './diagnosis-reasons.js';

export function diagnosisHeadline(d: Diagnosis): string {
  const how = `${d.mode}, ${formatSeconds(d.durationMs)} of a ${formatSeconds(d.budgetMs, 0)} budget${d.partial ? ', PARTIAL' : ''}`;
  if (d.verdict === 'inconclusive') return `INCONCLUSIVE  ${d.inconclusive ? inconclusiveText(d.inconclusive) : 'too noisy to tell'} (${how})`;
  if (d.healthy) return `HEALTHY  no cause of timeouts found (${how})`;
  if (d.causes.length === 0) return `UNEXPLAINED  targets missed or most experiments failed, no known cause matched (${how})`;
  const first = d.causes[0];
  return `FOUND  ${d.causes.length} cause${d.causes.length === 1 ? '' : 's'}; most likely ${first?.cause} on ${first?.endpoints.join(', ')} (${how})`;
}

export function renderDiagnosisTerminal(d: Diagnosis, options: { color: boolean }): string {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const lines = [colorHeadline(d, c), ''];
  d.causes.forEach((cause, i) => {
    lines.push(`${c.bold(`${i + 1}. ${cause.cause}`)}${cause.kind === 'defect' ? '' : ` (${cause.kind})`}  confidence ${formatRatio(cause.confidence)}  on ${cause.endpoints.join(', ')}`);
    lines.push(`   ${c.dim(`why this sure: ${reasonText(cause.confidenceReason)}`)}`);
    for (const e of cause.evidence) lines.push(`   - ${evidenceText(e)}`);
    lines.push(`   ${c.cyan('fix:')} ${fixText(cause)}`, '');
  });
  if (d.impact.length > 1) {
    lines.push(c.bold('How much of the slowness each explains (time lost beyond the endpoints\' own service time):'));
    d.impact.forEach((x, i) => lines.push(`  ${i + 1}. ${x.cause.padEnd(22)} ${formatPercent(x.share).padStart(7)}  on ${x.endpoints.join(', ')}`));
    lines.push('');
  }
  if (d.fixFirst) lines.push(`${c.bold('Fix first:')} ${fixFirstLine(d)}`, '');
  if (d.capacity.length > 0) {
    lines.push(c.bold(`Highest load meeting phase 3 (${describeGoal(phaseGoal('phase3'), { rps: false })}), each endpoint alone:`));
    const t = new Table({ head: ['endpoint', 'connections', 'req/s', 'p95'], style: { head: [], border: [] } });
    for (const cap of d.capacity) {
      t.push([cap.endpoint, cap.connections === null ? 'none met it' : String(cap.connections),
        cap.rps === null ? '-' : formatRate(cap.rps), cap.p95 === null ? '-' : formatMs(cap.p95)]);
    }
    lines.push(t.toString(), '');
  }
  if (d.experiments.length > 0) {
    lines.push(c.bold('Experiments:'));
    const t = new Table({ head: ['experiment', 'conns', 'req/s', 'p50', 'p95', 'errors'], style: { head: [], border: [] } });
    for (const e of d.experiments) {
      t.push(e.status === 'ran'
        ? [e.id, String(e.connections), formatRate(e.rps), formatMs(e.p50), formatMs(e.p95), formatPercent(e.errorRate)]
        : [e.id, String(e.connections), { colSpan: 4, content: e.status === 'skipped' ? 'skipped (budget spent)' : 'failed (setup refused)' }]);
    }
    lines.push(t.toString());
  }
  if (d.notes.length > 0) lines.push('', c.bold('Notes:'), ...d.notes.map((n) => `  - ${noteText(n)}`));
  return `${lines.join('\n')}\n`;
}

function colorHeadline(d: Diagnosis, c: ChalkInstance): string {
  const text = diagnosisHeadline(d);
  const [word, ...rest] = text.split('  ');
  const paint = d.healthy ? c.bold.green : d.verdict === 'found' ? c.bold.red : c.bold.yellow;
  return `${paint(word ?? '')}  ${rest.join('  ')}`;
}

/** Which cause to fix first and why, the same sentence in every renderer. */
export function fixFirstLine(d: Diagnosis): string {
  const x = d.impact.find((i) => i.cause === d.fixFirst);
  return x ? `${x.cause}: it explains ${formatPercent(x.share)} of the time lost in the mix, on ${x.endpoints.join(', ')}` : String(d.fixFirst);
}
