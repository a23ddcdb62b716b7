// Mermaid `xychart-beta` builders: charts that GitHub and GitLab draw from a fenced code block, so a
// markdown report needs no image files. Pure functions: data in, text out.
import { formatTrimmed } from '../core/format.js';
import { decodeHistogram, percentileUs } from '../results/summarize.js';
import type { TimelinePoint } from '../results/types.js';

/** xychart-beta has no legend: series are told apart by colour, so the palette is fixed and named. */
export const PALETTE = [
  { name: 'blue', hex: '#1f77b4' },
  { name: 'orange', hex: '#ff7f0e' },
  { name: 'red', hex: '#d62728' },
  { name: 'green', hex: '#2ca02c' },
] as const;

export type PaletteName = (typeof PALETTE)[number]['name'];

export interface Series {
  kind: 'line' | 'bar';
  label: string;
  values: number[];
  /** A fixed colour (limits are red); otherwise the palette in order. */
  color?: PaletteName;
}

/**
 * A logarithmic latency axis. xychart-beta draws only linear axes, so values are plotted as
 * log10 of the latency in `unit`, and the axis title reads the steps back ("2 = 100 ms"). The unit
 * is ms, or µs when a value is below 1 ms, so no plotted value is negative.
 */
export interface LogScale {
  unit: 'ms' | 'µs';
}

export interface XyChart {
  title: string;
  xTitle: string;
  categories: string[];
  yTitle: string;
  series: Series[];
  /** Latency values (ms) on a log axis; linear when absent. */
  log?: LogScale;
}

/** Mermaid strings cannot escape a double quote; anything else outside printable text is dropped. */
function quote(text: string): string {
  return `"${text.replace(/"/g, "'").replace(/[\u0000-\u001f\u007f]/g, ' ')}"`;
}

/** Three decimals at most and never exponent notation or NaN, which the chart grammar rejects. */
export function num(value: number): string {
  if (!Number.isFinite(value)) return '0';
  if (Math.abs(value) >= 1e15) return BigInt(Math.round(value)).toString();
  return formatTrimmed(value, 3);
}

/** A round upper bound for the y axis (1, 1.2, 1.5, 2, 2.5 ... x 10^k) so the axis starts at zero and reads well. */
export function niceCeil(value: number): number {
  if (!(value > 0)) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) {
    if (step * magnitude >= value) return Number((step * magnitude).toPrecision(3));
  }
  return 10 * magnitude;
}

/** A series' colour: its own, or the palette in order. */
function colorOf(series: Series[], i: number): (typeof PALETTE)[number] {
  const own = series[i]!.color;
  return PALETTE.find((p) => p.name === own) ?? PALETTE[i % PALETTE.length]!;
}

/** Whether latencies span enough (20 times or more) that a linear axis would flatten the fast ones. */
export function wantsLog(valuesMs: number[]): boolean {
  const positive = valuesMs.filter((v) => Number.isFinite(v) && v > 0);
  if (positive.length === 0) return false;
  return Math.max(...positive) / Math.min(...positive) >= 20;
}

/** The log scale for these latencies (ms): µs steps when one is below 1 ms, else ms. */
export function logScaleFor(valuesMs: number[]): LogScale {
  return { unit: valuesMs.some((v) => Number.isFinite(v) && v > 0 && v < 1) ? 'µs' : 'ms' };
}

/** log10 of a latency in the scale's unit, never below 0 (1 µs or 1 ms). */
export function logValue(ms: number, scale: LogScale): number {
  const inUnit = scale.unit === 'µs' ? ms * 1000 : ms;
  return Number.isFinite(inUnit) && inUnit > 1 ? Math.log10(inUnit) : 0;
}

/** "1 ms", "100 ms", "10 s": the latency at log step `k` of the scale. */
function stepLabel(k: number, scale: LogScale): string {
  const ms = scale.unit === 'µs' ? 10 ** k / 1000 : 10 ** k;
  if (ms < 1) return `${Math.round(ms * 1000)} µs`;
  return ms < 1000 ? `${ms} ms` : `${ms / 1000} s`;
}

