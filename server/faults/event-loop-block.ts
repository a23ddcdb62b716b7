// event-loop-block: the password is hashed with scryptSync, on the event loop. Each login then
// stops the whole process for one hash (~50 ms at N = 2^14): every request in flight, /health
// included, waits behind it, and the threadpool's other cores stay idle.
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import type { PasswordHasher } from '../auth/password.js';
import { encodeHash, KEY_LEN, maxmemFor, P, parseHash, R } from '../auth/password.js';
import type { Fault } from './types.js';

/** Same stored format and parameters as the real hasher; only the call is synchronous. */
export function syncScryptHasher(N: number): PasswordHasher {
  const derive = (password: string, salt: Buffer, n: number, r: number, p: number) =>
    scryptSync(password, salt, KEY_LEN, { N: n, r, p, maxmem: maxmemFor(n, r) });
  return {
    async hash(password) {
      const salt = randomBytes(16);
      return encodeHash(N, R, P, salt, derive(password, salt, N, R, P));
    },
    async verify(password, stored) {
      const h = parseHash(stored);
      if (!h || h.key.length !== KEY_LEN) return false;
      return timingSafeEqual(derive(password, h.salt, h.N, h.r, h.p), h.key);
    },
  };
}

export const eventLoopBlock: Fault = {
  name: 'event-loop-block',
  summary: 'login hashes the password with scryptSync on the event loop',
  reproduces: 'the event loop blocked by CPU work',
  clientSignals: 'every endpoint slows together while logins run, /health included; fast alone, slow in a mix; time to first byte dominates',
  serverSignals: 'event-loop lag and utilization near 1 on one core; the `hash` Server-Timing span is small next to the client-side latency',
  fix: 'hash asynchronously (crypto.scrypt runs on the libuv threadpool) and cap concurrent hashes with admission control',
  apply(ctx) {
    // The configured cost, read from the dummy hash made at start with the real hasher.
    const N = parseHash(ctx.dummyHash)?.N;
    if (!N) throw new Error('event-loop-block: cannot read the scrypt cost from the dummy hash');
    ctx.hasher = syncScryptHasher(N);
  },
};
