// The seven endpoints' contract as data: for each endpoint, the calls the probe makes and what a
// correct answer looks like (status, JSON shape, headers). Shared by the probe (what to send) and
// the judgement (what to expect), so the two cannot drift apart.
import type { HttpObservation } from './types.js';
import { jsonOf } from './http-probe.js';

export type EndpointKey = 'login' | 'logout' | 'refresh' | 'twofa' | 'emailVerify' | 'me' | 'profile';

export const ENDPOINT_LABELS: Readonly<Record<EndpointKey, string>> = {
  login: 'POST /api/auth/login',
  logout: 'POST /api/auth/logout',
  refresh: 'POST /api/auth/refresh',
  twofa: 'GET /api/auth/2fa/status',
  emailVerify: 'POST /api/auth/request-email-verify',
  me: 'GET /api/me',
  profile: 'GET|PUT /api/user/profile',
};

export const ENDPOINT_KEYS = Object.keys(ENDPOINT_LABELS) as EndpointKey[];

/**
 * The contract probe's authenticated profile read: judged against the contract, and reused by the
 * hygiene probes as the large response whose headers and compression they inspect.
 */
export const PROFILE_READ_CASE = 'GET valid';

/** A problem with an answer in words, or null when it is as the contract says. */
export type Expectation = (o: HttpObservation) => string | null;

type Shape = Record<string, 'string' | 'number' | 'boolean' | 'string|null' | 'boolean|null'>;

function typeOk(value: unknown, want: Shape[string]): boolean {
  return want.split('|').some((t) => (t === 'null' ? value === null : typeof value === t));
}

/** Status first, then every field of the shape; names each field that is missing or of the wrong type. */
export function expectJson(status: number, shape: Shape, extra?: (body: Record<string, unknown>) => string | null): Expectation {
  return (o) => {
    if (o.status !== status) return `expected ${status}, got ${answer(o)}`;
    const body = jsonOf(o);
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return `expected a JSON object, got ${snippet(o.body)}`;
    const record = body as Record<string, unknown>;
    const wrong = Object.entries(shape).filter(([k, t]) => !typeOk(record[k], t)).map(([k, t]) => `${k} (${t})`);
    if (wrong.length > 0) return `${status} but missing or mistyped: ${wrong.join(', ')}`;
    return extra?.(record) ?? null;
  };
}

/** An error answer: this status and the error shape `{error, message}` (and optionally this code). */
export function expectError(status: number, code?: string): Expectation {
  return expectJson(status, { error: 'string', message: 'string' }, (b) =>
    code !== undefined && b.error !== code ? `${status} but error "${String(b.error)}", expected "${code}"` : null);
}

export function expectEmpty(status: number): Expectation {
  return (o) => (o.status === status ? null : `expected ${status}, got ${answer(o)}`);
}

/** Passes when any of the alternatives does; otherwise names the first one's problem. */
export function anyOf(...options: Expectation[]): Expectation {
  return (o) => {
    const problems = options.map((e) => e(o));
    return problems.some((p) => p === null) ? null : (problems[0] ?? 'no expectation');
  };
}

export function withHeader(name: string, e: Expectation): Expectation {
  return (o) => e(o) ?? (o.headers[name] ? null : `${o.status} without a ${name} header`);
}

export const TOKEN_PAIR: Shape = { access_token: 'string', refresh_token: 'string', token_type: 'string', expires_in: 'number' };
export const ME: Shape = { id: 'number', email: 'string', email_verified: 'boolean', twofa_enabled: 'boolean', created_at: 'string' };
export const TWOFA: Shape = { enabled: 'boolean', method: 'string|null' };
export const PROFILE: Shape = {
  display_name: 'string|null', bio: 'string|null', locale: 'string|null', timezone: 'string|null',
  avatar_url: 'string|null', website: 'string|null',
};

/** "404 {"error":"not_found",...}" or "no answer (timeout) after 5000 ms". */
export function answer(o: HttpObservation): string {
  if (o.status === null) return `no answer (${o.error ?? 'error'})`;
  return o.body ? `${o.status} ${snippet(o.body)}` : String(o.status);
}

export function snippet(text: string, max = 100): string {
  const one = text.replace(/\s+/g, ' ').trim();
  if (one === '') return '(empty body)';
  return one.length > max ? `${one.slice(0, max)}…` : one;
}
