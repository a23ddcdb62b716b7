// The contract probe: each of the seven endpoints called as a seeded user would (valid call), without
// a token, and with a malformed body where it takes one. Separate sessions for refresh and logout,
// so rotating or revoking them never spoils the token the other calls use.
import { randomUUID } from 'node:crypto';
import { PROFILE_READ_CASE, type EndpointKey } from './contract.js';
import { jsonOf, type Prober } from './http-probe.js';
import { PROBE_DISPLAY_NAME, type ContractObservations } from './judge-contract.js';
import type { HttpObservation } from './types.js';

export interface Credentials {
  email: string;
  password: string;
}

export interface ContractProbe {
  observations: ContractObservations;
  /** A working access token of the probe user, for the hygiene probes; null when login failed. */
  accessToken: string | null;
}

const MALFORMED = '{"email": "broken';

function notSent(method: string, path: string, why: string): HttpObservation {
  return { method, path, status: null, headers: {}, body: '', wireBytes: 0, bodyBytes: 0, ms: 0, error: `not sent: ${why}` };
}

function tokens(o: HttpObservation): { access: string; refresh: string } | null {
  const b = jsonOf(o) as { access_token?: unknown; refresh_token?: unknown } | undefined;
  return o.status === 200 && typeof b?.access_token === 'string' && typeof b.refresh_token === 'string'
    ? { access: b.access_token, refresh: b.refresh_token }
    : null;
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

export async function probeContract(http: Prober, user: Credentials): Promise<ContractProbe> {
  const obs: ContractObservations = {};
  const put = (key: EndpointKey, name: string, o: HttpObservation) => { (obs[key] ??= {})[name] = o; };
  const login = (body: unknown) => http.send({ method: 'POST', path: '/api/auth/login', body });
  const LOGIN_FAILED = 'the probe user could not sign in';

  const first = await login(user);
  put('login', 'valid credentials', first);
  put('login', 'unknown account', await login({ email: `nobody-${randomUUID()}@zimmer.test`, password: 'not-the-password' }));
  put('login', 'malformed JSON', await login(MALFORMED));
  const main = tokens(first);

  // Reads with the main session, then without any token.
  const reads: Array<[EndpointKey, string, string, string, unknown?]> = [
    ['me', 'valid', 'GET', '/api/me'],
    ['twofa', 'valid', 'GET', '/api/auth/2fa/status'],
    ['profile', PROFILE_READ_CASE, 'GET', '/api/user/profile'],
    ['profile', 'PUT valid', 'PUT', '/api/user/profile', { display_name: PROBE_DISPLAY_NAME }],
    ['profile', 'PUT malformed JSON', 'PUT', '/api/user/profile', MALFORMED],
    ['emailVerify', 'valid', 'POST', '/api/auth/request-email-verify'],
  ];
  for (const [key, name, method, path, body] of reads) {
    put(key, name, main ? await http.send({ method, path, headers: bearer(main.access), body }) : notSent(method, path, LOGIN_FAILED));
  }
  const anonymous: Array<[EndpointKey, string, string, string, unknown?]> = [
    ['me', 'no token', 'GET', '/api/me'],
    ['twofa', 'no token', 'GET', '/api/auth/2fa/status'],
    ['profile', 'GET no token', 'GET', '/api/user/profile'],
    ['profile', 'PUT no token', 'PUT', '/api/user/profile', { display_name: PROBE_DISPLAY_NAME }],
    ['emailVerify', 'no token', 'POST', '/api/auth/request-email-verify'],
    ['logout', 'no token', 'POST', '/api/auth/logout', {}],
  ];
  for (const [key, name, method, path, body] of anonymous) put(key, name, await http.send({ method, path, body }));

  // Refresh: rotate once, then the old token must be refused (and its family revoked).
  const refreshPath = '/api/auth/refresh';
  const second = tokens(await login(user));
  const refresh = (token: string) => http.send({ method: 'POST', path: refreshPath, body: { refresh_token: token } });
  put('refresh', 'valid refresh token', second ? await refresh(second.refresh) : notSent('POST', refreshPath, LOGIN_FAILED));
  put('refresh', 'rotated token reused', second ? await refresh(second.refresh) : notSent('POST', refreshPath, LOGIN_FAILED));
  put('refresh', 'unknown token', await refresh(`unknown-${randomUUID()}`));
  put('refresh', 'malformed JSON', await http.send({ method: 'POST', path: refreshPath, body: MALFORMED }));

  // Logout: a malformed body must not sign out; a valid one revokes the access token at once.
  const third = tokens(await login(user));
  const logoutPath = '/api/auth/logout';
  if (third) {
    put('logout', 'malformed JSON', await http.send({ method: 'POST', path: logoutPath, headers: bearer(third.access), body: MALFORMED }));
    put('logout', 'valid', await http.send({ method: 'POST', path: logoutPath, headers: bearer(third.access), body: { refresh_token: third.refresh } }));
    put('logout', 'access token after logout', await http.send({ method: 'GET', path: '/api/me', headers: bearer(third.access) }));
  } else {
    for (const name of ['malformed JSON', 'valid', 'access token after logout']) put('logout', name, notSent('POST', logoutPath, LOGIN_FAILED));
  }
  return { observations: obs, accessToken: main?.access ?? null };
}
