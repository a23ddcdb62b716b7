// Hand-made observations for the readiness judgements: a correct answer of every contract call,
// each overridable, so a test states only the answer it is about.
import type { ContractObservations } from '../../cli/readiness/judge-contract.js';
import { PROBE_DISPLAY_NAME } from '../../cli/readiness/judge-contract.js';
import type { HttpObservation } from '../../cli/readiness/types.js';
import { PROFILE_READ_CASE } from '../../cli/readiness/contract.js';

export function obs(input: Partial<HttpObservation> & { body?: unknown } = {}): HttpObservation {
  const body = typeof input.body === 'string' ? input.body : input.body === undefined ? '' : JSON.stringify(input.body);
  const bytes = Buffer.byteLength(body);
  return {
    method: 'GET', path: '/x', status: 200, headers: {}, ms: 2, wireBytes: bytes, bodyBytes: bytes,
    ...input,
    body,
  };
}

const pair = { access_token: 'a.b.c', refresh_token: 'r', token_type: 'Bearer', expires_in: 900 };
const err = (status: number, error: string) => obs({ status, body: { error, message: 'm' } });
const profile = { display_name: PROBE_DISPLAY_NAME, bio: null, locale: null, timezone: null, avatar_url: null, website: null, updated_at: null };

export function goodContract(): ContractObservations {
  return {
    login: { 'valid credentials': obs({ body: pair }), 'unknown account': err(401, 'invalid_credentials'), 'malformed JSON': err(400, 'invalid_json') },
    logout: {
      'malformed JSON': err(400, 'invalid_json'), 'no token': err(401, 'unauthorized'),
      valid: obs({ status: 204 }), 'access token after logout': err(401, 'token_revoked'),
    },
    refresh: {
      'valid refresh token': obs({ body: pair }), 'rotated token reused': err(401, 'token_reused'),
      'unknown token': err(401, 'invalid_token'), 'malformed JSON': err(400, 'invalid_json'),
    },
    twofa: { valid: obs({ body: { enabled: false, method: null } }), 'no token': err(401, 'unauthorized') },
    emailVerify: { valid: obs({ status: 202, body: { status: 'queued' } }), 'no token': err(401, 'unauthorized') },
    me: {
      valid: obs({ body: { id: 1, email: 'user1@zimmer.test', email_verified: false, twofa_enabled: false, created_at: '2026-01-01T00:00:00.000Z' } }),
      'no token': err(401, 'unauthorized'),
    },
    profile: {
      [PROFILE_READ_CASE]: obs({ body: { ...profile, display_name: null } }), 'PUT valid': obs({ body: profile }),
      'GET no token': err(401, 'unauthorized'), 'PUT no token': err(401, 'unauthorized'), 'PUT malformed JSON': err(400, 'invalid_json'),
    },
  };
}
