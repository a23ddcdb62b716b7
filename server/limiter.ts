// Admission limiter for expensive work (password hashing): at most `concurrency` run at once,
// at most `queueSize` wait, none waits longer than `maxWaitMs`. Beyond that, callers are shed
// at once instead of queueing without bound: a fast 503 beats a slow timeout, and the queue
// can never grow past what the workers finish within the wait budget.

export type ShedReason = 'queue_full' | 'wait_timeout';

export type Admission = { admitted: true; waitedMs: number; release: () => void } | { admitted: false; waitedMs: number; reason: ShedReason };

export interface LimiterOptions {
  concurrency: number;
  queueSize: number;
  maxWaitMs: number;
  /** Called once per decision, for metrics. */
  onAdmit?: (waitedMs: number) => void;
  onShed?: (reason: ShedReason, waitedMs: number) => void;
}

export interface AdmissionLimiter {
  acquire(): Promise<Admission>;
  readonly active: number;
  readonly queued: number;
  readonly options: Readonly<LimiterOptions>;
}

interface Waiter {
  since: number;
  timer: NodeJS.Timeout | undefined;
  resolve: (a: Admission) => void;
}

export const DEFAULT_ADMISSION = { concurrency: 4, queueSize: 64, maxWaitMs: 2000 } as const;

export function createLimiter(options: LimiterOptions): AdmissionLimiter {
  const { concurrency, queueSize, maxWaitMs } = options;
  let active = 0;
  const queue: Waiter[] = [];

  const grant = (since: number): Admission => {
    active++;
    let released = false;
    const waitedMs = performance.now() - since;
    options.onAdmit?.(waitedMs);
    return {
      admitted: true,
      waitedMs,
      release() {
        if (released) return; // a double release must not open an extra slot
        released = true;
        active--;
        const next = queue.shift();
        if (next) {
          clearTimeout(next.timer);
          next.resolve(grant(next.since));
        }
      },
    };
  };

  const shed = (reason: ShedReason, since: number): Admission => {
    const waitedMs = performance.now() - since;
    options.onShed?.(reason, waitedMs);
    return { admitted: false, waitedMs, reason };
  };

  return {
    acquire() {
      const since = performance.now();
      if (active < concurrency) return Promise.resolve(grant(since));
      if (queue.length >= queueSize) return Promise.resolve(shed('queue_full', since));
      return new Promise<Admission>((resolve) => {
        const waiter: Waiter = { since, resolve, timer: undefined };
        // An infinite wait (an unbounded queue, as a fault reproduces) needs no timer; setTimeout
        // would clamp Infinity to 1 ms.
        if (Number.isFinite(maxWaitMs)) {
          waiter.timer = setTimeout(() => {
            const i = queue.indexOf(waiter);
            if (i >= 0) queue.splice(i, 1);
            resolve(shed('wait_timeout', since));
          }, maxWaitMs);
        }
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
