// Number and text formatting shared by the markdown, step-summary, JUnit and compare renderers.
// Fixed formats only (no locale, no clock), so the same result always renders to the same bytes.
import type { TargetMetric, TargetOp, TargetSpec } from '../plan/types.js';

const DASH = '—';

/** Drops trailing zeros of a fixed-point string: "1.20" -> "1.2", "10.0" -> "10". */
function trim(fixed: string): string {
  return fixed.includes('.') ? fixed.replace(/0+$/, '').replace(/\.$/, '') : fixed;
}

/** Milliseconds with about three significant digits, switching to seconds at 1 s. */
export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return DASH;
  if (ms === 0) return '0 ms';
  if (ms < 10) return `${trim(ms.toFixed(2))} ms`;
  if (ms < 100) return `${trim(ms.toFixed(1))} ms`;
  if (ms < 1000) return `${ms.toFixed(0)} ms`;
  const s = ms / 1000;
  if (s < 10) return `${trim(s.toFixed(2))} s`;
  if (s < 100) return `${trim(s.toFixed(1))} s`;
  return `${s.toFixed(0)} s`;
}

/** A latency that may be a lower bound (it landed on timed-out requests): ">= 10 s". */
export function formatLatency(ms: number | null | undefined, atLeast: boolean): string {
  const text = formatMs(ms);
  return atLeast && text !== DASH ? `>= ${text}` : text;
}

/** A fraction as a percentage: 0.0123 -> "1.23%"; tiny non-zero values are not rounded to zero. */
export function formatPercent(fraction: number | null | undefined): string {
  if (fraction === null || fraction === undefined || !Number.isFinite(fraction)) return DASH;
  const pct = fraction * 100;
  if (pct === 0) return '0%';
  if (Math.abs(pct) < 0.01) return pct > 0 ? '< 0.01%' : '> -0.01%';
  return `${trim(pct.toFixed(2))}%`;
}

/** Requests per second with one decimal. */
export function formatRate(rps: number | null | undefined): string {
  if (rps === null || rps === undefined || !Number.isFinite(rps)) return DASH;
  return trim(rps.toFixed(1));
}

/** An integer count with thin grouping: 1234567 -> "1,234,567". */
export function formatCount(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return DASH;
  const [int = '0', frac] = Math.abs(n).toString().split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${n < 0 ? '-' : ''}${grouped}${frac ? `.${frac}` : ''}`;
}

const LATENCY_METRICS: ReadonlySet<TargetMetric> = new Set<TargetMetric>([
  'p50', 'p75', 'p90', 'p95', 'p99', 'p99.9', 'max', 'mean',
]);

export function isLatencyMetric(metric: TargetMetric): boolean {
  return LATENCY_METRICS.has(metric);
}

/** A value in a target's own unit: ms for latency, a fraction for error_rate, req/s, or a count. */
export function formatMetricValue(metric: TargetMetric, value: number | null, atLeast = false): string {
  if (isLatencyMetric(metric)) return formatLatency(value, atLeast);
  if (metric === 'error_rate') return formatPercent(value);
  if (metric === 'rps') return value === null ? DASH : `${formatRate(value)} req/s`;
  return formatCount(value);
}

/** The limit side of a target, e.g. "< 1 s", "< 10%", "> 50 req/s". */
export function formatLimit(target: Pick<TargetSpec, 'metric' | 'op' | 'value'>): string {
  return `${target.op} ${formatMetricValue(target.metric, target.value)}`;
}

/** Where a target applies: the request name, or "overall". */
export function targetScope(target: Pick<TargetSpec, 'endpoint'>): string {
  return target.endpoint ?? 'overall';
}

/** Which way is better for a comparison operator (used to word misses). */
export function isCeiling(op: TargetOp): boolean {
  return op === '<' || op === '<=';
}

/**
 * Escapes a markdown table cell: pipes would split the cell (GFM honours `\|` even inside code spans),
 * newlines would end the row.
 */
export function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** Inline code that survives backticks inside the text. */
export function code(text: string): string {
  const fence = text.includes('`') ? '``' : '`';
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** A markdown table from a header row and body rows; every cell escaped. */
export function table(header: string[], rows: string[][], align?: Array<'l' | 'r'>): string {
  const sep = header.map((_, i) => (align?.[i] === 'r' ? '---:' : '---'));
  const line = (cells: string[]): string => `| ${cells.map(cell).join(' | ')} |`;
  return [line(header), `| ${sep.join(' | ')} |`, ...rows.map(line)].join('\n');
}
