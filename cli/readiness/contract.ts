// The seven endpoints' contract as data: for each endpoint, the calls the probe makes and what a
// correct answer looks like (status, JSON shape, headers). Shared by the probe (what to send) and
// the judgement (what to expect), so the two cannot drift apart.
import type { HttpObservation } from './types.js';
import { answerOf, type Mismatch } from './evidence.js';
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

/** How an answer differs from the contract, or null when it is as the contract says. */
export type Expectation = (o: HttpObservation) => Mismatch | null;

type Shape = Record<string, 'string' | 'number' | 'boolean' | 'string|null' | 'boolean|null'>;

function typeOk(value: unknown, want: Shape[string]): boolean {
  return want.split('|').some((t) => (t === 'null' ? value === null : typeof value === t));
}

/** Status first, then every field of the shape; names each field that is missing or of the wrong type. */
export function expectJson(status: number, shape: Shape, extra?: (body: Record<string, unknown>) => Mismatch | null): Expectation {
  return (o) => {
    if (o.status !== status) return { kind: 'status', expected: status, got: answerOf(o) };
    const body = jsonOf(o);
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return { kind: 'not-object', body: o.body };
    const record = body as Record<string, unknown>;
    const wrong = Object.entries(shape).filter(([k, t]) => !typeOk(record[k], t)).map(([field, type]) => ({ field, type }));
    if (wrong.length > 0) return { kind: 'fields', status, wrong };
    return extra?.(record) ?? null;
  };
}

/** An error answer: this status and the error shape `{error, message}` (and optionally this code). */
export function expectError(status: number, code?: string): Expectation {
  return expectJson(status, { error: 'string', message: 'string' }, (b) =>
    code !== undefined && b.error !== code ? { kind: 'error-code', status, got: String(b.error), expected: code } : null);
}

export function expectEmpty(status: number): Expectation {
  return (o) => (o.status === status ? null : { kind: 'status', expected: status, got: answerOf(o) });
}

/** Passes when any of the alternatives does; otherwise names the first one's problem. */
export function anyOf(...options: Expectation[]): Expectation {
  return (o) => {
    const problems = options.map((e) => e(o));
    return problems.some((p) => p === null) ? null : (problems[0] ?? null);
  };
}

export function withHeader(name: string, e: Expectation): Expectation {
  return (o) => e(o) ?? (o.headers[name] ? null : { kind: 'header-missing', status: o.status, header: name });
}

export const TOKEN_PAIR: Shape = { access_token: 'string', refresh_token: 'string', token_type: 'string', expires_in: 'number' };
export const ME: Shape = { id: 'number', email: 'string', email_verified: 'boolean', twofa_enabled: 'boolean', created_at: 'string' };
export const TWOFA: Shape = { enabled: 'boolean', method: 'string|null' };
export const PROFILE: Shape = {
  display_name: 'string|null', bio: 'string|null', locale: 'string|null', timezone: 'string|null',
  avatar_url: 'string|null', website: 'string|null',
};
