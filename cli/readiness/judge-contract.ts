// Endpoint coverage, the action plan's "missing items" check: every one of the seven endpoints
// exists and answers as the contract says. One check per endpoint, passed when every call made to
// it was answered as expected. Pure.
import {
  ENDPOINT_KEYS, ENDPOINT_LABELS, ME, PROFILE, PROFILE_READ_CASE, TOKEN_PAIR, TWOFA,
  anyOf, expectEmpty, expectError, expectJson, withHeader, type EndpointKey, type Expectation,
} from './contract.js';
import { answerOf, type Evidence } from './evidence.js';
import { makeItem } from './items.js';
import type { Check, HttpObservation, ReadinessItem } from './types.js';

/** What the probe saw, per endpoint and per call (the call names of CONTRACT_CASES). */
export type ContractObservations = Partial<Record<EndpointKey, Record<string, HttpObservation>>>;

/** Sent by the probe's profile update, and expected back. */
export const PROBE_DISPLAY_NAME = 'Readiness probe';

const bearer = (b: Record<string, unknown>) =>
  String(b.token_type).toLowerCase() === 'bearer' && (b.expires_in as number) > 0 && b.access_token !== ''
    ? null
    : { kind: 'bearer' as const, tokenType: String(b.token_type), expiresIn: String(b.expires_in) };

const unauthorized = expectError(401);
const malformed = expectError(400);

export const CONTRACT_CASES: Readonly<Record<EndpointKey, ReadonlyArray<readonly [string, Expectation]>>> = {
  login: [
    ['valid credentials', expectJson(200, TOKEN_PAIR, bearer)],
    ['unknown account', unauthorized],
    ['malformed JSON', malformed],
  ],
  logout: [
    ['malformed JSON', malformed],
    ['no token', unauthorized],
    ['valid', expectEmpty(204)],
    ['access token after logout', unauthorized],
  ],
  refresh: [
    ['valid refresh token', expectJson(200, TOKEN_PAIR, bearer)],
    ['rotated token reused', unauthorized],
    ['unknown token', unauthorized],
    ['malformed JSON', malformed],
  ],
  twofa: [
    ['valid', expectJson(200, TWOFA)],
    ['no token', unauthorized],
  ],
  emailVerify: [
    // 429 (rate limit, with Retry-After) and 409 (already verified) are answers the contract names.
    ['valid', anyOf(expectJson(202, { status: 'string' }), withHeader('retry-after', expectError(429)), expectError(409, 'already_verified'))],
    ['no token', unauthorized],
  ],
  me: [
    ['valid', expectJson(200, ME)],
    ['no token', unauthorized],
  ],
  profile: [
    [PROFILE_READ_CASE, expectJson(200, PROFILE)],
    ['PUT valid', expectJson(200, PROFILE, (b) =>
      b.display_name === PROBE_DISPLAY_NAME ? null : { kind: 'not-echoed', field: 'display_name', got: String(b.display_name) })],
    ['GET no token', unauthorized],
    ['PUT no token', unauthorized],
    ['PUT malformed JSON', malformed],
  ],
};

export function judgeEndpoint(key: EndpointKey, seenCalls: Record<string, HttpObservation> | undefined): Check {
  const calls = CONTRACT_CASES[key].map(([name, expectation]) => {
    const o = seenCalls?.[name];
    return { name, answer: o ? answerOf(o) : null, mismatch: o ? expectation(o) : null };
  });
  const evidence: Evidence = { kind: 'contract', calls };
  return { name: ENDPOINT_LABELS[key], pass: calls.every((c) => c.answer !== null && c.mismatch === null), evidence };
}

export function judgeCoverage(observations: ContractObservations): ReadinessItem {
  const checks = ENDPOINT_KEYS.map((k) => judgeEndpoint(k, observations[k]));
  const ok = checks.filter((c) => c.pass).length;
  const missing = checks.filter((c) => !c.pass).map((c) => c.name);
  return makeItem('coverage', checks, { summary: { kind: 'coverage', ok, total: checks.length, missing } });
}
