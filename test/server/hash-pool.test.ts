// The lower-priority hashing threads: same hashes and answers as the binding, each worker at its
// lowered nice value (Linux), closed cleanly.
import { getPriority } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { verify } from '@node-rs/argon2';
import { createHashPool, type HashEngine } from '../../server/auth/hash-pool.js';
import { argon2idHasher, argon2ParamsForCost } from '../../server/auth/password.js';

let pool: HashEngine | undefined;
afterEach(async () => {
  await pool?.close();
  pool = undefined;
});

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
    const want = process.platform === 'linux' ? Math.min(19, getPriority() + 10) : getPriority();
    expect(await pool.priorities()).toEqual([want, want]);
  });

  it('refuses work once closed', async () => {
    pool = createHashPool({ threads: 1, niceIncrement: 0 });
    await pool.close();
    await expect(pool.verify('$argon2id$x', 'p')).rejects.toThrow(/closed/);
    pool = undefined;
  });
});
