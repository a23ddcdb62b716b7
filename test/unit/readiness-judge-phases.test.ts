import { describe, expect, it } from 'vitest';
import { judgePhase as judgePhaseFacts, judgeTimeouts as judgeTimeoutsFacts } from '../../cli/readiness/judge-phases.js';
import { makeEndpoint, makeRun, target } from '../fixtures/make-run-result.js';
import { wordItem } from '../../cli/render/readiness-json.js';

// The judges return facts; these word them as every readiness output does.
const judgePhase = (...a: Parameters<typeof judgePhaseFacts>) => wordItem(judgePhaseFacts(...a));
const judgeTimeouts = (...a: Parameters<typeof judgeTimeoutsFacts>) => wordItem(judgeTimeoutsFacts(...a));

const SEVEN = [
  ['session_login', 'POST', '/api/auth/login'], ['logout', 'POST', '/api/auth/logout'],
  ['refresh', 'POST', '/api/auth/refresh'], ['twofa_status', 'GET', '/api/auth/2fa/status'],
  ['email_verify', 'POST', '/api/auth/request-email-verify'], ['me', 'GET', '/api/me'],
  ['profile_get', 'GET', '/api/user/profile'], ['profile_put', 'PUT', '/api/user/profile'],
] as const;

function phaseRun(p95: Partial<Record<string, number>> = {}, extra: Parameters<typeof makeRun>[1] = {}) {
  const endpoints = SEVEN.map(([name, method, path]) => makeEndpoint({ name, method, path, latency: { p95: p95[name] ?? 50 } }));
  return makeRun(endpoints, { targets: [target('p95', '<', 1000), target('p95', '<', 1000, 'me'), target('error_rate', '<', 0.1)], ...extra });
}

describe('judgePhase', () => {
  it('passes with every target met, and says what was measured', () => {
    const item = judgePhase({ phase: 'phase1', ran: true, result: phaseRun() });
    expect(item).toMatchObject({ id: 'phase1', status: 'pass', score: 1, weight: 15 });
    expect(item.summary).toMatch(/^all 3 targets met; 8000 requests in 10 s: 800 req\/s, p95 50 ms, errors 0 %$/);
    expect(item.checks.map((c) => c.name)).toEqual(['p95 < 1000 [overall]', 'me p95 < 1000 [me]', 'error_rate < 0.1 [overall]']);
  });

  it('a gate is all or nothing: P95 of exactly the limit misses `p95 < 1s` and scores 0', () => {
    const item = judgePhase({ phase: 'phase1', ran: true, result: phaseRun({ me: 1000 }) });
    expect(item).toMatchObject({ status: 'fail', score: 0 });
    expect(item.summary).toMatch(/^1 of 3 targets missed/);
    expect(item.checks.find((c) => !c.pass)?.evidence).toBe('measured 1 s');
  });

  it('an invalid run is not judged: status invalid, the validity reasons first', () => {
    const item = judgePhase({
      phase: 'phase3', ran: true,
      result: phaseRun({}, { validity: { valid: false, reasons: ['the generator could not keep the schedule'] } }),
    });
    expect(item).toMatchObject({ status: 'invalid', score: 0 });
    expect(item.checks[0]).toEqual({ name: 'run validity', pass: false, evidence: 'the generator could not keep the schedule' });
  });

  it('a run that never measured (setup failed) or was stopped is a fail with the reason', () => {
    const failed = judgePhase({ phase: 'phase2', ran: false, why: 'setup step login failed for all 30 users: 401' });
    expect(failed).toMatchObject({ status: 'fail', score: 0, summary: 'not run: setup step login failed for all 30 users: 401' });
    const partial = judgePhase({ phase: 'phase2', ran: true, result: phaseRun({}, { partial: true }) });
    expect(partial.status).toBe('fail');
  });
});

describe('judgeTimeouts: N/7 resolved from the daily-check run', () => {
  it('7/7 scores the full weight', () => {
    const item = judgeTimeouts({ phase: 'phase1', ran: true, result: phaseRun() }, 'open model, 100 flows/s');
    expect(item).toMatchObject({ id: 'timeouts', status: 'pass', score: 1, weight: 25 });
    expect(item.summary).toMatch(/^7\/7 resolved \(.*; open model, 100 flows\/s\)$/);
  });

  it('scores a fraction: one endpoint with a timed-out request leaves 6/7', () => {
    const endpoints = SEVEN.map(([name, method, path]) => makeEndpoint({
      name, method, path, ...(name === 'refresh' ? { errors: 1, errorClasses: { timeout: 1 } } : {}),
    }));
    const item = judgeTimeouts({ phase: 'phase1', ran: true, result: makeRun(endpoints) }, 'open model, 100 flows/s');
    expect(item.status).toBe('fail');
    expect(item.score).toBeCloseTo(6 / 7);
    const refresh = item.checks.find((c) => c.name === 'POST /api/auth/refresh');
    expect(refresh?.pass).toBe(false);
    expect(refresh?.evidence).toMatch(/^1 timeout \(p95 50 ms/);
  });

  it('an endpoint the run never hit is unresolved; no phase 1 run is a fail with why', () => {
    const withoutMe = makeRun(SEVEN.filter(([n]) => n !== 'me').map(([name, method, path]) => makeEndpoint({ name, method, path })));
    expect(judgeTimeouts({ phase: 'phase1', ran: true, result: withoutMe }, 'open model, 100 flows/s').checks.find((c) => c.name === 'GET /api/me')?.evidence)
      .toContain('not measured');
    expect(judgeTimeouts({ phase: 'phase1', ran: false, why: 'unreachable' }, 'open model, 100 flows/s').summary).toBe('not run: no daily-check run to judge: unreachable');
  });
});
