// Endpoint coverage, the action plan's "missing items" check: every one of the seven endpoints
// exists and answers as the contract says. One check per endpoint, passed when every call made to
// it was answered as expected. Pure.
import {
  ENDPOINT_KEYS, ENDPOINT_LABELS, ME, PROFILE, PROFILE_READ_CASE, TOKEN_PAIR, TWOFA,
  anyOf, expectEmpty, expectError, expectJson, withHeader, type EndpointKey, type Expectation,
} from './contract.js';
import { seen } from './http-probe.js';
import { makeItem } from './items.js';
import type { Check, HttpObservation, ReadinessItem } from './types.js';

/** What the probe saw, per endpoint and per call (the call names of CONTRACT_CASES). */
export type ContractObservations = Partial<Record<EndpointKey, Record<string, HttpObservation>>>;

/** Sent by the probe's profile update, and expected back. */
export const PROBE_DISPLAY_NAME = 'Readiness probe';

const bearer = (b: Record<string, unknown>) =>
  String(b.token_type).toLowerCase() === 'bearer' && (b.expires_in as number) > 0 && b.access_token !== ''
    ? null
    : `token_type "${String(b.token_type)}", expires_in ${String(b.expires_in)}: expected Bearer and a positive lifetime`;

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
      b.display_name === PROBE_DISPLAY_NAME ? null : `display_name "${String(b.display_name)}" not the one sent`)],
    ['GET no token', unauthorized],
    ['PUT no token', unauthorized],
    ['PUT malformed JSON', malformed],
  ],
};

export function judgeEndpoint(key: EndpointKey, seenCalls: Record<string, HttpObservation> | undefined): Check {
  const bad: string[] = [];
  const good: string[] = [];
  for (const [name, expectation] of CONTRACT_CASES[key]) {
    const o = seenCalls?.[name];
    if (!o) {
      bad.push(`${name}: not probed`);
      continue;
    }
    const problem = expectation(o);
    if (problem === null) good.push(`${name} ${seen(o)}`);
    else bad.push(`${name}: ${problem}`);
  }
  const evidence = bad.length === 0 ? good.join('; ') : `${bad.join('; ')}${good.length ? ` (as expected: ${good.join('; ')})` : ''}`;
  return { name: ENDPOINT_LABELS[key], pass: bad.length === 0, evidence };
}

export function judgeCoverage(observations: ContractObservations): ReadinessItem {
  const checks = ENDPOINT_KEYS.map((k) => judgeEndpoint(k, observations[k]));
  const ok = checks.filter((c) => c.pass).length;
  const missing = checks.filter((c) => !c.pass).map((c) => c.name);
  const summary = `${ok}/${checks.length} endpoints answer as the contract says`
    + (missing.length ? `; not as specified: ${missing.join(', ')}` : '');
  return makeItem('coverage', checks, { summary });
}
