// Everything the app depends on, in one object handed to createApp. Each field is a seam: a
// test swaps the clock, a fault (server/faults) swaps the hasher, the data access, the token
// lookup, the limiter or the mailer, and the routes never know.
import type { MiddlewareHandler } from 'hono';
import type { Sqlite } from './db/open.js';
import { createRepo, type Repo } from './db/repo.js';
import type { AccessState } from './db/sessions.js';
import { argon2idHasher, argon2ParamsForCost, type Argon2Params, type PasswordHasher } from './auth/password.js';
import { createJwt, type Jwt } from './auth/jwt.js';
import { DEFAULT_LOCKOUT, type LockoutPolicy } from './auth/lockout.js';
import { newOpaqueToken } from './auth/secrets.js';
import { createLoginGuard, DEFAULT_GUARD, type GuardPolicy, type LoginGuard } from './auth/login-guard.js';
import { createLimiter, DEFAULT_ADMISSION, queueForHashMs, type AdmissionLimiter, type ShedReason } from './limiter.js';
import { createMetrics, type AppMetrics } from './metrics.js';
import { createHashPool, type HashEngine, type PoolOptions } from './auth/hash-pool.js';
import type { MaybeAsync } from './http/maybe-async.js';

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

export interface MailMessage {
  userId: number | null;
  to: string;
  subject: string;
  /** With SECRET_MARK (mail/outbox.ts) where `secret` goes; mailText() puts it back. */
  body: string;
  /** A token the message carries, kept out of the stored text once sent. */
  secret?: string;
}

export interface Mailer {
  send(msg: MailMessage): Promise<void>;
}

/** Runs work against the database; a pool fault makes callers wait for a connection here. */
export interface DataAccess {
  /** Synchronous when the repo is (the default); a promise when a pool is in front (faults, lab). */
  run<T>(fn: (repo: Repo) => MaybeAsync<T>): MaybeAsync<T>;
}

/** Is this access token's session alive and its id not denylisted? */
export interface TokenLookup {
  accessState(sessionId: string, jti: string): AccessState | Promise<AccessState>;
}

export interface Limits {
  accessTtlS: number;
  refreshTtlMs: number;
  emailTokenTtlMs: number;
  emailVerifyMax: number;
  emailVerifyWindowMs: number;
  bodyLimitBytes: number;
}

export const DEFAULT_LIMITS: Limits = {
  accessTtlS: 15 * 60,
  refreshTtlMs: 30 * 24 * 3600_000,
  emailTokenTtlMs: 24 * 3600_000,
  emailVerifyMax: 3,
  emailVerifyWindowMs: 10 * 60_000,
  bodyLimitBytes: 16 * 1024,
};

export interface AppContext {
  sqlite: Sqlite;
  repo: Repo;
  data: DataAccess;
  hasher: PasswordHasher;
  /** Verified against when the account does not exist, so both cases cost one full hash. */
  dummyHash: string;
  /** What new hashes are made with, and one verify's duration measured at start. */
  hashing: { params: Argon2Params; cost: number; verifyMs: number };
  /** The lower-priority hashing threads when the server runs them (closed with the server). */
  hashEngine?: HashEngine;
  jwt: Jwt;
  tokens: TokenLookup;
  admission: AdmissionLimiter;
  mailer: Mailer;
  clock: Clock;
  metrics: AppMetrics;
  lockout: LockoutPolicy;
  /** Counts sign-in attempts per account+source, per source and server-wide (auth/login-guard.ts). */
  loginGuard: LoginGuard;
  limits: Limits;
  /** Mounted after the standard middleware, before the routes (fault injection). */
  extraMiddleware: MiddlewareHandler[];
  /** Standard response middleware a lab state may go without (server/lab). */
  http: { compression: boolean; securityHeaders: boolean };
  /** Bearer token GET /metrics requires, or undefined for none (loopback-only use). */
  metricsToken?: string;
  /** Unexpected errors (never sent to clients). */
  log: (line: string) => void;
  faults: string[];
}

