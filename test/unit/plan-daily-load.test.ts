import { describe, expect, it } from 'vitest';
import { applyTraffic, dailyLoad, DAILY_DEFAULT_RATE } from '../../cli/plan/daily-load.js';
import { parseScenario } from '../../cli/plan/load-scenario.js';

const base = (load: string) => parseScenario(`
name: d
requests:
  me: { method: GET, path: /api/me }
  login: { method: POST, path: /api/auth/login, body: { email: a } }
  refresh: { method: POST, path: /api/auth/refresh }
mix:
  - { weight: 9, run: [me] }
  - { weight: 1, run: [login, refresh] }
load: ${load}
targets: { overall: ["p95 < 1s"] }
`, 'd.yaml');

const closed = base('{ model: closed, connections: 8, duration: 10s, warmup: 1s }');
const open = base('{ model: open, stages: [{ duration: 2s, rate: 10, to: 40 }], warmup: 1s }');

describe('dailyLoad', () => {
  it('is the open model by default, at the default rate for a closed scenario', () => {
    const d = dailyLoad(closed, { model: 'open' }, { durationMs: 4000 });
    expect(d.scenario.load).toMatchObject({ model: 'open', stages: [{ durationMs: 4000, rate: DAILY_DEFAULT_RATE, to: DAILY_DEFAULT_RATE }], warmupMs: 800 });
    expect(d.description).toBe(`open model, ${DAILY_DEFAULT_RATE} flows/s`);
  });

  it('takes an open scenario\'s own rate, and --rate over it', () => {
    expect(dailyLoad(open, { model: 'open' }).scenario.load).toMatchObject({ model: 'open', stages: [{ rate: 40 }] });
    expect(dailyLoad(open, { model: 'open', rate: 7 }).description).toBe('open model, 7 flows/s');
  });

  it('runs closed only when asked, and applies a timeout to every request', () => {
    const d = dailyLoad(open, { model: 'closed', connections: 3 }, { durationMs: 2000, timeoutMs: 500 });
    expect(d.scenario.load).toMatchObject({ model: 'closed', connections: 3, durationMs: 2000 });
    expect(d.description).toBe('closed model, 3 connections');
    expect(Object.values(d.scenario.requests).every((r) => r.timeoutMs === 500)).toBe(true);
  });
});

describe('applyTraffic', () => {
  it('reweights the sign-in flows to the declared share and finds the flow rate for the request rate', () => {
    const { mix, rate } = applyTraffic(closed, { requestsPerS: 100, signInShare: 0.2 });
    const w = mix[1]!.weight;
    // sign-ins per request: w / (9 + 2w) = 0.2  ->  w = 3
    expect(w).toBeCloseTo(3, 9);
    expect(mix[0]!.weight).toBe(9);
    // 12 flows make 15 requests: 100 requests/s is 80 flows/s.
    expect(rate).toBeCloseTo(80, 9);
    const d = dailyLoad(closed, { model: 'open', traffic: { requestsPerS: 100, signInShare: 0.2 } });
    expect(d.description).toBe('open model, 80 flows/s (~100 requests/s, sign-ins 20 %)');
  });

  it('refuses a share the mix cannot reach', () => {
    expect(() => applyTraffic(closed, { requestsPerS: 100, signInShare: 0.6 })).toThrow(/cannot be reached/);
  });
});
