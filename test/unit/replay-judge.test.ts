import { describe, expect, it } from 'vitest';
import { judgeMilestone, replayExit, type MilestoneMeasurement } from '../../cli/replay/judge.js';
import { MILESTONES } from '../../cli/replay/milestones.js';
import { replayRows } from '../../cli/render/replay.js';
import { timeoutCheck } from '../../cli/evaluate/timeout-check.js';
import { evaluate } from '../../cli/evaluate/evaluate.js';
import { makeEndpoint, makeRun } from '../fixtures/make-run-result.js';

const SEVEN = [
  ['login', 'POST', '/api/auth/login'], ['logout', 'POST', '/api/auth/logout'], ['refresh', 'POST', '/api/auth/refresh'],
  ['twofa', 'GET', '/api/auth/2fa/status'], ['verify', 'POST', '/api/auth/request-email-verify'], ['me', 'GET', '/api/me'],
  ['profile', 'GET', '/api/user/profile'],
] as const;

const byName = (preset: string) => MILESTONES.find((m) => m.preset === preset)!;

function daily(broken: string[]): MilestoneMeasurement['daily'] {
  const result = makeRun(SEVEN.map(([name, method, path]) => makeEndpoint({
    name, method, path, ...(broken.includes(name) ? { errors: 1, errorClasses: { timeout: 1 } } : {}),
  })));
  return { run: { result, evaluation: evaluate(result) }, check: timeoutCheck(result), load: 'open model, 80 flows/s' };
}

describe('judgeMilestone', () => {
  it('steps 1-3 hold at 5/7 or better, not at 4/7', () => {
    expect(judgeMilestone({ milestone: { ...byName('steps-1-3'), gate: null }, daily: daily(['login', 'verify']) }).verdict).toBe('holds');
    const v = judgeMilestone({ milestone: { ...byName('steps-1-3'), gate: null }, daily: daily(['login', 'refresh', 'logout']) });
    expect(v.verdict).toBe('does not hold');
    expect(v.expectations[0]?.measured).toMatch(/^4\/7 resolved/);
  });

  it('today holds only when nothing is resolved; a run that did not happen cannot be judged', () => {
    expect(judgeMilestone({ milestone: byName('today'), daily: daily(SEVEN.map(([n]) => n)) }).verdict).toBe('holds');
    expect(judgeMilestone({ milestone: byName('today'), daily: daily(['me']) }).verdict).toBe('does not hold');
    expect(judgeMilestone({ milestone: byName('today'), daily: { error: 'no server' } }).verdict).toBe('cannot tell');
  });

  it('phase 3 needs readiness of 90 %', () => {
    const m = { ...byName('phase-3'), gate: null };
    expect(judgeMilestone({ milestone: m, daily: { error: 'not run' }, readiness: { percent: 92, verdict: 'pass' } }).verdict).toBe('holds');
    expect(judgeMilestone({ milestone: m, daily: { error: 'not run' }, readiness: { percent: 81, verdict: 'fail' } }).verdict).toBe('does not hold');
  });
});

describe('a gate run that cannot be trusted', () => {
  it('cannot tell, and says why beside what it measured', () => {
    const result = makeRun(SEVEN.map(([name, method, path]) => makeEndpoint({ name, method, path })));
    result.validity = { valid: false, reasons: ['the generator was short of CPU'] };
    const v = judgeMilestone({ milestone: { ...byName('phase-2'), gate: 'phase2' }, daily: { error: 'not run' }, gate: { result, evaluation: evaluate(result) } });
    expect(v.verdict).toBe('cannot tell');
    expect(v.expectations[0]?.holds).toBeNull();
    expect(v.expectations[0]?.measured).toMatch(/; invalid: the generator was short of CPU$/);
    expect(replayRows([v])[0]?.[2]).toMatch(/^\[cannot tell\] phase2 gate passes: /);
  });
});

describe('replayExit', () => {
  it('1 when one milestone does not hold, 3 when one cannot be judged, else 0', () => {
    const holds = judgeMilestone({ milestone: byName('today'), daily: daily(SEVEN.map(([n]) => n)) });
    const fails = judgeMilestone({ milestone: byName('today'), daily: daily([]) });
    const unknown = judgeMilestone({ milestone: byName('today'), daily: { error: 'x' } });
    expect(replayExit([holds])).toBe(0);
    expect(replayExit([holds, unknown])).toBe(3);
    expect(replayExit([unknown, fails])).toBe(1);
  });
});
