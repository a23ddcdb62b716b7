import { describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../../cli/plan/load-scenario.js';
import { bundledScenarioPath } from '../../cli/plan/bundled.js';
import { describeRequests, probeSpecs, readCandidates, sendsPassword, tamperToken } from '../../cli/diagnose/probes.js';
import { parseTargetUrl } from '../../cli/runner/target-url.js';

describe('probe choice', () => {
  it('a broken signature keeps the token well-formed; anything else becomes an obviously bad token', () => {
    expect(tamperToken('Bearer aaa.bbb.AbC-_9')).toBe('Bearer aaa.bbb.BAAAAA');
    expect(tamperToken('Bearer aaa.bbb.AAAA')).toBe('Bearer aaa.bbb.BBBB');
    expect(tamperToken('Basic dXNlcjpwYXNz')).toBe('Bearer invalid.invalid.invalid');
  });

  it('password-sending requests are recognised at any depth', () => {
    expect(sendsPassword({ email: 'x', password: 'y' })).toBe(true);
    expect(sendsPassword({ user: { passwd: 'y' } })).toBe(true);
    expect(sendsPassword({ refresh_token: 'x' })).toBe(false);
    expect(sendsPassword(undefined)).toBe(false);
  });

  it('from phase1: the authenticated single-request GETs, and the probes built for user 1', async () => {
    const s = await loadScenarioFile(bundledScenarioPath('phase1'));
    expect(readCandidates(s)).toEqual(['me', 'profile_get', 'twofa_status']);
    const info = describeRequests(s);
    expect(info.filter((r) => r.sendsPassword).map((r) => r.name)).toEqual(['login', 'session_login']);
    expect(info.find((r) => r.name === 'me')?.authenticated).toBe(true);
    const target = parseTargetUrl('http://127.0.0.1:9/base');
    const specs = probeSpecs(s, target, true, 'me', { access_token: 'h.p.sig' });
    expect(specs.map((p) => [p.probe, p.path])).toEqual([
      ['health', '/base/health'], ['auth-read', '/base/api/me'], ['invalid-token', '/base/api/me'],
    ]);
    expect(specs[1]?.headers.authorization).toBe('Bearer h.p.sig');
    expect(specs[2]?.headers.authorization).toBe('Bearer h.p.AAA');
    // No /health on the target, no identity: nothing but what can be sent.
    expect(probeSpecs(s, target, false, 'me', null)).toEqual([]);
  });
});