/** The y axis line: linear from 0 to a round value above the data, or log steps named in its title. */
function yAxis(chart: XyChart, plotted: number[]): string {
  if (!chart.log) return `  y-axis ${quote(chart.yTitle)} 0 --> ${num(niceCeil(Math.max(0, ...plotted) * 1.05))}`;
  const top = Math.max(1, Math.ceil(Math.max(0, ...plotted)));
  const bottom = Math.max(0, Math.min(top - 1, Math.floor(Math.min(...plotted))));
  const steps = Array.from({ length: top - bottom + 1 }, (_, i) => `${bottom + i} = ${stepLabel(bottom + i, chart.log!)}`);
  return `  y-axis ${quote(`${chart.yTitle}, log scale: ${steps.join(', ')}`)} ${bottom} --> ${top}`;
}

/** The fenced mermaid block for one chart; a linear y axis runs from 0 to a round value above the data. */
export function xyChart(chart: XyChart): string {
  const log = chart.log;
  const plot = (v: number): number => (log ? logValue(v, log) : v);
  const plotted = chart.series.flatMap((s) => s.values.map(plot)).filter(Number.isFinite);
  const palette = chart.series.map((_, i) => colorOf(chart.series, i).hex).join(', ');
  return [
    '```mermaid',
    `%%{init: {"themeVariables": {"xyChart": {"plotColorPalette": "${palette}"}}}}%%`,
    'xychart-beta',
    `  title ${quote(chart.title)}`,
    `  x-axis ${quote(chart.xTitle)} [${chart.categories.map(quote).join(', ')}]`,
    yAxis(chart, plotted.length > 0 ? plotted : [0]),
    ...chart.series.map((s) => `  ${s.kind} [${s.values.map((v) => num(plot(v))).join(', ')}]`),
    '```',
  ].join('\n');
}

/** The words under a chart that stand in for its legend: "p50 (blue line), p95 (orange line)". */
export function legend(series: Series[]): string {
  return series.map((s, i) => `${s.label} (${colorOf(series, i).name} ${s.kind})`).join(', ');
}

/** Percentiles drawn on a latency curve: the body, then the tail where timeouts hide. */
export const CURVE_PERCENTILES = [50, 75, 90, 95, 99, 99.9, 99.99] as const;

/**
 * Values (ms) at CURVE_PERCENTILES from an encoded HDR histogram in microseconds; null when empty.
 * Read the way the table reads them (results/summarize.ts percentileUs, clamped to the largest value
 * really recorded, `maxMs` when the result knows it), so chart and table agree at the tail.
 */
export function percentileCurve(histogramBase64: string, maxMs?: number): number[] | null {
  if (!histogramBase64) return null;
  const histogram = decodeHistogram(histogramBase64);
  try {
    if (histogram.totalCount === 0) return null;
    const maxUs = maxMs === undefined ? histogram.maxValue : Math.round(maxMs * 1000);
    return CURVE_PERCENTILES.map((p) => Math.round(percentileUs(histogram, p, maxUs)) / 1000);
  } finally {
    histogram.destroy();
  }
}

/** A latency limit drawn across a chart as a flat red line, e.g. "limit p95 < 1 s" at 1000 ms. */
export interface Limit {
  label: string;
  ms: number;
}

/** What a latency chart needs besides its data: limits to draw, and from which value on a point is a lower bound. */
export interface LatencyMarks {
  limits: Limit[];
  /** Values at or above this (ms) sit on timed-out requests: their category gets a "≥" mark. */
  lowerBoundFromMs: number | null;
}

export const NO_MARKS: LatencyMarks = { limits: [], lowerBoundFromMs: null };

