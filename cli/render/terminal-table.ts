// The terminal's endpoint table, fitted to the width it is given: the full table when it fits, then
// ever more compact ones (one error class; p95, p99 and max; p95 alone), and the last with its text
// columns wrapped inside their cells when even it is too wide (it fits down to about 50 columns). Pure: width in, text out.
import type { ChalkInstance } from 'chalk';
import Table from 'cli-table3';
import { ERROR_CLASSES, type EndpointResult, type ErrorClass, type PercentileKey, type RunResult } from '../results/types.js';
import { formatCount, formatMetricValue, formatPercent, formatRate } from '../core/format.js';
import { visibleLength, widestLine } from './terminal-fit.js';

interface Layout {
  percentiles: PercentileKey[];
  rps: boolean;
  /** How many error classes the last column names. */
  topErrors: number;
}

/** Widest first; p75 and p99.9 are left to the markdown report. */
const LAYOUTS: Layout[] = [
  { percentiles: ['p50', 'p90', 'p95', 'p99', 'max'], rps: true, topErrors: 3 },
  { percentiles: ['p50', 'p90', 'p95', 'p99', 'max'], rps: true, topErrors: 1 },
  { percentiles: ['p95', 'p99', 'max'], rps: false, topErrors: 1 },
  { percentiles: ['p95'], rps: false, topErrors: 1 },
];

export function endpointTable(result: RunResult, c: ChalkInstance, width: number): string {
  let text = '';
  for (const layout of LAYOUTS) {
    text = build(result, c, layout);
    if (widestLine(text) <= width) return text;
  }
  return build(result, c, LAYOUTS[LAYOUTS.length - 1]!, width);
}

function rows(result: RunResult): Array<{ e: EndpointResult; label: string; bold: boolean }> {
  const all = result.endpoints.map((e) => ({ e, label: e.name, bold: false }));
  if (result.endpoints.length !== 1) all.push({ e: result.overall, label: 'overall', bold: true });
  return all;
}

function build(result: RunResult, c: ChalkInstance, layout: Layout, width?: number): string {
  const head = ['endpoint', 'requests', ...(layout.rps ? ['rps'] : []), 'errors', ...layout.percentiles, 'top errors'];
  const body = rows(result).map(({ e, label, bold }) => endpointRow(e, bold ? c.bold(label) : label, c, layout));
  const aligns = head.map((h, i) => (i === 0 || h === 'top errors' ? 'left' as const : 'right' as const));
  const table = new Table({
    head: head.map((h) => c.bold(h)),
    colAligns: aligns,
    // cli-table3 would colour headers red through its own colour library; chalk above decides instead.
    // compact: no rule between body rows, so the table is as tall as the number of endpoints.
    style: { head: [], border: [], compact: true },
    ...(width === undefined ? {} : { colWidths: squeezed(head, body, width), wordWrap: true, wrapOnWordBoundary: true }),
  });
  for (const row of body) table.push(row);
  return table.toString();
}

/**
 * Column widths (padding included) that fit `width`: number columns keep their natural width, the
 * endpoint name and the error column share what is left, at least 8 each.
 */
function squeezed(head: string[], body: string[][], width: number): number[] {
  const natural = head.map((h, i) => Math.max(visibleLength(h), ...body.map((r) => visibleLength(r[i] ?? ''))) + 2);
  const last = head.length - 1;
  const fixed = natural.slice(1, last).reduce((a, b) => a + b, 0);
  const borders = head.length + 1;
  const room = Math.max(16, width - fixed - borders);
  const name = Math.max(8, Math.min(natural[0]!, Math.ceil(room / 2)));
  const errors = Math.max(8, room - name);
  return [name, ...natural.slice(1, last), errors];
}

function endpointRow(e: EndpointResult, label: string, c: ChalkInstance, layout: Layout): string[] {
  const rps = layout.rps ? [e.attempted === 0 ? '-' : formatRate(e.rps)] : [];
  if (e.attempted === 0) return [label, '0', ...rps, '-', ...layout.percentiles.map(() => '-'), c.dim('nothing measured')];
  const errors = formatPercent(e.errorRate);
  return [
    label,
    formatCount(e.attempted),
    ...rps,
    e.errors > 0 ? c.red(errors) : errors,
    ...layout.percentiles.map((p) => {
      const text = formatMetricValue(p, e.latency[p], e.atLeast.includes(p));
      return e.atLeast.includes(p) ? c.yellow(text) : text;
    }),
    topErrorClasses(e, layout.topErrors),
  ];
}

/** The most frequent error classes, e.g. `timeout 30, http5xx 7` (empty when there were none). */
export function topErrorClasses(e: EndpointResult, limit = 3): string {
  return ERROR_CLASSES
    .map((cls): [ErrorClass, number] => [cls, e.errorClasses[cls] ?? 0])
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([cls, n]) => `${cls} ${formatCount(n)}`)
    .join(', ');
}
