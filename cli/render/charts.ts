// Mermaid `xychart-beta` builders: charts that GitHub and GitLab draw from a fenced code block, so a
// markdown report needs no image files. Pure functions: data in, text out.
import { decodeHistogram, percentileUs } from '../results/summarize.js';
import type { TimelinePoint } from '../results/types.js';

/** xychart-beta has no legend: series are told apart by colour, so the palette is fixed and named. */
export const PALETTE = [
  { name: 'blue', hex: '#1f77b4' },
  { name: 'orange', hex: '#ff7f0e' },
  { name: 'red', hex: '#d62728' },
  { name: 'green', hex: '#2ca02c' },
] as const;

export interface Series {
  kind: 'line' | 'bar';
  label: string;
  values: number[];
}

export interface XyChart {
  title: string;
  xTitle: string;
  categories: string[];
  yTitle: string;
  series: Series[];
}

/** Mermaid strings cannot escape a double quote; anything else outside printable text is dropped. */
function quote(text: string): string {
  return `"${text.replace(/"/g, "'").replace(/[\u0000-\u001f\u007f]/g, ' ')}"`;
}

/** Three decimals at most and never exponent notation or NaN, which the chart grammar rejects. */
export function num(value: number): string {
  if (!Number.isFinite(value)) return '0';
  if (Math.abs(value) >= 1e15) return BigInt(Math.round(value)).toString();
  return String(Number(value.toFixed(3)));
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

/** The fenced mermaid block for one chart; the y axis runs from 0 to a round value above the data. */
export function xyChart(chart: XyChart): string {
  const all = chart.series.flatMap((s) => s.values).filter(Number.isFinite);
  const top = niceCeil(Math.max(0, ...all) * 1.05);
  const palette = chart.series.map((_, i) => PALETTE[i % PALETTE.length]!.hex).join(', ');
  return [
    '```mermaid',
    `%%{init: {"themeVariables": {"xyChart": {"plotColorPalette": "${palette}"}}}}%%`,
    'xychart-beta',
    `  title ${quote(chart.title)}`,
    `  x-axis ${quote(chart.xTitle)} [${chart.categories.map(quote).join(', ')}]`,
    `  y-axis ${quote(chart.yTitle)} 0 --> ${num(top)}`,
    ...chart.series.map((s) => `  ${s.kind} [${s.values.map(num).join(', ')}]`),
    '```',
  ].join('\n');
}

/** The words under a chart that stand in for its legend: "p50 (blue line), p95 (orange line)". */
export function legend(series: Series[]): string {
  return series.map((s, i) => `${s.label} (${PALETTE[i % PALETTE.length]!.name} ${s.kind})`).join(', ');
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

export function percentileChart(title: string, curve: number[]): string {
  return xyChart({
    title,
    xTitle: 'percentile',
    categories: CURVE_PERCENTILES.map((p) => `p${p}`),
    yTitle: 'latency (ms)',
    series: [{ kind: 'line', label: 'latency', values: curve }],
  });
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
    { kind: 'line', label: 'p99', values: buckets.map((b) => b.p99) },
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
