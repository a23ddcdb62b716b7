// Gathers what the hygiene judgements need: responses to inspect for security headers, a large and
// a small response with and without gzip, sequential /health calls, and two error answers.
import { PROFILE } from './contract.js';
import { jsonOf, type Prober } from './http-probe.js';
import type { ErrorCase, LargeResponse } from './judge-hygiene.js';
import type { HttpObservation } from './types.js';

export const HEALTH_CALLS = 10;
const PROFILE_PATH = '/api/user/profile';

export interface HygieneObservations {
  headers: HttpObservation[];
  large: LargeResponse;
  small: HttpObservation;
  health: HttpObservation[];
  errors: ErrorCase[];
}

/** Profile fields long enough (about 4 kB of JSON) that any sane threshold calls the answer large. */
function largeProfile(): Record<string, string> {
  return {
    bio: 'Readiness probe: a profile long enough to be worth compressing. '.repeat(15).slice(0, 1000),
    avatar_url: `https://example.test/avatars/${'a'.repeat(1500)}.png`,
    website: `https://example.test/${'readiness/'.repeat(100)}`,
  };
}

/** The profile fields as they were before the probe, to put back afterwards. */
function restorable(original: HttpObservation | undefined): Record<string, unknown> | null {
  const body = original && original.status === 200 ? (jsonOf(original) as Record<string, unknown> | undefined) : undefined;
  if (!body) return null;
  return Object.fromEntries(Object.keys(PROFILE).map((k) => [k, body[k] ?? null]));
}

export async function probeHygiene(http: Prober, token: string | null, originalProfile?: HttpObservation): Promise<HygieneObservations> {
  const auth = token ? { authorization: `Bearer ${token}` } : undefined;
  // One warm call first: the first request on a connection pays for the handshake, not the handler.
  await http.send({ method: 'GET', path: '/health' });
  const health: HttpObservation[] = [];
  for (let i = 0; i < HEALTH_CALLS; i++) health.push(await http.send({ method: 'GET', path: '/health' }));

  const small = await http.send({ method: 'GET', path: '/health', headers: { 'accept-encoding': 'gzip' } });
  let large: LargeResponse = { why: 'needs a signed-in user to read a large profile, and the probe user could not sign in' };
  if (auth) {
    const saved = await http.send({ method: 'PUT', path: PROFILE_PATH, headers: auth, body: largeProfile() });
    if (saved.status === 200) {
      const gzip = await http.send({ method: 'GET', path: PROFILE_PATH, headers: { ...auth, 'accept-encoding': 'gzip' } });
      const identity = await http.send({ method: 'GET', path: PROFILE_PATH, headers: { ...auth, 'accept-encoding': 'identity' } });
      large = { gzip, identity };
      const before = restorable(originalProfile);
      if (before) await http.send({ method: 'PUT', path: PROFILE_PATH, headers: auth, body: before });
    } else {
      large = { why: `could not store a large profile to read back: PUT ${PROFILE_PATH} answered ${saved.status ?? saved.error}` };
    }
  }

  const unknownRoute = await http.send({ method: 'GET', path: '/api/zimmer-bench-readiness/no-such-route' });
  const malformed = await http.send({ method: 'POST', path: '/api/auth/login', body: '{"email": "broken' });
  const me = auth ? await http.send({ method: 'GET', path: '/api/me', headers: auth }) : null;
  return {
    headers: [health[0], me, unknownRoute].filter((o): o is HttpObservation => o !== null && o !== undefined),
    large,
    small,
    health,
    errors: [
      { name: 'malformed JSON body', expectStatus: 400, response: malformed },
      { name: 'unknown route', expectStatus: 404, response: unknownRoute },
    ],
  };
}