export interface ContextOptions {
  sqlite: Sqlite;
  hashCost: number;
  jwtSecret?: string;
  metricsToken?: string;
  clock?: Clock;
  log?: (line: string) => void;
  admission?: { concurrency: number; queueSize: number; maxWaitMs: number };
  limits?: Partial<Limits>;
  lockout?: Partial<LockoutPolicy>;
  guard?: Partial<Omit<GuardPolicy, 'pair'>>;
  /** Hash on worker threads of lower priority (auth/hash-pool.ts) instead of libuv's threadpool. */
  hashPool?: PoolOptions;
}

/**
 * A limiter whose waits and sheds are recorded in the app's metrics (faults use it too).
 * `onOverload`: a sign-in was refused for want of capacity (not for a client gone).
 */
export function createAdmissionLimiter(
  metrics: AppMetrics, o: { concurrency: number; queueSize: number; maxWaitMs: number }, onOverload?: (reason: ShedReason) => void,
): AdmissionLimiter {
  return createLimiter({
    ...o,
    onAdmit: (ms) => metrics.admissionWait.observe({ outcome: 'admitted' }, ms / 1000),
    onShed: (reason, ms) => {
      metrics.admissionWait.observe({ outcome: 'shed' }, ms / 1000);
      metrics.admissionSheds.inc({ reason });
      if (reason !== 'client_gone') onOverload?.(reason);
    },
  });
}

export async function createContext(o: ContextOptions): Promise<AppContext> {
  const repo = createRepo(o.sqlite);
  const params = argon2ParamsForCost(o.hashCost);
  const hashEngine = o.hashPool ? createHashPool(o.hashPool) : undefined;
  const hasher = argon2idHasher(params, { engine: hashEngine });
  const metrics = createMetrics();
  const clock = o.clock ?? { now: () => Date.now() };
  const dummyHash = await hasher.hash(newOpaqueToken());
  // What a login's hash really costs on this machine, now: the admission queue holds only what
  // the hashing slots finish within the wait budget.
  const t0 = performance.now();
  await hasher.verify('', dummyHash);
  const verifyMs = performance.now() - t0;
  const admissionOptions = o.admission ?? { ...DEFAULT_ADMISSION, queueSize: queueForHashMs(verifyMs, DEFAULT_ADMISSION) };
  const ctx: AppContext = {
    sqlite: o.sqlite,
    repo,
    data: { run: (fn) => fn(repo) },
    hasher,
    dummyHash,
    hashing: { params, cost: o.hashCost, verifyMs },
    hashEngine,
    jwt: createJwt(o.jwtSecret ?? newOpaqueToken()),
    tokens: { accessState: (sid, jti) => repo.sessions.accessState(sid, jti) },
    // Hashing at SCHED_IDLE yields every core to cheap requests, not sign-ins (auth/hash-pool.ts).
    admission: createAdmissionLimiter(metrics, admissionOptions, (reason) => hashEngine?.endIdle(`a sign-in was shed (${reason})`)),
    mailer: {
      async send(m) {
        repo.email.enqueue(m.userId, m.to, m.subject, m.body, m.secret ?? null, clock.now());
      },
    },
    clock,
    metrics,
    lockout: { ...DEFAULT_LOCKOUT, ...o.lockout },
    loginGuard: undefined as unknown as LoginGuard,
    limits: { ...DEFAULT_LIMITS, ...o.limits },
    extraMiddleware: [],
    http: { compression: true, securityHeaders: true },
    metricsToken: o.metricsToken,
    log: o.log ?? (() => {}),
    faults: [],
  };
  // Through ctx.data, so a data-access fault applied later is the one the guard uses.
  ctx.loginGuard = createLoginGuard({ run: (fn) => ctx.data.run(fn) }, clock, { ...DEFAULT_GUARD, ...o.guard, pair: ctx.lockout });
  // Read through ctx so a limiter swapped in later (a fault) is the one reported.
  metrics.bindQueue(() => ctx.admission.queued, () => ctx.admission.active);
  return ctx;
}
