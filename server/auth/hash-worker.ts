// The code each hashing thread runs (auth/hash-pool.ts), as CommonJS source so the same text runs
// from dist/ and under a TypeScript test runner.
//
// Its priority, on Linux (elsewhere the calls change the whole process or fail, so it is left alone):
// - a raised nice value (os.setPriority(0) is the calling thread there): the scheduler weighs a
//   hash below the event loop when both want one core;
// - then, when asked, the SCHED_IDLE policy, set by util-linux's `chrt` on this thread's id (Node
//   has no call for it). A nice value only changes shares: a waking event loop still waits for the
//   running hash's slice to end, up to a scheduler tick (4 ms at 250 Hz), and a cheap request waits
//   through several such wake-ups. A thread at SCHED_IDLE is preempted at once by any other
//   thread that wakes. The price is that it gets almost nothing while other work holds every
//   core; the pool watches for that and falls back to the nice value alone.
// Only fixed paths of `chrt` are tried: nothing is looked up on PATH from inside the server.
export const CHRT_PATHS = ['/usr/bin/chrt', '/bin/chrt'] as const;

/** The thread's scheduling as a worker reports it. */
export interface ThreadPriority {
  nice: number;
  policy: 'idle' | 'normal';
}

export interface WorkerData {
  /** Added to the thread's nice value (0..19). */
  nice: number;
  /** Ask for SCHED_IDLE through one of these `chrt` paths; empty: nice only. */
  chrt: readonly string[];
  /** Resolved path of @node-rs/argon2. */
  argon2: string;
}

export const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const os = require('node:os');
const fs = require('node:fs');
const { execFileSync } = require('node:child_process');
const linux = process.platform === 'linux';
if (linux && workerData.nice > 0) {
  try { os.setPriority(0, Math.min(19, os.getPriority(0) + workerData.nice)); } catch {}
}
// SCHED_IDLE is policy 5 in field 41 of /proc/thread-self/stat (index 38 after the command name).
const policy = () => {
  try {
    const f = fs.readFileSync('/proc/thread-self/stat', 'utf8').split(') ')[1].split(' ');
    return Number(f[38]) === 5 ? 'idle' : 'normal';
  } catch { return 'normal'; }
};
if (linux && workerData.chrt.length) {
  try {
    const tid = fs.readlinkSync('/proc/thread-self').split('/').pop();
    for (const chrt of workerData.chrt) {
      if (!fs.existsSync(chrt)) continue;
      try { execFileSync(chrt, ['--idle', '--pid', '0', tid], { stdio: 'ignore', timeout: 2000 }); break; } catch {}
    }
  } catch {}
}
const argon2 = require(workerData.argon2);
const priority = () => ({ nice: os.getPriority(0), policy: policy() });
parentPort.postMessage({ id: -1, value: priority() });
parentPort.on('message', (m) => {
  try {
    if (m.op === 'priority') return parentPort.postMessage({ id: m.id, value: priority() });
    const value = m.op === 'hash' ? argon2.hashSync(m.password, m.options) : argon2.verifySync(m.stored, m.password);
    parentPort.postMessage({ id: m.id, value });
  } catch (err) {
    parentPort.postMessage({ id: m.id, error: String(err && err.message || err) });
  }
});
`;