/** "p99.9 ≥" for a point on timed-out requests, else the label as it is. */
function markBound(label: string, values: number[], from: number | null): string {
  return from !== null && values.some((v) => v >= from) ? `${label} ≥` : label;
}

function limitSeries(limits: Limit[], points: number): Series[] {
  return limits.map((l) => ({ kind: 'line' as const, label: l.label, values: Array.from({ length: points }, () => l.ms), color: 'red' as const }));
}

/** The series of a latency chart with its limits appended, and the log scale when the spread asks for one. */
export function latencyChart(
  base: Omit<XyChart, 'log' | 'series'>, series: Series[], marks: LatencyMarks,
): { chart: XyChart; series: Series[] } {
  const all = [...series, ...limitSeries(marks.limits, base.categories.length)];
  const values = all.flatMap((s) => s.values);
  const categories = base.categories.map((c, i) => markBound(c, series.map((s) => s.values[i]!), marks.lowerBoundFromMs));
  const chart: XyChart = { ...base, categories, series: all, ...(wantsLog(values) ? { log: logScaleFor(values) } : {}) };
  return { chart, series: all };
}

export function percentileChart(title: string, curve: number[], marks: LatencyMarks = NO_MARKS): string {
  const { chart } = latencyChart({
    title,
    xTitle: 'percentile',
    categories: CURVE_PERCENTILES.map((p) => `p${p}`),
    yTitle: 'latency (ms)',
  }, [{ kind: 'line', label: 'latency', values: curve }], marks);
  return xyChart(chart);
}

/** One point of a chart over time: possibly several seconds folded together. */
export interface TimelineBucket {
  second: number;
  seconds: number;
  completedPerSecond: number;
  errorsPerSecond: number;
  p50: number;
  p95: number;
  p99: number;
}

/**
 * Folds the per-second timeline into at most `maxPoints` buckets so long runs stay legible.
 * Rates are averaged over the bucket; percentiles keep the worst second, so a spike never vanishes.
 */
export function bucketTimeline(timeline: TimelinePoint[], maxPoints = 60): TimelineBucket[] {
  const size = Math.max(1, Math.ceil(timeline.length / maxPoints));
  const buckets: TimelineBucket[] = [];
  for (let i = 0; i < timeline.length; i += size) {
    const points = timeline.slice(i, i + size);
    const sum = (pick: (p: TimelinePoint) => number): number => points.reduce((acc, p) => acc + pick(p), 0);
    const worst = (pick: (p: TimelinePoint) => number): number => Math.max(...points.map(pick));
    buckets.push({
      second: points[0]!.second,
      seconds: points.length,
      completedPerSecond: sum((p) => p.completed) / points.length,
      errorsPerSecond: sum((p) => p.errors) / points.length,
      p50: worst((p) => p.p50),
      p95: worst((p) => p.p95),
      p99: worst((p) => p.p99),
    });
  }
  return buckets;
}

export function latencySeries(buckets: TimelineBucket[]): Series[] {
  return [
    { kind: 'line', label: 'p50', values: buckets.map((b) => b.p50) },
    { kind: 'line', label: 'p95', values: buckets.map((b) => b.p95) },
    // Green, not the palette's red: red is kept for the limits drawn across latency charts.
    { kind: 'line', label: 'p99', values: buckets.map((b) => b.p99), color: 'green' },
  ];
}

export function throughputSeries(buckets: TimelineBucket[]): Series[] {
  return [
    { kind: 'bar', label: 'completed/s', values: buckets.map((b) => b.completedPerSecond) },
    { kind: 'line', label: 'errors/s', values: buckets.map((b) => b.errorsPerSecond) },
  ];
}

/** Both over-time charts share their x axis: the second each bucket starts at. */
export function timelineChart(title: string, yTitle: string, buckets: TimelineBucket[], series: Series[]): string {
  return xyChart({ title, xTitle: 'second of the measured window', categories: buckets.map((b) => String(b.second)), yTitle, series });
}
