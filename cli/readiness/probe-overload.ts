// The overload probe: a burst of concurrent logins, with /health sampled one call at a time while it
// runs, after waiting for the server to work off whatever the phase runs left behind.
import type { Prober } from './http-probe.js';
import type { HttpObservation } from './types.js';

/** Pause between /health samples during the burst: a steady trickle, not load of its own. */
const SAMPLE_GAP_MS = 50;
/** The first sample waits out the burst's own connection storm: that is the client's cost, not the server's. */
const FIRST_SAMPLE_MS = 250;
/** A single login this fast means the hashing queue is empty again. */
const SETTLED_LOGIN_MS = 500;

/**
 * Waits (at most maxMs) until one login at a time is answered quickly: a server still working off
 * the phase runs' backlog would otherwise charge it to the burst.
 */
export async function settle(http: Prober, user: { email: string; password: string }, maxMs: number): Promise<void> {
  const end = performance.now() + maxMs;
  while (performance.now() < end) {
    const o = await http.send({ method: 'POST', path: '/api/auth/login', body: user, timeoutMs: Math.max(1, end - performance.now()) });
    if (o.status !== null && o.ms < SETTLED_LOGIN_MS) return;
    await new Promise((r) => setTimeout(r, 200));
  }
}

export interface OverloadProbe {
  responses: HttpObservation[];
  /** Sequential GET /health calls made while the burst was in flight (at least one). */
  health: HttpObservation[];
}

/**
 * Logins sent at once, round robin over the users; every one answered, refused, or timed out.
 * Meanwhile /health is called one at a time on separate connections: the plan's monitoring
 * endpoints timed out under load, and a blocked event loop shows there first.
 */
export async function probeOverload(
  burstHttp: Prober, healthHttp: Prober, users: Array<{ email: string; password: string }>, burst: number, timeoutMs: number,
): Promise<OverloadProbe> {
  let done = false;
  const all = users.length === 0 ? Promise.resolve([]) : Promise.all(Array.from({ length: burst }, (_, i) =>
    burstHttp.send({ method: 'POST', path: '/api/auth/login', body: users[i % users.length], timeoutMs })));
  const finished = all.finally(() => { done = true; });
  const health: HttpObservation[] = [];
  await new Promise((r) => setTimeout(r, FIRST_SAMPLE_MS - SAMPLE_GAP_MS));
  do {
    await new Promise((r) => setTimeout(r, SAMPLE_GAP_MS));
    health.push(await healthHttp.send({ method: 'GET', path: '/health', timeoutMs }));
  } while (!done);
  return { responses: await finished, health };
}
