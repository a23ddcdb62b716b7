// Admission limiter for expensive work (password hashing): at most `concurrency` run at once,
// at most `queueSize` wait, none waits longer than `maxWaitMs`. Beyond that, callers are shed
// at once instead of queueing without bound: a fast 503 beats a slow timeout, and the queue
// can never grow past what the workers finish within the wait budget. A caller whose client
// has gone (its AbortSignal fired) leaves the queue at once and is never granted a slot, so
// abandoned requests never spend hashing capacity.
import { availableParallelism } from 'node:os';

/** `late`: still queued when the observed slot time showed it could not be served within the budget. */
export type ShedReason = 'queue_full' | 'wait_timeout' | 'client_gone' | 'late';

export type Admission =
  | { admitted: true; waitedMs: number; release: () => void }
  | { admitted: false; waitedMs: number; reason: ShedReason };

export interface LimiterOptions {
  concurrency: number;
  queueSize: number;
  maxWaitMs: number;
  /** Called once per decision, for metrics. */
  onAdmit?: (waitedMs: number) => void;
  onShed?: (reason: ShedReason, waitedMs: number) => void;
}

export interface AdmissionLimiter {
  acquire(signal?: AbortSignal): Promise<Admission>;
  readonly active: number;
  readonly queued: number;
  readonly options: Readonly<LimiterOptions>;
}

interface Waiter {
  since: number;
  resolve: (a: Admission) => void;
  /** Undoes the timer and the abort listener. */
  detach: () => void;
}

// Hashes run on libuv's threadpool (UV_THREADPOOL_SIZE, 4 by default), or under `serve` on as many
// lower-priority worker threads as there are slots (auth/hash-pool.ts). More at once than there are
// cores adds no hashing throughput, only takes CPU from the event loop that serves cheap requests:
// on 2 cores, 4 at once put /api/me's P99 during a login storm at 16 ms, 2 at once at 11 ms, with
// the same logins per second (test/bench/server-storm.mjs, server-login.mjs).
const THREADPOOL = Number(process.env.UV_THREADPOOL_SIZE) || 4;

export const DEFAULT_ADMISSION = {
  concurrency: Math.max(1, Math.min(availableParallelism(), THREADPOOL)),
  /** Used when the hash's cost is unknown; the server sizes it with queueForHashMs at start. */
  queueSize: 64,
  maxWaitMs: 2000,
} as const;

/**
 * Bounds of a measured queue: a few for a slow hash, and no more than 64 held. The cost is measured
 * from one hash on a quiet server, and under a burst a slot is held about four times longer (both
 * cores busy, the event loop competing): trusted upward, a 9 ms hash sized the queue at 256 and a
 * burst of 120 logins was queued whole and answered at a P95 of 2.5 s, neither shed nor fast.
 */
export const QUEUE_RANGE = [8, 64] as const;

/**
 * As many waiters as the slots finish within the wait budget at the measured cost of one hash:
 * a longer queue only turns fast 503s into wait timeouts, a shorter one sheds logins that
 * would have been served in time.
 */
export function queueForHashMs(hashMs: number, o: { concurrency: number; maxWaitMs: number }): number {
  const fits = Math.floor((o.maxWaitMs / Math.max(hashMs, 0.1)) * o.concurrency);
  return Math.min(QUEUE_RANGE[1], Math.max(QUEUE_RANGE[0], fits));
}

/**
 * How many of the latest slot times the estimate is the median of: it follows a load change within
 * a few releases, and one or two outliers (a GC pause, a hash that waited for a core) do not move
 * it. An average did: two sign-ins held 300 ms among 10 ms ones raised it tenfold, the queue was
 * judged full, and clients that retry a 503 at once kept the event loop busy enough that the real
 * slot times never came back down (POST /api/auth/login, 50 connections on a busy box: 469-4,062
 * sheds in 10 s in 4 of 9 runs).
 */
