import { describe, expect, it } from 'vitest';
import { judgeCoverage as judgeCoverageFacts, judgeEndpoint as judgeEndpointFacts } from '../../cli/readiness/judge-contract.js';
import { goodContract, obs } from './readiness-fixtures.js';
import { PROFILE_READ_CASE } from '../../cli/readiness/contract.js';
import { wordCheck, wordItem } from '../../cli/render/readiness-json.js';

// The judges return facts; these word them as every readiness output does.
const judgeCoverage = (...a: Parameters<typeof judgeCoverageFacts>) => wordItem(judgeCoverageFacts(...a));
const judgeEndpoint = (...a: Parameters<typeof judgeEndpointFacts>) => wordCheck(judgeEndpointFacts(...a));

describe('judgeCoverage: the seven endpoints answer as the contract says', () => {
  it('7/7 and a full score when every call is answered as specified', () => {
    const item = judgeCoverage(goodContract());
    expect(item).toMatchObject({ id: 'coverage', status: 'pass', score: 1, weight: 10 });
    expect(item.checks.map((c) => c.name)).toEqual([
      'POST /api/auth/login', 'POST /api/auth/logout', 'POST /api/auth/refresh', 'GET /api/auth/2fa/status',
      'POST /api/auth/request-email-verify', 'GET /api/me', 'GET|PUT /api/user/profile',
    ]);
    expect(item.summary).toBe('7/7 endpoints answer as the contract says');
  });

  it('a missing endpoint (404 everywhere) scores 6/7 and is named as missing', () => {
    const o = goodContract();
    o.twofa = { valid: obs({ status: 404, body: { error: 'not_found', message: 'no route' } }), 'no token': obs({ status: 404, body: { error: 'not_found', message: 'x' } }) };
    const item = judgeCoverage(o);
    expect(item.status).toBe('fail');
    expect(item.score).toBeCloseTo(6 / 7);
    expect(item.summary).toContain('not as specified: GET /api/auth/2fa/status');
    expect(item.checks[3]?.evidence).toContain('valid: expected 200, got 404');
  });

  it('near misses in the JSON shape fail: a missing field, a wrong type, a wrong token type', () => {
    const o = goodContract();
    o.login!['valid credentials'] = obs({ body: { access_token: 'a', token_type: 'Bearer', expires_in: 900 } });
    expect(judgeEndpoint('login', o.login).evidence).toContain('missing or mistyped: refresh_token (string)');
    o.me!.valid = obs({ body: { id: '1', email: 'x', email_verified: false, twofa_enabled: false, created_at: 'x' } });
    expect(judgeEndpoint('me', o.me).pass).toBe(false);
    o.refresh!['valid refresh token'] = obs({ body: { access_token: 'a', refresh_token: 'r', token_type: 'mac', expires_in: 900 } });
    expect(judgeEndpoint('refresh', o.refresh).evidence).toContain('token_type "mac"');
  });

  it('a 401 without the error shape, or a revoked token still accepted, fails', () => {
    const o = goodContract();
    o.me!['no token'] = obs({ status: 401, body: 'Unauthorized' });
    expect(judgeEndpoint('me', o.me).evidence).toContain('expected a JSON object');
    o.logout!['access token after logout'] = obs({ body: { id: 1 } });
    expect(judgeEndpoint('logout', o.logout).evidence).toContain('access token after logout: expected 401, got 200');
  });

  it('email verification: 429 counts only with Retry-After; 409 only as already_verified', () => {
    const o = goodContract();
    const limited = { error: 'rate_limited', message: 'later' };
    o.emailVerify!.valid = obs({ status: 429, body: limited });
    expect(judgeEndpoint('emailVerify', o.emailVerify).pass).toBe(false);
    o.emailVerify!.valid = obs({ status: 429, body: limited, headers: { 'retry-after': '120' } });
    expect(judgeEndpoint('emailVerify', o.emailVerify).pass).toBe(true);
    o.emailVerify!.valid = obs({ status: 409, body: { error: 'conflict', message: 'x' } });
    expect(judgeEndpoint('emailVerify', o.emailVerify).pass).toBe(false);
  });

  it('a call that was never made is "not probed", and a timeout is named', () => {
    const o = goodContract();
    delete o.profile!['PUT malformed JSON'];
    o.profile![PROFILE_READ_CASE] = obs({ status: null, error: 'timeout', ms: 5000 });
    const check = judgeEndpoint('profile', o.profile);
    expect(check.pass).toBe(false);
    expect(check.evidence).toContain('PUT malformed JSON: not probed');
    expect(check.evidence).toContain('GET valid: expected 200, got no answer (timeout)');
    expect(judgeCoverage({}).score).toBe(0);
  });

  it('a PUT that answers 200 but does not store the value sent fails', () => {
    const o = goodContract();
    o.profile!['PUT valid'] = obs({ body: { display_name: 'someone else', bio: null, locale: null, timezone: null, avatar_url: null, website: null } });
    expect(judgeEndpoint('profile', o.profile).evidence).toContain('not the one sent');
  });
});
