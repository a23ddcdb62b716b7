// The faults the reference server reproduces on demand (`serve --fault NAME`, repeatable), one
// per suspected cause of the timeouts. Each works by the real mechanism (a blocked event loop, a
// held connection, a table scan...), chosen once at start; with no fault the server is unchanged.
// Data only: the mechanisms are imported by `load()` when a server applies them, so that the
// commands that merely name or validate faults never load prom-client, SQLite or argon2.
import type { FaultEntry } from './types.js';

export type { Fault, FaultEntry, Dispose } from './types.js';

/** The defaults each mechanism runs with, and its documentation states. */
export const HEAP_MB = 64;
export const HISTORY_ROWS = 150_000;
export const POOL_SIZE = 2;
export const ACQUIRE_TIMEOUT_MS = 2000;
/** A remote host that greylists-and-pauses a little: ~0.45 s for one message. */
export const MAIL_HOST_DELAYS = { greetingDelayMs: 150, replyDelayMs: 50 } as const;

export const FAULTS: readonly FaultEntry[] = [
  {
    name: 'event-loop-block',
    summary: 'login hashes the password with argon2 verifySync on the event loop',
    reproduces: 'the event loop blocked by CPU work',
    clientSignals: 'every endpoint slows together while logins run, /health included; fast alone, slow in a mix; time to first byte dominates',
    serverSignals: 'event-loop lag and utilization near 1 on one core; the `hash` Server-Timing span is small next to the client-side latency',
    fix: 'hash asynchronously (the async argon2 or crypto.scrypt calls run on the libuv threadpool) and cap concurrent hashes with admission control',
    load: async () => (await import('./event-loop-block.js')).eventLoopBlock,
  },
  {
    name: 'pool-exhaustion',
    summary: `database access through a ${POOL_SIZE}-connection pool held per request; login holds one across the password hash`,
    reproduces: 'database connection pool exhaustion',
    clientSignals: `database endpoints queue behind logins, then time out or answer 503 db_pool_timeout after ${ACQUIRE_TIMEOUT_MS / 1000} s; /health stays fast`,
    serverSignals: '`db_pool_waiting` grows, `db_pool_in_use` pinned at the pool size, `db_pool_acquire_wait_seconds` and `db_pool_timeouts_total` climb; event loop and CPU mostly idle',
    fix: 'hold a connection only for the queries (never across an await on other work such as hashing), and size the pool to the real concurrency',
    reopensDatabase: true,
    load: async () => (await import('./pool-exhaustion.js')).poolExhaustion,
  },
  {
    name: 'queue-bottleneck',
    summary: 'the auth admission limiter runs at concurrency 1 with an unbounded queue (no shedding)',
    reproduces: 'request queuing behind a concurrency cap',
    clientSignals: 'login throughput flat at one hash at a time from 1 to N connections; latency ~ queue length x service time (Little\'s law), then timeouts instead of fast 503s; other endpoints stay fast',
    serverSignals: '`admission_queue_depth` grows without bound, `admission_active` stuck at 1, `admission_wait_seconds` climbs, no `admission_shed_total`; CPU and event loop mostly idle',
    fix: 'size the cap to the work (the threadpool: 4 hashes at once), bound the queue and the wait, and shed the excess with 503 + Retry-After',
    load: async () => (await import('./queue-bottleneck.js')).queueBottleneck,
  },
  {
    name: 'memory-pressure',
    summary: `every request's context retained in an unbounded journal, in a ${HEAP_MB} MB heap`,
    reproduces: 'memory pressure: long garbage-collection pauses',
    clientSignals: 'periodic P99/max spikes on every endpoint, /health included, while P50 stays fast; worse the longer the load runs',
    serverSignals: 'frequent major GCs (`nodejs_gc_duration_seconds{kind="major"}`) of tens of ms, some over 100, 10-20 % of the time; `nodejs_heap_size_used_bytes` held high; `request_journal_entries` in the thousands, `request_journal_evicted_total` climbing',
    fix: 'keep only what is needed, in a cache bounded by size (an LRU) or an external store; never retain request objects; give the process heap headroom',
    nodeArgs: [`--max-old-space-size=${HEAP_MB}`],
    load: async () => (await import('./memory-pressure.js')).memoryPressure,
  },
  {
    name: 'middleware-order',
    summary: 'a request logger runs before auth (parses, serialises, looks up the session, writes an audit row); the user is looked up twice',
    reproduces: 'middleware order: expensive work before auth, duplicated look-ups',
    clientSignals: 'a constant extra cost on every API route, visible alone at concurrency 1; a request with an invalid token takes about as long to be rejected as a valid one to be served',
    serverSignals: 'Server-Timing `reqlog` and `db` spans on requests auth rejects; `auth_user_lookups_total` counts two per authenticated request; request_log grows by one row per request',
    fix: 'mount auth first and reject before logging parses or touches the database; look the user up once and pass it down; log a few fields, never the whole request object',
    load: async () => (await import('./middleware-order.js')).middlewareOrder,
  },
  {
    name: 'missing-index',
    summary: `refresh tokens looked up by hash without an index, over ${HISTORY_ROWS.toLocaleString('en')} historical rows`,
    reproduces: 'a query without its index on a large table',
    clientSignals: '/api/auth/refresh (and logout with a refresh token) slow even alone, growing with the table; while refreshes run, everything else waits too',
    serverSignals: 'the `db` Server-Timing span of refresh is tens of ms; event-loop lag and utilization high during refreshes (SQLite runs on the event loop); EXPLAIN QUERY PLAN says SCAN refresh_tokens',
    fix: 'index the lookup column (here the token hash is the primary key) and check every hot query with EXPLAIN QUERY PLAN',
    load: async () => (await import('./missing-index.js')).missingIndex,
  },
  {
    name: 'slow-downstream',
    summary: 'email verification talks SMTP inline to a slow mail host instead of queueing to the outbox',
    reproduces: 'a slow downstream call on the request path',
    clientSignals: `/api/auth/request-email-verify slow even alone (~${MAIL_HOST_DELAYS.greetingDelayMs + 6 * MAIL_HOST_DELAYS.replyDelayMs} ms, the mail host's pace), its requests overlapping under concurrency; other endpoints and /health unaffected`,
    serverSignals: 'the `mail` Server-Timing span carries nearly all the time; `smtp_exchange_seconds` matches it; event loop and CPU idle',
    fix: 'queue the message (the outbox table) and answer 202 at once; a worker sends it with its own timeout and retries',
    load: async () => (await import('./slow-downstream.js')).slowDownstream,
  },
];

