// argon2id on worker threads that the scheduler serves after the event loop (auth/hash-worker.ts).
// On a machine with few cores a login storm keeps every core busy hashing; at equal priority the
// event loop waits its turn behind the hashes and every cheap request waits with it (GET /api/me's
// P99 during the storm). Each worker verifies synchronously, so its priority is the hash's.
// `idleThreads` of the workers run at SCHED_IDLE, as long as that costs no sign-in: a job that has
// run `starvedMs` on such a worker means other work holds every core, and a sign-in shed by the
// admission limiter (endIdle, server/context.ts) means the hashes no longer keep up. Then each of
// them is replaced by one at the nice value alone, its job sent again (hash and verify are pure):
// a busy neighbour slows sign-ins as it did, it never stops them.
// Hash and verify results are those of @node-rs/argon2.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Options } from '@node-rs/argon2';
import { CHRT_PATHS, WORKER_SOURCE, type ThreadPriority, type WorkerData } from './hash-worker.js';

export type { ThreadPriority } from './hash-worker.js';

export interface PoolOptions {
  threads: number;
  /** Added to each worker's nice value (0..19; Linux only). */
  niceIncrement: number;
  /** How many of the workers run at SCHED_IDLE (Linux, through `chrt`) until they starve (default 0). */
  idleThreads?: number;
  /** How long a job may run on a SCHED_IDLE worker before the pool falls back (default 250 ms). */
  starvedMs?: number;
  /** Called once, when the pool falls back to the nice value alone, with why. */
  onFallBack?: (detail: string) => void;
  /** Where `chrt` is looked for (tests). */
  chrtPaths?: readonly string[];
}

export interface HashEngine {
  hash(password: string, options: Options): Promise<string>;
  verify(stored: string, password: string): Promise<boolean>;
  /** The worker threads' nice values and policies (for tests and the start-up line). */
  priorities(): Promise<ThreadPriority[]>;
  /** Moves the SCHED_IDLE threads to the nice value alone for good (no-op if none are left), saying why. */
  endIdle(why: string): void;
  close(): Promise<void>;
}

/**
 * About 25 OWASP argon2id verifies on this kind of machine, and 12-18 times the mean slot time of
 * the storm benchmark at SCHED_IDLE (2 slots at 98-141 sign-ins a second: 14-20 ms).
 */
export const STARVED_MS = 250;

type Job = { msg: Record<string, unknown>; resolve: (v: unknown) => void; reject: (e: Error) => void; started: number };
type Reply = { id: number; value?: unknown; error?: string };

export function createHashPool(o: PoolOptions): HashEngine {
  const argon2 = createRequire(import.meta.url).resolve('@node-rs/argon2');
  const starvedMs = o.starvedMs ?? STARVED_MS;
  const queue: Job[] = [];
  /** Workers waiting for a job. */
  const free: Worker[] = [];
  const running = new Map<Worker, Job>();
  /** Workers asked to run at SCHED_IDLE, less those whose start-up report says it did not take. */
  const atIdle = new Set<Worker>();
  let nextId = 0;
  let closed = false;

  const pump = () => {
    while (free.length && queue.length) {
      const w = free.pop()!;
      const job = queue.shift()!;
      job.started = performance.now();
      running.set(w, job);
      w.postMessage(job.msg);
    }
  };
  const spawn = (chrt: readonly string[]): Worker => {
    const workerData: WorkerData = { nice: o.niceIncrement, chrt, argon2 };
    const w = new Worker(WORKER_SOURCE, { eval: true, workerData });
    w.unref(); // never what keeps the process alive
    if (chrt.length) atIdle.add(w);
    w.on('message', (m: Reply) => {
      if (m.id === -1) return void ((m.value as ThreadPriority).policy === 'idle' || atIdle.delete(w));
      const job = running.get(w);
      if (!job || job.msg.id !== m.id) return; // a priority() answer, or a replaced worker's
      running.delete(w);
      free.push(w);
      if (m.error !== undefined) job.reject(new Error(m.error));
      else job.resolve(m.value);
      pump();
    });
    w.on('error', (err) => {
      running.get(w)?.reject(err);
      running.delete(w);
    });
    free.push(w);
    return w;
  };
  const count = Math.max(1, o.threads);
  const idleCount = Math.min(count, Math.max(0, o.idleThreads ?? 0));
  let workers = Array.from({ length: count }, (_, i) => spawn(i < idleCount ? (o.chrtPaths ?? CHRT_PATHS) : []));

  const endIdle = (why: string) => {
    if (atIdle.size === 0 || closed) return;
    clearInterval(watchdog);
    o.onFallBack?.(`hashing at nice +${o.niceIncrement} from now on, no longer at SCHED_IDLE: ${why}`);
    workers = workers.map((w) => {
      if (!atIdle.has(w)) return w;
      const job = running.get(w);
      if (job) queue.unshift(job);
      running.delete(w);
      const at = free.indexOf(w);
      if (at >= 0) free.splice(at, 1);
      void w.terminate();
      return spawn([]);
    });
    atIdle.clear();
    pump();
  };
  // Checked a few times per threshold; unref'd, like the workers.
  const watchdog = setInterval(() => {
    const now = performance.now();
    for (const [w, job] of running) {
      const ran = now - job.started;
      if (atIdle.has(w) && ran >= starvedMs) return endIdle(`a hash ran ${Math.round(ran)} ms on a SCHED_IDLE thread (other work holds every core)`);
    }
  }, Math.max(5, starvedMs / 4));
  watchdog.unref();
  if (idleCount === 0) clearInterval(watchdog);

  const run = <T>(msg: Record<string, unknown>): Promise<T> =>
    closed
      ? Promise.reject(new Error('hash pool closed'))
      : new Promise<T>((resolve, reject) => {
          queue.push({ msg: { ...msg, id: nextId++ }, resolve: resolve as (v: unknown) => void, reject, started: 0 });
          pump();
        });

  return {
    hash: (password, options) => run<string>({ op: 'hash', password, options }),
    verify: (stored, password) => run<boolean>({ op: 'verify', stored, password }),
    endIdle,
    priorities: () => Promise.all(workers.map((w) => new Promise<ThreadPriority>((resolve) => {
      const id = nextId++;
      const onMessage = (m: { id: number; value: ThreadPriority }) => {
        if (m.id !== id) return;
        w.off('message', onMessage);
        resolve(m.value);
      };
      // Asked of each worker directly, between jobs or during one (answered after it).
      w.on('message', onMessage);
      w.postMessage({ op: 'priority', id });
    }))),
    async close() {
      closed = true;
      clearInterval(watchdog);
      for (const j of queue.splice(0)) j.reject(new Error('hash pool closed'));
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
