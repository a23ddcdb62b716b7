// Latency charts that read: a log axis when the latencies span twenty times or more (a 300 ms tail
// no longer flattens p50..p95 to the floor), the targets' limits drawn as red lines, and every
// point that sits on timed-out requests marked as a lower bound.
import { describe, expect, it } from 'vitest';
import { latencyChart, latencySeries, legend, logScaleFor, logValue, percentileChart, wantsLog, xyChart } from '../../cli/render/charts.js';
import { renderMarkdown } from '../../cli/render/markdown.js';
import { evaluate } from '../../cli/evaluate/evaluate.js';
import { loadFixture, mermaidBlocks } from './markdown-helpers.js';

const yAxis = (block: string): string => block.split('\n').find((l) => l.includes('y-axis'))!;
const lines = (block: string): number[][] => block.split('\n')
  .map((l) => l.trim().match(/^line \[(.*)\]$/)).filter((m): m is RegExpMatchArray => m !== null)
  .map((m) => m[1]!.split(', ').map(Number));

describe('the log scale', () => {
  it('is chosen when latencies span 20 times or more, and not for a narrow spread', () => {
    expect(wantsLog([2, 3, 5, 8, 300])).toBe(true);
    expect(wantsLog([2, 3, 5, 8, 39])).toBe(false);
    expect(wantsLog([0, 0])).toBe(false);
  });

  it('plots log10 in ms, or in µs when a value is below 1 ms, never below 0', () => {
    expect(logScaleFor([2, 300])).toEqual({ unit: 'ms' });
    expect(logScaleFor([0.4, 300])).toEqual({ unit: 'µs' });
    expect(logValue(100, { unit: 'ms' })).toBeCloseTo(2, 9);
    expect(logValue(0.5, { unit: 'µs' })).toBeCloseTo(Math.log10(500), 9);
    expect(logValue(0, { unit: 'ms' })).toBe(0);
  });

  it('keeps p50..p95 apart under a 300 ms tail, and names the steps in the axis title', () => {
    const block = percentileChart('login', [2, 3, 5, 8, 300, 300, 300]);
    expect(yAxis(block)).toBe('  y-axis "latency (ms), log scale: 0 = 1 ms, 1 = 10 ms, 2 = 100 ms, 3 = 1 s" 0 --> 3');
    const [curve] = lines(block);
    // On a linear 0..300 axis p50 and p95 would be 2 % of the height apart; here a fifth of it.
    expect(curve![3]! - curve![0]!).toBeGreaterThan(0.6);
    expect(curve![4]).toBeCloseTo(Math.log10(300), 3);
  });

  it('steps in µs when the fast end is below a millisecond', () => {
    const block = percentileChart('me', [0.2, 0.3, 0.5, 0.9, 40, 40, 40]);
    expect(yAxis(block)).toBe('  y-axis "latency (ms), log scale: 2 = 100 µs, 3 = 1 ms, 4 = 10 ms, 5 = 100 ms" 2 --> 5');
  });

  it('stays linear from 0 for a narrow spread', () => {
    expect(yAxis(percentileChart('me', [2, 3, 4, 5, 6, 7, 8]))).toBe('  y-axis "latency (ms)" 0 --> 10');
  });
});

describe('limits and lower bounds', () => {
  const marks = { limits: [{ label: 'limit p95 < 1 s', ms: 1000 }], lowerBoundFromMs: 10_000 };

  it('draws each limit as a flat red line after the data, named in the legend', () => {
    const { chart, series } = latencyChart({ title: 't', xTitle: 'x', categories: ['a', 'b'], yTitle: 'ms' },
      [{ kind: 'line', label: 'latency', values: [5, 10_000] }], marks);
    expect(legend(series)).toBe('latency (blue line), limit p95 < 1 s (red line)');
    const block = xyChart(chart);
    expect(block).toContain('"plotColorPalette": "#1f77b4, #d62728"');
    expect(lines(block)[1]).toEqual([3, 3]);
  });

  it('marks with "≥" each category whose value sits on timed-out requests', () => {
    const block = percentileChart('login', [400, 500, 1080, 10_000, 10_000, 10_000, 10_000], marks);
    expect(block).toContain('x-axis "percentile" ["p50", "p75", "p90", "p95 ≥", "p99 ≥", "p99.9 ≥", "p99.99 ≥"]');
  });

  it('keeps p99 green over time so the red stays the limit\'s', () => {
    expect(legend(latencySeries([{ second: 0, seconds: 1, completedPerSecond: 1, errorsPerSecond: 0, p50: 1, p95: 2, p99: 3 }])))
      .toBe('p50 (blue line), p95 (orange line), p99 (green line)');
  });
});

describe('the report\'s charts', () => {
  const r = loadFixture('phase1-fail');
  const md = renderMarkdown(r, evaluate(r));

  it('draws every endpoint\'s p95 limit, and marks the timed-out tail of session_login and overall', () => {
    const blocks = mermaidBlocks(md);
    const curves = blocks.filter((b) => b.categories[0] === 'p50');
    expect(curves).toHaveLength(r.endpoints.length + 1);
    for (const b of curves) {
      // 1000 ms on a linear axis, log10(1000) = 3 on a log one.
      const limit = b.lines.some((l) => l.includes('log scale')) ? 3 : 1000;
      expect(b.series.at(-1)!.values.every((v) => v === limit), b.lines[3]).toBe(true);
    }
    expect(curves.filter((b) => b.lines.some((l) => l.includes('log scale'))).length).toBeGreaterThan(5);
    const marked = curves.filter((b) => b.categories.some((c) => c.endsWith('≥')));
    expect(marked.map((b) => b.lines.find((l) => l.includes('title'))!.trim())).toEqual([
      'title "overall: latency by percentile (ms)"',
      'title "session_login — POST /api/auth/login: latency by percentile (ms)"',
    ]);
    expect(md).toContain('A category marked "≥" sits on timed-out requests: its value is a lower bound.');
  });

  it('draws the overall latency limit over the run', () => {
    const overTime = mermaidBlocks(md).find((b) => b.lines.some((l) => l.includes('Latency over the run')))!;
    expect(overTime.series).toHaveLength(4);
    expect(overTime.series[3]!.values.every((v) => v === 3)).toBe(true);
  });
});