export function faultNames(): string[] {
  return FAULTS.map((f) => f.name);
}

export function findFault(name: string): FaultEntry | undefined {
  return FAULTS.find((f) => f.name === name);
}

/**
 * Node flags the server process needs for these faults (deduplicated, in catalogue order), for
 * whoever spawns it: `startBundledServer({ nodeArgs })`, or `serve` re-executing itself.
 */
export function nodeArgsFor(faults: readonly string[]): string[] {
  const args: string[] = [];
  for (const f of FAULTS) {
    if (!faults.includes(f.name)) continue;
    for (const a of f.nodeArgs ?? []) if (!args.includes(a)) args.push(a);
  }
  return args;
}

const flagName = (arg: string) => (arg.split('=')[0] ?? arg).replace(/_/g, '-');

/**
 * The flags of nodeArgsFor(faults) this process was NOT started with. A flag given with any
 * value (on the command line or in NODE_OPTIONS) counts as given: the user's own heap size wins.
 */
export function missingNodeArgs(
  faults: readonly string[], execArgv: readonly string[] = process.execArgv, nodeOptions = process.env.NODE_OPTIONS ?? '',
  /** Further flags wanted (a lab preset's). */
  extra: readonly string[] = [],
): string[] {
  const given = new Set([...execArgv, ...nodeOptions.split(/\s+/).filter(Boolean)].map(flagName));
  const wanted = [...nodeArgsFor(faults), ...extra.filter((a) => !nodeArgsFor(faults).includes(a))];
  return wanted.filter((a) => !given.has(flagName(a)));
}
