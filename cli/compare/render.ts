// The comparison as markdown: verdict line first, then one row per endpoint with each metric's
// BASE -> NEW move, worse cells in bold, then what weakens the comparison. Pure.
import { formatChange, formatLatency, formatMs, formatPercent, formatPoints, formatRate } from '../core/format.js';
import { table } from '../render/markdown-format.js';
import { COMPARE_METRICS, type CompareMetric, type Comparison, type ComparisonRow } from './compare.js';

const HEADERS: Record<CompareMetric, string> = { p50: 'p50', p95: 'p95', p99: 'p99', error_rate: 'error %', rps: 'rps' };

function show(metric: CompareMetric, v: number | null, atLeast: boolean): string {
  if (v === null) return '—';
  if (metric === 'error_rate') return formatPercent(v);
  if (metric === 'rps') return formatRate(v);
  return formatLatency(v, atLeast);
}

function changeText(r: ComparisonRow): string {
  if (r.metric === 'error_rate') return r.delta === null ? '' : ` (${formatPoints(r.delta)})`;
  return r.change === null ? '' : ` (${formatChange(r.change)})`;
}

const MARK: Record<ComparisonRow['status'], string> = {
  regression: ' **worse**', missing: ' **missing in NEW**', improvement: ' better', same: '', added: ' new', unknown: ' cannot tell',
};

export function comparisonCell(r: ComparisonRow): string {
  // A change against a lower bound is not a number anyone measured: the words say what is known.
  const change = r.reason ? '' : changeText(r);
  const text = `${show(r.metric, r.base, r.baseAtLeast)} → ${show(r.metric, r.next, r.nextAtLeast)}${change}`;
  const mark = r.reason ? (r.status === 'regression' ? ` **${r.reason}**` : ` ${r.reason}`) : MARK[r.status];
  return r.status === 'regression' || r.status === 'missing' ? `**${text}**${mark}` : `${text}${mark}`;
}

export function describeRules(c: Comparison): string {
  const { tolerance, floorMs, errorPoints } = c.options;
  return `Worse means: a percentile above BASE + max(${formatPercent(tolerance)} of BASE, ${formatMs(floorMs)}), ` +
    `an error rate more than ${formatPoints(errorPoints, { sign: false })} higher, ` +
    `or throughput below BASE − ${formatPercent(tolerance)}; an endpoint measured in BASE but not in NEW counts as worse.`;
}

export function renderComparison(c: Comparison): string {
  const cannot = c.rows.filter((r) => r.status === 'unknown').length;
  const head = (c.regressions > 0
    ? `# REGRESSION: ${c.regressions} value(s) worse than BASE beyond tolerance`
    : '# OK: no value worse than BASE beyond tolerance') + (cannot ? `; ${cannot} cannot tell (timeouts)` : '');
  const endpoints = [...new Set(c.rows.map((r) => r.endpoint))];
  const rows = endpoints.map((name) => [
    name === 'overall' ? '**overall**' : name,
    ...COMPARE_METRICS.map((m) => {
      const r = c.rows.find((x) => x.endpoint === name && x.metric === m);
      return r ? comparisonCell(r) : '—';
    }),
  ]);
  const worse = c.rows.filter((r) => r.status === 'regression' || r.status === 'missing');
  const parts = [
    head,
    `BASE: ${c.base.scenario} at ${c.base.startedAt} (${c.base.target}); NEW: ${c.next.scenario} at ${c.next.startedAt} (${c.next.target}).`,
    table(['endpoint', ...COMPARE_METRICS.map((m) => HEADERS[m])], rows),
    describeRules(c),
  ];
  if (worse.length > 0) {
    parts.push(`Worse:\n\n${worse.map((r) => `- ${r.endpoint} ${HEADERS[r.metric]}: ${comparisonCell(r).replace(/\*\*/g, '')}`).join('\n')}`);
  }
  const unknown = c.rows.filter((r) => r.status === 'unknown');
  if (unknown.length > 0) {
    parts.push(`Cannot tell (a lower bound on timed-out requests):\n\n${unknown.map((r) => `- ${r.endpoint} ${HEADERS[r.metric]}: ${comparisonCell(r)}`).join('\n')}`);
  }
  if (c.notes.length > 0) parts.push(`Notes:\n\n${c.notes.map((n) => `- ${n}`).join('\n')}`);
  return `${parts.join('\n\n')}\n`;
}
