// When a shard's load begins, once its setup is done: at `--start-at` (every shard of a run given
// the same instant), or, for the local processes of `--shards N`, when the parent says so after
// every one of them is ready. Either way warm-up and measured window begin together.
import type { ShardSpec } from '../plan/shard.js';
import type { RunOptions } from './run-options.js';

/** Set by `--shards N` on its child processes: wait for the parent's start message over IPC. */
export const START_GATE_ENV = 'ZIMMER_BENCH_START_GATE';

/** Messages between the `--shards N` parent and its children. */
export type GateMessage = { type: 'ready' } | { type: 'start'; at: number };

type Gate = (signal?: AbortSignal) => Promise<number | null>;

export function startGate(options: Pick<RunOptions, 'startAt'>, env: NodeJS.ProcessEnv): { startGate?: Gate } {
  const at = options.startAt;
  if (at !== undefined) return { startGate: async (signal) => { await waitUntil(at, signal); return at; } };
  if (env[START_GATE_ENV] === 'ipc' && typeof process.send === 'function') return { startGate: ipcGate };
  return {};
}

/** Tells the parent this shard is ready, then waits for the instant it names. */
function ipcGate(signal?: AbortSignal): Promise<number | null> {
  return new Promise((resolve) => {
    const onMessage = (m: unknown) => {
      const msg = m as GateMessage;
      if (msg?.type !== 'start') return;
      done();
      void waitUntil(msg.at, signal).then(() => resolve(msg.at));
    };
    const onAbort = () => { done(); resolve(null); };
    const done = () => {
      process.off('message', onMessage);
      signal?.removeEventListener('abort', onAbort);
    };
    process.on('message', onMessage);
    signal?.addEventListener('abort', onAbort, { once: true });
    process.send?.({ type: 'ready' } satisfies GateMessage);
  });
}

/** Resolves at `at` (epoch ms) by this machine's clock, or at once when aborted. */
export function waitUntil(at: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    let timer: NodeJS.Timeout | null = null;
    const finish = () => {
      if (timer) clearTimeout(timer);
      signal?.removeEventListener('abort', finish);
      resolve();
    };
    // Short steps near the end: a timer set far ahead may fire a little late or early.
    const step = () => {
      const left = at - Date.now();
      if (left <= 0) return finish();
      timer = setTimeout(step, left > 50 ? left - 20 : left);
    };
    signal?.addEventListener('abort', finish, { once: true });
    step();
  });
}

export function shardNote(shard: ShardSpec): string {
  return `shard ${shard.index}/${shard.count}: nothing judged here; the targets are judged once, on the whole: `
    + `zimmer-bench merge <the ${shard.count} shard files>\n`;
}