const HELD_WINDOW = 9;

export function createLimiter(options: LimiterOptions): AdmissionLimiter {
  const { concurrency, queueSize, maxWaitMs } = options;
  let active = 0;
  const queue: Waiter[] = [];
  // How long a slot is held, as observed (the median of the latest few). The queue's size is fixed at start from
  // one quiet hash, but under load a hash costs several times that (both cores busy, the event loop
  // competing); a caller whose predicted wait already exceeds the budget is shed at once, a fast 503
  // instead of a slow success or a wait timeout.
  let heldMs: number | undefined;
  const recent: number[] = [];
  let nextSlot = 0;
  const observeHeld = (ms: number): void => {
    recent[nextSlot] = ms;
    nextSlot = (nextSlot + 1) % HELD_WINDOW;
    const sorted = [...recent].sort((x, y) => x - y);
    heldMs = sorted[sorted.length >> 1];
  };
  const predictedWaitMs = (): number => (heldMs === undefined ? 0 : ((queue.length + 1) / concurrency) * heldMs);
  // A burst that arrives before any slot time is known is queued whole; once releases show what a
  // slot really costs, the tail that cannot be served within the budget is told so now (503 at
  // once) instead of at the budget's end. Re-judged at every release, from the tail.
  const shedLate = (now: number): void => {
    if (heldMs === undefined || !Number.isFinite(maxWaitMs)) return;
    while (queue.length > 0) {
      const last = queue[queue.length - 1]!;
      // Its slot comes after the (length - 1) ahead of it, `concurrency` at a time.
      if (now - last.since + ((queue.length - 1) / concurrency) * heldMs <= maxWaitMs) return;
      queue.pop();
      last.detach();
      last.resolve(shed('late', last.since));
    }
  };

  const shed = (reason: ShedReason, since: number): Admission => {
    const waitedMs = performance.now() - since;
    options.onShed?.(reason, waitedMs);
    return { admitted: false, waitedMs, reason };
  };

  const grant = (since: number): Admission => {
    active++;
    let released = false;
    const grantedAt = performance.now();
    const waitedMs = grantedAt - since;
    options.onAdmit?.(waitedMs);
    return {
      admitted: true,
      waitedMs,
      release() {
        if (released) return; // a double release must not open an extra slot
        released = true;
        active--;
        const now = performance.now();
        observeHeld(now - grantedAt);
        shedLate(now);
        const next = queue.shift();
        if (next) {
          next.detach();
          next.resolve(grant(next.since));
        }
      },
    };
  };

  return {
    acquire(signal) {
      const since = performance.now();
      if (signal?.aborted) return Promise.resolve(shed('client_gone', since));
      if (active < concurrency) return Promise.resolve(grant(since));
      if (queue.length >= queueSize) return Promise.resolve(shed('queue_full', since));
      if (predictedWaitMs() > maxWaitMs) return Promise.resolve(shed('queue_full', since));
      return new Promise<Admission>((resolve) => {
        const leave = (reason: ShedReason) => {
          const i = queue.indexOf(waiter);
          if (i >= 0) queue.splice(i, 1);
          waiter.detach();
          resolve(shed(reason, since));
        };
        const onAbort = () => leave('client_gone');
        // An infinite wait (an unbounded queue, as a fault reproduces) needs no timer; setTimeout
        // would clamp Infinity to 1 ms.
        const timer = Number.isFinite(maxWaitMs) ? setTimeout(() => leave('wait_timeout'), maxWaitMs) : undefined;
        signal?.addEventListener('abort', onAbort, { once: true });
        const waiter: Waiter = {
          since,
          resolve,
          detach() {
            clearTimeout(timer);
            signal?.removeEventListener('abort', onAbort);
          },
        };
        queue.push(waiter);
      });
    },
    get active() {
      return active;
    },
    get queued() {
      return queue.length;
    },
    options,
  };
}
