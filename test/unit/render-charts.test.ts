import { describe, expect, it } from 'vitest';
import { build, encodeIntoCompressedBase64 } from 'hdr-histogram-js';
import {
  bucketTimeline, CURVE_PERCENTILES, legend, niceCeil, num, percentileCurve, xyChart,
} from '../../cli/render/charts.js';
import type { TimelinePoint } from '../../cli/results/types.js';
import { encodeHistogram, newLatencyHistogram, summarizeLatency } from '../../cli/results/summarize.js';

function encoded(valuesUs: number[]): string {
  const h = build({ useWebAssembly: false });
  for (const v of valuesUs) h.recordValue(v);
  return encodeIntoCompressedBase64(h);
}

describe('percentileCurve', () => {
  it('reads the percentiles back from an encoded histogram in ms, within HDR precision', () => {
    // 1..10000 us: the value at percentile p is p % of 10 ms.
    const curve = percentileCurve(encoded(Array.from({ length: 10_000 }, (_, i) => i + 1)))!;
    expect(curve).toHaveLength(CURVE_PERCENTILES.length);
    CURVE_PERCENTILES.forEach((p, i) => expect(curve[i]).toBeCloseTo(p / 10, 1));
  });

  it('shows timed-out requests in the tail at their timeout', () => {
    const values = [...Array.from({ length: 990 }, () => 2_000), ...Array.from({ length: 10 }, () => 5_000_000)];
    const curve = percentileCurve(encoded(values))!;
    expect(curve[0]).toBeCloseTo(2, 2);
    expect(curve[4]).toBeCloseTo(2, 2); // p99 still in the body
    expect(curve[5]).toBeGreaterThanOrEqual(5000); // p99.9 on the timeouts
  });

  it('agrees with the table at the tail: timeouts of exactly 300 ms read as 300 ms, not the bucket top', () => {
    // HDR answers with the top of a value's bucket (300.031 ms here); the table clamps to the
    // recorded maximum, and the chart now reads through the same function.
    const h = newLatencyHistogram();
    for (let i = 0; i < 90; i++) h.recordValue(2_000);
    for (let i = 0; i < 10; i++) h.recordValue(300_000);
    expect(h.getValueAtPercentile(99)).toBeGreaterThan(300_000); // the disagreement this guards against
    const table = summarizeLatency(h);
    const curve = percentileCurve(encodeHistogram(h), table.max)!;
    expect(table.p99).toBe(300);
    expect(curve[CURVE_PERCENTILES.indexOf(99)]).toBe(table.p99);
    expect(curve[CURVE_PERCENTILES.indexOf(95)]).toBe(table.p95);
    expect(curve[CURVE_PERCENTILES.indexOf(50)]).toBe(table.p50);
    expect(Math.max(...curve)).toBe(table.max);
  });

  it('returns null for an empty or absent histogram', () => {
    expect(percentileCurve(encoded([]))).toBeNull();
    expect(percentileCurve('')).toBeNull();
  });
});

describe('xyChart', () => {
  const chart = xyChart({
    title: 'say "hi"',
    xTitle: 'x',
    categories: ['a', 'b'],
    yTitle: 'ms',
    series: [{ kind: 'bar', label: 'n', values: [3, Number.NaN] }, { kind: 'line', label: 'm', values: [1.23456, 40] }],
  });

  it('writes one mermaid block: directive, chart type, quoted titles, a zero-based y axis', () => {
    expect(chart.split('\n')).toEqual([
      '```mermaid',
      '%%{init: {"themeVariables": {"xyChart": {"plotColorPalette": "#1f77b4, #ff7f0e"}}}}%%',
      'xychart-beta',
      '  title "say \'hi\'"',
      '  x-axis "x" ["a", "b"]',
      '  y-axis "ms" 0 --> 50',
      '  bar [3, 0]',
      '  line [1.235, 40]',
      '```',
    ]);
  });

  it('names each series by its colour, since xychart-beta draws no legend', () => {
    expect(legend([{ kind: 'bar', label: 'n', values: [] }, { kind: 'line', label: 'm', values: [] }]))
      .toBe('n (blue bar), m (orange line)');
  });
});

describe('number helpers', () => {
  it('never writes exponents or NaN into chart data', () => {
    expect(num(1e-7)).toBe('0');
    expect(num(1e21)).not.toContain('e+');
    expect(num(Number.POSITIVE_INFINITY)).toBe('0');
    expect(num(2.0004)).toBe('2');
  });

  it('rounds axis tops up to a readable value', () => {
    expect(niceCeil(0)).toBe(1);
    expect(niceCeil(9.5)).toBe(10);
    expect(niceCeil(10.5)).toBe(12);
    expect(niceCeil(10_502)).toBe(12_000);
    expect(niceCeil(0.031)).toBe(0.04);
  });
});

describe('bucketTimeline', () => {
  const point = (second: number, extra: Partial<TimelinePoint> = {}): TimelinePoint => ({
    second, completed: 100, errors: 0, p50: 1, p95: 2, p99: 3, ...extra,
  });

  it('keeps a short run second by second', () => {
    const buckets = bucketTimeline([point(0), point(1)]);
    expect(buckets.map((b) => [b.second, b.seconds, b.completedPerSecond])).toEqual([[0, 1, 100], [1, 1, 100]]);
  });

  it('folds a long run to at most maxPoints, averaging rates and keeping the worst second', () => {
    const timeline = Array.from({ length: 300 }, (_, s) => point(s, s === 7 ? { p99: 900, completed: 40, errors: 30 } : {}));
    const buckets = bucketTimeline(timeline, 60);
    expect(buckets).toHaveLength(60);
    expect(buckets[1]).toMatchObject({ second: 5, seconds: 5, p99: 900, completedPerSecond: 88, errorsPerSecond: 6 });
    expect(buckets[2]!.p99).toBe(3);
  });

  it('gives nothing for an empty timeline', () => {
    expect(bucketTimeline([])).toEqual([]);
  });
});
