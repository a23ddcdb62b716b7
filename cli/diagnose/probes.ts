// What the tracer sends while loads run: /health (no work: only waits when the event loop does), the
// cheapest authenticated read (waits when the database or auth does), and the same read with an
// invalid token (should be turned away at once; costs as much only when work runs before auth).
import { Client } from 'undici';
import type { Scenario } from '../plan/types.js';
import { compileRequests, type CompiledRequest } from '../runner/compile-requests.js';
import { setupUsers } from '../runner/setup-users.js';
import type { TargetUrl } from '../runner/target-url.js';
import { expandUsers } from '../runner/users.js';
import type { Vars } from '../plan/template.js';
import type { ProbeSpec } from './tracer.js';
import type { RequestInfo } from './types.js';

export const INVALID_TOKEN = 'Bearer invalid.invalid.invalid';

/**
 * The same credential with a broken signature: well-formed, so anything that reads its claims
 * before checking it (a logger looking the caller up) does its work, and auth must still refuse it.
 */
export function tamperToken(authorization: string): string {
  const m = /^(Bearer\s+)([^.\s]+)\.([^.\s]+)\.([^.\s]+)$/i.exec(authorization);
  if (!m) return INVALID_TOKEN;
  const sig = m[4] ?? '';
  const flipped = [...sig].map((ch) => (ch === 'A' ? 'B' : 'A')).join('');
  return `${m[1]}${m[2]}.${m[3]}.${flipped}`;
}

/** A request sends a password when its body has a field named like one (login, sign-up). */
export function sendsPassword(body: unknown): boolean {
  if (body === null || typeof body !== 'object') return false;
  return Object.entries(body as Record<string, unknown>).some(([k, v]) => /pass(word)?|secret/i.test(k) || sendsPassword(v));
}

function authHeader(headers: Record<string, string>): string | undefined {
  return Object.keys(headers).find((k) => k.toLowerCase() === 'authorization');
}

export function describeRequests(s: Scenario): RequestInfo[] {
  return Object.values(s.requests).map((r) => ({
    name: r.name,
    method: r.method,
    path: r.path,
    sendsPassword: sendsPassword(r.body),
    authenticated: authHeader({ ...s.defaults.headers, ...r.headers }) !== undefined,
  }));
}

/** Candidates for the authenticated-read probe: GETs alone in a flow, carrying a token. */
export function readCandidates(s: Scenario): string[] {
  return s.mix
    .filter((f) => f.run.length === 1)
    .map((f) => s.requests[f.run[0] ?? ''])
    .filter((r): r is NonNullable<typeof r> => r !== undefined && r.method === 'GET' && authHeader({ ...s.defaults.headers, ...r.headers }) !== undefined)
    .map((r) => r.name);
}

/** The variables of virtual user 1 after the scenario's setup (its token), or null when setup failed. */
export async function probeIdentity(s: Scenario, target: TargetUrl, signal?: AbortSignal): Promise<Vars | null> {
  const compiled = compileRequests(s, target.basePath);
  const users = expandUsers(s, 1);
  const outcome = await setupUsers(s, target, compiled, users, signal);
  return outcome.ready[0] ?? null;
}

/** GET /health answers 2xx (the target has a health endpoint we can use as a no-work probe). */
export async function hasHealth(target: TargetUrl): Promise<boolean> {
  const client = new Client(target.origin, { headersTimeout: 3000, bodyTimeout: 3000 });
  try {
    const res = await client.request({ method: 'GET', path: `${target.basePath}/health` });
    await res.body.dump();
    return res.statusCode >= 200 && res.statusCode < 300;
  } catch {
    return false;
  } finally {
    await client.close().catch(() => undefined);
  }
}

export function probeSpecs(
  s: Scenario, target: TargetUrl, health: boolean, readName: string | undefined, vars: Vars | null,
): ProbeSpec[] {
  const specs: ProbeSpec[] = [];
  if (health) specs.push({ probe: 'health', method: 'GET', path: `${target.basePath}/health`, headers: {} });
  const compiled: CompiledRequest | undefined = readName
    ? compileRequests(s, target.basePath).find((c) => c.name === readName)
    : undefined;
  if (compiled && vars) {
    const rendered = compiled.render({ ...vars });
    const key = authHeader(rendered.headers) ?? 'authorization';
    specs.push({ probe: 'auth-read', method: 'GET', path: rendered.path, headers: rendered.headers });
    const bad = tamperToken(rendered.headers[key] ?? '');
    specs.push({ probe: 'invalid-token', method: 'GET', path: rendered.path, headers: { ...rendered.headers, [key]: bad } });
  }
  return specs;
}
