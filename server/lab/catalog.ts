// Lab states of the reference server (`serve --preset NAME`): the team's server on the day of the
// action plan (`today`), and after each of its milestones. A state is a set of settings, one per
// problem of the plan, each either still there (its real mechanism) or fixed (its real fix). Which
// endpoints a state leaves unresolved follows from which paths each problem touches (PROBLEMS), never
// from the measurement. Data only (no server code is loaded with it): applying a state is apply.ts.
import { nodeArgsFor } from '../faults/catalog.js';

export interface LabSettings {
  /** Cause 1: a request logger before auth doing DB work, the user looked up twice (step 1 fixes). */
  middlewareOrder: boolean;
  /** The auth path's failing dependency, the mail host: inline call, behind a breaker (step 2), queued (step 4). */
  mail: 'inline' | 'breaker' | 'outbox';
  /** Cause 2: 8 connections held per request with a 30 s wait (today), or per query with a 2 s timeout (step 3). */
  pool: 'request' | 'query';
  /** Cause 4: sign-in admission at concurrency 1, unbounded, no deadline; or bounded and shedding (step 4). */
  authQueue: 'unbounded' | 'bounded';
  /** Refresh tokens looked up without an index (phase 2 adds it). */
  missingIndex: boolean;
  /** Responses compressed (phase 2). */
  compression: boolean;
  /** Cause 3 and /health: request contexts journaled in a 64 MB heap and a DB-backed /health (phase 3 fixes). */
  heavyMonitoring: boolean;
  /** Security headers on every response (phase 3). */
  securityHeaders: boolean;
}

export interface LabPreset {
  name: string;
  /** The plan's milestone this state stands for, in its words. */
  milestone: string;
  summary: string;
  settings: LabSettings;
}

/** The team's traffic as the lab declares it: the plan's 100 RPS, a tenth of them sign-ins. */
export const LAB_TRAFFIC: { requestsPerS: number; signInShare: number } = { requestsPerS: 100, signInShare: 0.1 };
/** Every state hashes with scrypt N = 2^14 (r 8, p 1), whatever the server's own default is. */
export const LAB_HASH = { algorithm: 'scrypt', log2N: 14 } as const;
/** Rows of refresh-token history while the index is missing. */
export const LAB_HISTORY_ROWS = 50_000;

const TODAY: LabSettings = {
  middlewareOrder: true, mail: 'inline', pool: 'request', authQueue: 'unbounded',
  missingIndex: true, compression: false, heavyMonitoring: true, securityHeaders: false,
};
const STEPS_1_3: LabSettings = { ...TODAY, middlewareOrder: false, mail: 'breaker', pool: 'query' };
const STEPS_4_5: LabSettings = { ...STEPS_1_3, mail: 'outbox', authQueue: 'bounded' };
const PHASE_2: LabSettings = { ...STEPS_4_5, missingIndex: false, compression: true };
const PHASE_3: LabSettings = { ...PHASE_2, heavyMonitoring: false, securityHeaders: true };

export const PRESETS: readonly LabPreset[] = [
  { name: 'today', milestone: 'Today (before the fixes)', settings: TODAY,
    summary: 'the four suspected causes at once, the mail host down and called inline, no index, compression, light /health or security headers' },
  { name: 'steps-1-3', milestone: 'After Step 1-3 (Today)', settings: STEPS_1_3,
    summary: 'middleware reordered, a circuit breaker on the mail call, the pool held per query with a 2 s acquire timeout' },
  { name: 'steps-4-5', milestone: 'After Step 4-5 (Tomorrow)', settings: STEPS_4_5,
    summary: 'and a bounded sign-in queue that sheds with 503 + Retry-After, the email queued to the outbox' },
  { name: 'phase-2', milestone: 'After Phase 2 (Next Week)', settings: PHASE_2,
    summary: 'and compression, the refresh-token index' },
  { name: 'phase-3', milestone: 'After Phase 3 (Week 3)', settings: PHASE_3,
    summary: 'and a light /health without the request journal, security headers' },
];

/** The map cause -> the paths its mechanism really touches (docs/reference-server.md prints it). */
export const PROBLEMS = [
  { setting: 'middlewareOrder', cause: 'authentication middleware doing work in the wrong order', paths: 'every /api/* route: body parsed, request serialised, session and user looked up and an audit row written before auth; a second user look-up in auth', fixedBy: 'step 1' },
  { setting: 'mail', cause: 'the auth path\'s failing dependency (a mail host that never answers)', paths: 'POST /api/auth/request-email-verify waits for it; with the request-scoped pool it holds a connection while it waits, which starves every database route', fixedBy: 'step 2 (breaker: fast 503), step 4 (outbox: 202)' },
  { setting: 'pool', cause: 'the database pool (pool_size=3, max_overflow=5) with a long acquire wait', paths: 'every route that reads the database (all seven, and the heavy /health); a connection is held for the whole request', fixedBy: 'step 3' },
  { setting: 'authQueue', cause: 'an unbounded request queue on the auth path', paths: 'POST /api/auth/login (the one hashing endpoint); refresh and logout follow a sign-in in the traffic, so a failed sign-in fails them too', fixedBy: 'step 4' },
  { setting: 'heavyMonitoring', cause: 'memory pressure', paths: 'the whole process (GC pauses stop every request); /health reads the database through the pool', fixedBy: 'phase 3' },
  { setting: 'missingIndex', cause: 'a query without its index', paths: 'POST /api/auth/refresh, POST /api/auth/logout with a refresh token (scans on the event loop)', fixedBy: 'phase 2' },
  { setting: 'compression', cause: 'no response compression', paths: 'every response', fixedBy: 'phase 2' },
  { setting: 'securityHeaders', cause: 'no security headers', paths: 'every response', fixedBy: 'phase 3' },
] as const;

export function presetNames(): string[] {
  return PRESETS.map((p) => p.name);
}

export function findPreset(name: string): LabPreset | undefined {
  return PRESETS.find((p) => p.name === name);
}

/** Node flags a state's server process needs (the small heap of the memory-pressure journal). */
export function presetNodeArgs(name: string | undefined): string[] {
  const p = name === undefined ? undefined : findPreset(name);
  return p?.settings.heavyMonitoring ? nodeArgsFor(['memory-pressure']) : [];
}
