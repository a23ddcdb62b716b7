// event-loop-block: a login stops the event loop for a whole password hash (nothing else runs,
// not even a 1 ms timer); with the real hasher the loop keeps turning during the hash.
import { afterEach, describe, expect, it } from 'vitest';
import { argon2idHasher, argon2ParamsForCost } from '../../server/auth/password.js';
import { makeFaultApp, type FaultApp } from './fault-harness.js';

const COST = 16; // argon2id at 76 MiB: ~40 ms a hash on a quiet machine, far above timer jitter

let t: FaultApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

/** The longest gap between ticks of a 1 ms interval while `work` runs. */
async function longestStall(work: () => Promise<unknown>): Promise<number> {
  let last = performance.now();
  let worst = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last);
    last = now;
  }, 1);
  await new Promise((r) => setTimeout(r, 5));
  await work();
  clearInterval(timer);
  return Math.max(worst, performance.now() - last);
}

/** One synchronous verify at the same cost, timed: what the fault makes the loop wait for. */
async function oneHashMs(): Promise<number> {
  const blocking = argon2idHasher(argon2ParamsForCost(COST), { blocking: true });
  const stored = await blocking.hash('x');
  const t0 = performance.now();
  await blocking.verify('x', stored);
  return performance.now() - t0;
}

describe('event-loop-block', () => {
  it('login blocks the event loop for the length of one hash', async () => {
    t = await makeFaultApp(['event-loop-block'], { hashCost: COST, seed: 1 });
    const hashMs = await oneHashMs();
    const stall = await longestStall(async () => expect((await t!.login(1)).status).toBe(200));
    expect(stall).toBeGreaterThanOrEqual(0.8 * hashMs);
  });

  it('without the fault the loop keeps turning while login hashes', async () => {
    t = await makeFaultApp([], { hashCost: COST, seed: 1 });
    const hashMs = await oneHashMs();
    const stall = await longestStall(async () => expect((await t!.login(1)).status).toBe(200));
    expect(stall).toBeLessThan(0.5 * hashMs);
  });

  it('reads and writes the same stored format as the real hasher', async () => {
    const [real, sync] = [argon2idHasher(argon2ParamsForCost(6)), argon2idHasher(argon2ParamsForCost(6), { blocking: true })];
    expect(await sync.verify('pw', await real.hash('pw'))).toBe(true);
    expect(await real.verify('pw', await sync.hash('pw'))).toBe(true);
    expect(await sync.verify('other', await real.hash('pw'))).toBe(false);
    expect(await sync.verify('pw', 'not-a-hash')).toBe(false);
  });
});
