// The open model: arrivals keep their schedule while the server stalls, and latency shows it.
import { afterEach, describe, expect, it } from 'vitest';
import type { LoadSpec, OpenLoad } from '../../cli/plan/types.js';
import { runScenario } from '../../cli/runner/run-scenario.js';
import { ArrivalSchedule } from '../../cli/runner/open-schedule.js';
import { request, scenario, startServer, type TestServer } from './runner-fixtures.js';

let server: TestServer | null = null;
afterEach(async () => { await server?.close(); server = null; });

const open = (stages: OpenLoad['stages'], extra: Partial<OpenLoad> = {}): LoadSpec =>
  ({ model: 'open', stages, warmupMs: 0, maxConnections: 200, maxInFlight: 1000, ...extra });

describe('arrival schedule', () => {
  it('spaces a constant rate evenly and integrates a linear ramp', () => {
    const flat = new ArrivalSchedule(open([{ durationMs: 1000, rate: 100, to: 100 }]) as OpenLoad);
    expect(flat.dueAt(0)).toBe(0);
    expect(flat.dueAt(50)).toBeCloseTo(500, 6);
    expect(flat.dueAt(100)).toBeNull();
    // 0 -> 200/s over 2 s: 200 arrivals, half of the time passes before a quarter of them.
    const ramp = new ArrivalSchedule(open([{ durationMs: 2000, rate: 0, to: 200 }]) as OpenLoad);
    expect(ramp.expectedBetween(0, 2000)).toBeCloseTo(200, 6);
    expect(ramp.dueAt(50)).toBeCloseTo(1000, 6);
    expect(ramp.dueAt(199)).toBeLessThan(2000);
    expect(ramp.dueAt(200)).toBeNull();
    // Warm-up runs at the first stage's rate before the window.
    const warm = new ArrivalSchedule(open([{ durationMs: 1000, rate: 100, to: 300 }], { warmupMs: 500 }) as OpenLoad);
    expect(warm.windowStartMs).toBe(500);
    expect(warm.expectedBetween(0, 500)).toBeCloseTo(50, 6);
    expect(warm.expectedBetween(500, 1500)).toBeCloseTo(200, 6);
  });
});

describe('open model', () => {
  it('keeps the rate through a 500 ms server stall and counts latency from the intended send time', async () => {
    let first = 0;
    const STALL_FROM = 700;
    const STALL_TO = 1200;
    server = await startServer((_req, res) => {
      const t = performance.now() - (first ||= performance.now());
      // Requests arriving during the stall are all answered when it ends.
      if (t >= STALL_FROM && t < STALL_TO) setTimeout(() => res.end('ok'), STALL_TO - t);
      else res.end('ok');
    });
    const s = scenario([request('r', '/')], [{ weight: 1, run: ['r'] }], open([{ durationMs: 2000, rate: 200, to: 200 }]));
    const r = await runScenario(s, { targetUrl: server.url, bundled: false });
    expect(r.validity.askedRate).toBeCloseTo(200, 0);
    expect(r.validity.achievedRate).toBeGreaterThan(190);
    expect(r.validity.dropped).toBe(0);
    // Validity is not asserted: on a busy machine the generator's own lag may rightly flag the run.
    expect(r.validity.scheduleLagMs?.p50).toBeLessThan(10);
    expect(r.overall.attempted).toBeGreaterThanOrEqual(395);
    expect(r.overall.attempted).toBeLessThanOrEqual(400);
    expect(r.overall.errors).toBe(0);
    // A quarter of the arrivals fall in the stall: P50 stays fast, P99 carries the stall.
    expect(r.overall.latency.p50).toBeLessThan(50);
    expect(r.overall.latency.p99).toBeGreaterThanOrEqual(450);
    expect(r.overall.latency.max).toBeLessThan(700);
    expect(r.timeline).toHaveLength(2);
  });

  it('times out requests at exactly their timeout without a timer each, and marks dropped arrivals invalid', async () => {
    server = await startServer((req, res) => {
      if (req.url === '/hang') return;
      res.end('ok');
    });
    const s = scenario([request('ok', '/ok'), request('hang', '/hang', { timeoutMs: 300 })],
      [{ weight: 1, run: ['ok'] }, { weight: 1, run: ['hang'] }],
      open([{ durationMs: 1000, rate: 100, to: 100 }], { maxInFlight: 60 }));
    const r = await runScenario(s, { targetUrl: server.url, bundled: false });
    const hang = r.endpoints.find((e) => e.name === 'hang')!;
    const ok = r.endpoints.find((e) => e.name === 'ok')!;
    expect(hang.errorClasses.timeout).toBe(hang.attempted);
    expect(hang.latency.min).toBe(300);
    expect(hang.latency.max).toBe(300);
    expect(hang.atLeast).toContain('p50');
    expect(ok.errors).toBe(0);
    // 50 hanging arrivals/s held 300 ms each = 15 in flight: well under the cap of 60, nothing dropped.
    expect(r.validity.dropped).toBe(0);
    const tight = scenario(Object.values(s.requests), s.mix,
      open([{ durationMs: 1000, rate: 100, to: 100 }], { maxInFlight: 5 }));
    const r2 = await runScenario(tight, { targetUrl: server.url, bundled: false });
    expect(r2.validity.dropped).toBeGreaterThan(0);
    expect(r2.validity.valid).toBe(false);
    expect(r2.validity.reasons.join(' ')).toMatch(/arrivals were dropped because max_in_flight was reached: raise load\.max_in_flight in the scenario/);
  });

  it('runs multi-request flows with captures, and setup users round robin', async () => {
    const seen = new Set<string>();
    server = await startServer((req, res) => {
      if (req.url === '/session') { res.end(JSON.stringify({ token: `s-${Math.random()}` })); return; }
      const auth = req.headers.authorization ?? '';
      seen.add(String(req.headers['x-user']));
      res.statusCode = auth.startsWith('Bearer s-') ? 200 : 401;
      res.end('{}');
    });
    const s = scenario([
      request('session', '/session', { method: 'POST', capture: { token: 'token' } }),
      request('me', '/me', { headers: { authorization: 'Bearer {{token}}', 'x-user': '{{name}}' } }),
    ], [{ weight: 1, run: ['session', 'me'] }], open([{ durationMs: 600, rate: 50, to: 50 }]), {
      users: { kind: 'pattern', count: 3, fields: { name: 'u{{n}}' } },
    });
    const r = await runScenario(s, { targetUrl: server.url, bundled: false });
    expect(r.overall.errors).toBe(0);
    expect(r.endpoints.find((e) => e.name === 'me')!.attempted).toBeGreaterThanOrEqual(25);
    expect([...seen].sort()).toEqual(['u1', 'u2', 'u3']);
    expect(r.setup).toEqual({ users: 3, ready: 3, failures: {} });
  });
});
