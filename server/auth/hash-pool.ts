// argon2id on worker threads that run at a lower CPU priority than the event loop. On a machine
// with few cores a login storm keeps every core busy hashing; at equal priority the event loop
// waits its turn behind the hashes and every cheap request waits with it (GET /api/me's P99 during
// the storm). Linux keeps a nice value per thread: each worker lowers its own (os.setPriority(0)
// is the calling thread there) and verifies synchronously, so the scheduler serves the event loop
// first and the hashes take what is left. Elsewhere the call changes the whole process or fails,
// so the priority is only lowered on Linux. Hash and verify results are those of @node-rs/argon2.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Options } from '@node-rs/argon2';

export interface PoolOptions {
  threads: number;
  /** Added to each worker's nice value (0..19; Linux only). */
  niceIncrement: number;
}

export interface HashEngine {
  hash(password: string, options: Options): Promise<string>;
  verify(stored: string, password: string): Promise<boolean>;
  /** The worker threads' nice values (for tests and the start-up line). */
  priorities(): Promise<number[]>;
  close(): Promise<void>;
}

// CommonJS source, so the same code runs from dist/ and under a TypeScript test runner.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const os = require('node:os');
if (workerData.nice > 0 && process.platform === 'linux') {
  try { os.setPriority(0, Math.min(19, os.getPriority(0) + workerData.nice)); } catch {}
}
const argon2 = require(workerData.argon2);
parentPort.on('message', (m) => {
  try {
    if (m.op === 'priority') return parentPort.postMessage({ id: m.id, value: os.getPriority(0) });
    const value = m.op === 'hash' ? argon2.hashSync(m.password, m.options) : argon2.verifySync(m.stored, m.password);
    parentPort.postMessage({ id: m.id, value });
  } catch (err) {
    parentPort.postMessage({ id: m.id, error: String(err && err.message || err) });
  }
});
`;

type Job = { msg: Record<string, unknown>; resolve: (v: unknown) => void; reject: (e: Error) => void };

export function createHashPool(o: PoolOptions): HashEngine {
  const argon2 = createRequire(import.meta.url).resolve('@node-rs/argon2');
  const queue: Job[] = [];
  const idle: Worker[] = [];
  const running = new Map<Worker, Job>();
  let nextId = 0;
  let closed = false;

  const pump = () => {
    while (idle.length && queue.length) {
      const w = idle.pop()!;
      const job = queue.shift()!;
      running.set(w, job);
      w.postMessage(job.msg);
    }
  };
  const workers = Array.from({ length: Math.max(1, o.threads) }, () => {
    const w = new Worker(WORKER_SOURCE, { eval: true, workerData: { nice: o.niceIncrement, argon2 } });
    w.unref(); // never what keeps the process alive
    w.on('message', (m: { id: number; value?: unknown; error?: string }) => {
      const job = running.get(w);
      if (!job || job.msg.id !== m.id) return; // a priority() answer
      running.delete(w);
      idle.push(w);
      if (m.error !== undefined) job.reject(new Error(m.error));
      else job.resolve(m.value);
      pump();
    });
    w.on('error', (err) => {
      running.get(w)?.reject(err);
      running.delete(w);
    });
    idle.push(w);
    return w;
  });
  const run = <T>(msg: Record<string, unknown>): Promise<T> =>
    closed
      ? Promise.reject(new Error('hash pool closed'))
      : new Promise<T>((resolve, reject) => {
          queue.push({ msg: { ...msg, id: nextId++ }, resolve: resolve as (v: unknown) => void, reject });
          pump();
        });

  return {
    hash: (password, options) => run<string>({ op: 'hash', password, options }),
    verify: (stored, password) => run<boolean>({ op: 'verify', stored, password }),
    priorities: () => Promise.all(workers.map((w) => new Promise<number>((resolve) => {
      const id = nextId++;
      const onMessage = (m: { id: number; value: number }) => {
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
      for (const j of queue.splice(0)) j.reject(new Error('hash pool closed'));
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
