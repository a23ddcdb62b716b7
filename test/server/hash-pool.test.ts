// The lower-priority hashing threads: same hashes and answers as the binding, each worker at its
// lowered nice value and, when asked, SCHED_IDLE (Linux); a pool whose idle threads starve falls
// back to the nice value alone; closed cleanly.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { availableParallelism, getPriority } from 'node:os';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { verify } from '@node-rs/argon2';
import { createHashPool, type HashEngine } from '../../server/auth/hash-pool.js';
import { CHRT_PATHS } from '../../server/auth/hash-worker.js';
import { argon2idHasher, argon2ParamsForCost } from '../../server/auth/password.js';

let pool: HashEngine | undefined;
let hogs: ChildProcess[] = [];
afterEach(async () => {
  await pool?.close();
  pool = undefined;
  for (const h of hogs) h.kill('SIGKILL');
  hogs = [];
});

const linux = process.platform === 'linux';
/** SCHED_IDLE is there to be had: Linux with util-linux's chrt at one of the paths the pool tries. */
const idleAvailable = linux && CHRT_PATHS.some((p) => existsSync(p));
const lowered = linux ? Math.min(19, getPriority() + 10) : getPriority();

/** One process per core spinning at normal priority (each stops by itself after 20 s), once all spin. */
async function holdEveryCore(): Promise<void> {
  const code = "process.stdout.write('spinning\\n'); const end = Date.now() + 20000; while (Date.now() < end);";
  hogs = Array.from({ length: availableParallelism() }, () => spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'ignore'] }));
  await Promise.all(hogs.map((h) => new Promise((resolve) => createInterface({ input: h.stdout! }).once('line', resolve))));
}

describe('hash pool', () => {
  it('hashes and verifies like the binding, a damaged hash being a mismatch', async () => {
    pool = createHashPool({ threads: 2, niceIncrement: 10 });
    const hasher = argon2idHasher(argon2ParamsForCost(10), { engine: pool });
    const stored = await hasher.hash('correct horse');
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=1216,t=2,p=1\$/);
    expect(await verify(stored, 'correct horse')).toBe(true);
    const answers = await Promise.all([hasher.verify('correct horse', stored), hasher.verify('wrong', stored), hasher.verify('correct horse', stored.slice(0, -4) + 'AAAA'), hasher.verify('x', '$argon2id$garbage')]);
    expect(answers).toEqual([true, false, false, false]);
  });

  it('runs its threads at a lower priority than the caller (Linux; elsewhere left alone)', async () => {
    pool = createHashPool({ threads: 2, niceIncrement: 10 });
    const want = { nice: lowered, policy: 'normal' };
    expect(await pool.priorities()).toEqual([want, want]);
  });

  it(`puts as many threads at SCHED_IDLE as asked (${idleAvailable ? 'chrt found' : 'no chrt here: nice only'})`, async () => {
    pool = createHashPool({ threads: 3, niceIncrement: 10, idleThreads: 2 });
    const asked = { nice: lowered, policy: idleAvailable ? 'idle' : 'normal' };
    expect(await pool.priorities()).toEqual([asked, asked, { nice: lowered, policy: 'normal' }]);
    expect(await pool.verify(await pool.hash('pw', argon2ParamsForCost(8)), 'pw')).toBe(true);
  });

  it('keeps the nice value alone when chrt is not where it looks', async () => {
    pool = createHashPool({ threads: 1, niceIncrement: 10, idleThreads: 1, chrtPaths: ['/nonexistent/chrt'] });
    expect(await pool.priorities()).toEqual([{ nice: lowered, policy: 'normal' }]);
  });

  it.skipIf(!idleAvailable)('falls back to the nice value when other work holds every core, and finishes the starved job', async () => {
    const said: string[] = [];
    pool = createHashPool({ threads: 2, niceIncrement: 5, idleThreads: 2, starvedMs: 100, onFallBack: (d) => said.push(d) });
    // Hashed on libuv's threadpool: no job runs on the pool before the cores are taken.
    const stored = await argon2idHasher(argon2ParamsForCost(14)).hash('correct horse');
    const hasher = argon2idHasher(argon2ParamsForCost(14), { engine: pool });
    expect((await pool.priorities()).map((p) => p.policy)).toEqual(['idle', 'idle']);
    await holdEveryCore();
    // At SCHED_IDLE beside a spinning process on each core, a 9 ms verify gets a fraction of a per
    // cent of a core: it ends only on a worker the pool started at the nice value alone.
    expect(await Promise.all([hasher.verify('correct horse', stored), hasher.verify('wrong', stored)])).toEqual([true, false]);
    expect(said).toHaveLength(1);
    expect(said[0]).toMatch(/^hashing at nice \+5 from now on, no longer at SCHED_IDLE: a hash ran \d+ ms on a SCHED_IDLE thread \(other work holds every core\)$/);
    const want = { nice: linux ? Math.min(19, getPriority() + 5) : getPriority(), policy: 'normal' };
    expect(await pool.priorities()).toEqual([want, want]);
  }, 20_000);

  it('refuses work once closed', async () => {
    pool = createHashPool({ threads: 1, niceIncrement: 0 });
    await pool.close();
    await expect(pool.verify('$argon2id$x', 'p')).rejects.toThrow(/closed/);
    pool = undefined;
  });
});
