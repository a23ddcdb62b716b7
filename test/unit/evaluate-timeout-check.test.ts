import { describe, expect, it } from 'vitest';
import { timeoutCheck } from '../../cli/evaluate/timeout-check.js';
import { encodeHistogram, msToUs, newLatencyHistogram } from '../../cli/results/summarize.js';
import { makeEndpoint, makeRun } from '../fixtures/make-run-result.js';

const seven = (overrides: Record<string, Parameters<typeof makeEndpoint>[0]> = {}) => [
  ['session_login', 'POST', '/api/auth/login'],
  ['logout', 'POST', '/api/auth/logout'],
  ['refresh', 'POST', '/api/auth/refresh'],
  ['twofa_status', 'GET', '/api/auth/2fa/status'],
  ['email_verify', 'POST', '/api/auth/request-email-verify'],
  ['me', 'GET', '/api/me'],
  ['profile_get', 'GET', '/api/user/profile'],
  ['profile_put', 'PUT', '/api/user/profile'],
].map(([name, method, path]) => makeEndpoint({ name: name as string, method, path, ...overrides[name as string] }));

function histogram(values: number[]): string {
  const h = newLatencyHistogram();
  for (const v of values) h.recordValue(msToUs(v));
  return encodeHistogram(h);
}

describe('timeoutCheck', () => {
  it('7/7 when no endpoint timed out, errors < 10 % and P95 < 1 s', () => {
    const check = timeoutCheck(makeRun(seven()));
    expect(check).toMatchObject({ resolved: 7, total: 7 });
    expect(check.endpoints.every((e) => e.reasons.length === 0)).toBe(true);
  });

  it('one timeout is enough to leave an endpoint unresolved, with its error classes', () => {
    const run = makeRun(seven({ refresh: { name: 'refresh', errors: 3, errorClasses: { timeout: 1, http5xx: 2 } } }));
    const check = timeoutCheck(run);
    expect(check.resolved).toBe(6);
    const refresh = check.endpoints.find((e) => e.label === 'POST /api/auth/refresh');
    expect(refresh).toMatchObject({ resolved: false, timeouts: 1, errorClasses: { timeout: 1, http5xx: 2 } });
    expect(refresh?.reasons).toEqual(['1 timeout']);
  });

  it('errors at exactly 10 % and P95 at exactly 1 s are not resolved (the targets are strict)', () => {
    const run = makeRun(seven({
      me: { name: 'me', attempted: 100, errors: 10 },
      twofa_status: { name: 'twofa_status', latency: { p95: 1000 } },
    }));
    const check = timeoutCheck(run);
    expect(check.resolved).toBe(5);
    expect(check.endpoints.find((e) => e.label === 'GET /api/me')?.reasons).toEqual(['errors 10 % >= 10 %']);
    expect(check.endpoints.find((e) => e.label === 'GET /api/auth/2fa/status')?.reasons).toEqual(['P95 1 s >= 1 s']);
  });

  it('GET and PUT profile are one endpoint: percentiles merged from both histograms', () => {
    const fast = Array.from({ length: 90 }, () => 5);
    const slow = Array.from({ length: 10 }, () => 1500);
    const run = makeRun(seven({
      profile_get: { name: 'profile_get', attempted: 90, histogram: histogram(fast), latency: { p95: 5 } },
      profile_put: { name: 'profile_put', attempted: 10, histogram: histogram(slow), latency: { p95: 1500 } },
    }));
    const profile = timeoutCheck(run).endpoints.find((e) => e.label === 'GET|PUT /api/user/profile');
    expect(profile?.requests).toEqual(['profile_get', 'profile_put']);
    expect(profile?.attempted).toBe(100);
    expect(profile?.p95).toBeGreaterThanOrEqual(1499);
    expect(profile?.resolved).toBe(false);
  });

  it('an endpoint missing from the run is not resolved', () => {
    const run = makeRun(seven().filter((e) => e.name !== 'logout'));
    const logout = timeoutCheck(run).endpoints.find((e) => e.label === 'POST /api/auth/logout');
    expect(logout).toMatchObject({ resolved: false, reasons: ['not measured'] });
  });

  it('a P95 that landed on timeouts is a lower bound', () => {
    const run = makeRun(seven({ me: { name: 'me', atLeast: ['p95', 'p99', 'max'], latency: { p95: 300 }, errors: 1, errorClasses: { timeout: 1 } } }));
    expect(timeoutCheck(run).endpoints.find((e) => e.label === 'GET /api/me')).toMatchObject({ atLeast: true, resolved: false });
  });
});
