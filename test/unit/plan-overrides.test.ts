import { describe, expect, it } from 'vitest';
import { applyOverrides, loadDurationMs } from '../../cli/plan/overrides.js';
import { parseScenario } from '../../cli/plan/load-scenario.js';
import { describeLoad, describeScenario } from '../../cli/plan/describe.js';
import { UsageError } from '../../cli/core/errors.js';

const base = (load: string) => parseScenario(`
name: o
requests:
  a: { method: GET, path: /a, timeout: 3s }
  b: { method: GET, path: /b }
load: ${load}
targets: { overall: ["p95 < 1s"] }
`, 'o.yaml');

const closed = base('{ model: closed, connections: 8, duration: 10s, warmup: 1s }');
const open = base('{ model: open, stages: [{ duration: 2s, rate: 10, to: 40 }, { duration: 4s, rate: 40 }], warmup: 1s, max_connections: 64, max_in_flight: 500 }');

describe('applyOverrides', () => {
  it('changes nothing without overrides, and never mutates its input', () => {
    const before = structuredClone(open);
    expect(applyOverrides(open, {})).toEqual(open);
    applyOverrides(open, { rate: 5, timeoutMs: 100, target: 'http://127.0.0.1:1' });
    expect(open).toEqual(before);
  });

  it('--duration on a closed load replaces its duration', () => {
    expect(applyOverrides(closed, { durationMs: 3000 }).load).toEqual({ model: 'closed', connections: 8, durationMs: 3000, warmupMs: 1000 });
  });

  it('--duration on an open load holds the last stage\'s final rate for that duration', () => {
    expect(applyOverrides(open, { durationMs: 2500 }).load).toEqual({
      model: 'open', stages: [{ durationMs: 2500, rate: 40, to: 40 }], warmupMs: 1000, maxConnections: 64, maxInFlight: 500,
    });
  });

  it('--connections forces the closed model over the scenario\'s total duration', () => {
    expect(applyOverrides(open, { connections: 3 }).load).toEqual({ model: 'closed', connections: 3, durationMs: 6000, warmupMs: 1000 });
  });

  it('--rate forces the open model, one constant stage, keeping or defaulting the limits', () => {
    expect(applyOverrides(closed, { rate: 25, warmupMs: 0 }).load).toEqual({
      model: 'open', stages: [{ durationMs: 10_000, rate: 25, to: 25 }], warmupMs: 0, maxConnections: 256, maxInFlight: 10_000,
    });
    expect(applyOverrides(open, { rate: 5, durationMs: 1000 }).load).toMatchObject({
      stages: [{ durationMs: 1000, rate: 5, to: 5 }], maxConnections: 64, maxInFlight: 500,
    });
  });

  it('--timeout applies to every request and the defaults; --target replaces the base URL', () => {
    const s = applyOverrides(closed, { timeoutMs: 250, target: 'https://api.example.test' });
    expect(Object.values(s.requests).map((r) => r.timeoutMs)).toEqual([250, 250]);
    expect(s.defaults.timeoutMs).toBe(250);
    expect(s.target).toBe('https://api.example.test');
    expect(closed.requests.a!.timeoutMs).toBe(3000);
  });

  it.each([
    [{ connections: 2, rate: 3 }, /cannot be combined/],
    [{ durationMs: 0 }, /duration 0: it must be more than 0/],
    [{ rate: -1 }, /rate -1/],
    [{ connections: Number.NaN }, /connections/],
    [{ warmupMs: -5 }, /warm-up/],
    [{ target: 'localhost:80' }, /invalid target/],
  ])('rejects %j with a UsageError', (o, message) => {
    expect(() => applyOverrides(closed, o)).toThrow(UsageError);
    expect(() => applyOverrides(closed, o)).toThrow(message);
  });

  it('measures a load\'s duration without its warm-up', () => {
    expect(loadDurationMs(closed.load)).toBe(10_000);
    expect(loadDurationMs(open.load)).toBe(6000);
  });
});

describe('describeScenario', () => {
  it('summarises requests, load and targets in one line', () => {
    expect(describeScenario(closed)).toBe('o (2 requests, closed model, 8 connections for 10s (+1s warm-up), 1 target)');
    expect(describeLoad(open.load)).toBe('open model, 10-40 flows/s over 2 stages for 6s (+1s warm-up)');
    expect(describeLoad(applyOverrides(open, { rate: 7, warmupMs: 0 }).load)).toBe('open model, 7 flows/s over 1 stage for 6s');
  });
});
