import { describe, expect, it } from 'vitest';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { countAbove, parsePrometheus, total } from '../../cli/diagnose/prometheus.js';
import { parseServerTiming, serverTotal } from '../../cli/diagnose/server-timing.js';
import { serverWindow } from '../../cli/diagnose/server-window.js';

describe('parsePrometheus', () => {
  it('reads what prom-client writes: labels, escapes, histograms, +Inf', async () => {
    const registry = new Registry();
    const h = new Histogram({ name: 'gc_seconds', help: 'x', labelNames: ['kind'], buckets: [0.01, 0.1, 1], registers: [registry] });
    const g = new Gauge({ name: 'depth', help: 'y', labelNames: ['q'], registers: [registry] });
    new Counter({ name: 'sheds_total', help: 'z', registers: [registry] }).inc(3);
    h.observe({ kind: 'major' }, 0.25);
    h.observe({ kind: 'minor' }, 0.005);
    h.observe({ kind: 'minor' }, 0.15);
    h.observe({ kind: 'minor' }, 0.05);
    g.set({ q: 'a "quoted"\\ value' }, 7);
    const samples = parsePrometheus(await registry.metrics());
    expect(total(samples, 'sheds_total')).toBe(3);
    expect(total(samples, 'depth', { q: 'a "quoted"\\ value' })).toBe(7);
    expect(total(samples, 'gc_seconds_count')).toBe(4);
    expect(total(samples, 'gc_seconds_count', { kind: 'minor' })).toBe(3);
    expect(countAbove(samples, 'gc_seconds', 0.1)).toBe(2);
    expect(samples.find((s) => s.labels.le === '+Inf')?.value).toBe(1);
    expect(countAbove(samples, 'gc_seconds', 0.01)).toBe(3);
    expect(total(samples, 'absent')).toBeNull();
  });

  it('skips malformed lines instead of failing the page', () => {
    const samples = parsePrometheus('# HELP x\nok 1\nbroken{a="1" 2\n{}3\nnan_metric NaN\nlast{a="b"} 4 1700000000\n');
    expect(samples.map((s) => s.name)).toEqual(['ok', 'nan_metric', 'last']);
    expect(total(samples, 'last', { a: 'b' })).toBe(4);
  });
});

describe('parseServerTiming', () => {
  it('reads dur per span, adds repeated names, ignores spans without dur', () => {
    const spans = parseServerTiming('auth;dur=0.4, db;desc="user, lookup";dur=1.25, cache, db;dur=0.75, total;dur=3');
    expect(spans).toEqual({ auth: 0.4, db: 2, total: 3 });
    expect(serverTotal(spans)).toBe(3);
    expect(serverTotal({ a: 1, b: 2 })).toBe(3);
    expect(serverTotal(parseServerTiming(undefined))).toBeNull();
    expect(parseServerTiming(['a;dur=1', 'b;dur=2'])).toEqual({ a: 1, b: 2 });
  });
});

describe('serverWindow', () => {
  const page = (text: string, at: number) => ({ at, samples: parsePrometheus(text) });
  it('counters as differences, gauges at their worst, ELU weighted by time', () => {
    const before = page('process_cpu_seconds_total 10\nnodejs_gc_duration_seconds_count 5\nnodejs_gc_duration_seconds_sum 0.1\nnodejs_gc_duration_seconds_bucket{le="0.01"} 5\nnodejs_gc_duration_seconds_bucket{le="0.1"} 5\nnodejs_gc_duration_seconds_bucket{le="+Inf"} 5\n', 0);
    const during = page('nodejs_eventloop_utilization_ratio 1\nnodejs_eventloop_lag_p99_seconds 0.2\nadmission_queue_depth 9\n', 1000);
    const after = page('nodejs_eventloop_utilization_ratio 0.5\nnodejs_eventloop_lag_p99_seconds 0.05\nadmission_queue_depth 0\nprocess_cpu_seconds_total 12\nnodejs_gc_duration_seconds_count 8\nnodejs_gc_duration_seconds_sum 0.5\nnodejs_gc_duration_seconds_bucket{le="0.01"} 6\nnodejs_gc_duration_seconds_bucket{le="0.1"} 6\nnodejs_gc_duration_seconds_bucket{le="+Inf"} 8\n', 3000);
    const w = serverWindow(before, [during], after);
    expect(w).toMatchObject({ windowMs: 3000, eventLoopLagP99Ms: 200, admissionQueueMax: 9, gcCount: 3, gcLongCount: 2 });
    expect(w?.elu).toBeCloseTo((1 * 1000 + 0.5 * 2000) / 3000);
    expect(w?.cpu).toBeCloseTo(2 / 3);
    expect(w?.gcTotalMs).toBeCloseTo(400);
  });

  it('is null when the server exposes no metrics', () => {
    expect(serverWindow({ at: 0, samples: [] }, [], { at: 1, samples: [] })).toBeNull();
  });
});
