// Password hashing: argon2id (OWASP's first choice) through @node-rs/argon2, whose hash and
// verify run on the libuv threadpool, never on the event loop. The PHC string stores the
// algorithm, version and parameters with each hash (`$argon2id$v=19$m=19456,t=2,p=1$salt$key`),
// so the cost can change without invalidating stored passwords: a hash made with other
// parameters, or an earlier scrypt hash, still verifies and `needsRehash` says to replace it.
import { Algorithm, hash, hashSync, parseOptions, verify, verifySync } from '@node-rs/argon2';
import { scryptHasher } from './scrypt.js';
import type { HashEngine } from './hash-pool.js';

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(password: string, stored: string): Promise<boolean>;
  /** True when `stored` is not what this hasher would make today (rehash after a success). */
  needsRehash?(stored: string): boolean;
}

/** Where the argon2 work runs: libuv's threadpool (default), the event loop, or a HashEngine pool. */
export type Argon2Engine = Pick<HashEngine, 'hash' | 'verify'>;

const THREADPOOL_ENGINE: Argon2Engine = { hash: (p, o) => hash(p, o), verify: (s, p) => verify(s, p) };
const BLOCKING_ENGINE: Argon2Engine = { hash: async (p, o) => hashSync(p, o), verify: async (s, p) => verifySync(s, p) };

export interface Argon2Params {
  /** KiB. */
  memoryCost: number;
  timeCost: number;
  parallelism: number;
}

/** OWASP Password Storage Cheat Sheet, argon2id: m = 19 MiB, t = 2, p = 1. */
export const OWASP_ARGON2ID: Readonly<Argon2Params> = { memoryCost: 19 * 1024, timeCost: 2, parallelism: 1 };
/** `--hash-cost` level of OWASP's parameters; each level below halves the memory (labs only). */
export const DEFAULT_HASH_COST = 14;
const KEY_LEN = 32;

export function argon2ParamsForCost(cost: number): Argon2Params {
  // argon2 needs at least 8 KiB per lane.
  return { ...OWASP_ARGON2ID, memoryCost: Math.max(8, Math.round(OWASP_ARGON2ID.memoryCost * 2 ** (cost - DEFAULT_HASH_COST))) };
}

/** The parameters of a stored argon2id hash, or null for anything else. */
export function argon2Params(stored: string): Argon2Params | null {
  if (!stored.startsWith('$argon2id$')) return null;
  try {
    const o = parseOptions(stored);
    return { memoryCost: o.memoryCost, timeCost: o.timeCost, parallelism: o.parallelism };
  } catch {
    return null;
  }
}

export function describeParams(p: Argon2Params): string {
  return `argon2id m=${p.memoryCost} KiB, t=${p.timeCost}, p=${p.parallelism}`;
}

/**
 * `blocking` makes the same hasher call the synchronous functions, on the event loop: only the
 * event-loop-block fault wants that. `engine`: worker threads of lower priority (hash-pool.ts).
 */
export function argon2idHasher(params: Argon2Params, o: { blocking?: boolean; engine?: Argon2Engine } = {}): PasswordHasher {
  const options = { algorithm: Algorithm.Argon2id, outputLen: KEY_LEN, ...params };
  const engine = o.blocking ? BLOCKING_ENGINE : (o.engine ?? THREADPOOL_ENGINE);
  // Verifies the earlier format; never used to make new hashes.
  const legacy = scryptHasher(14);
  return {
    hash: (password) => engine.hash(password, options),
    async verify(password, stored) {
      if (stored.startsWith('scrypt$')) return legacy.verify(password, stored);
      if (!argon2Params(stored)) return false;
      try {
        return await engine.verify(stored, password);
      } catch {
        return false; // a damaged stored value is a mismatch, never a 500
      }
    },
    needsRehash(stored) {
      const p = argon2Params(stored);
      return !p || p.memoryCost !== params.memoryCost || p.timeCost !== params.timeCost || p.parallelism !== params.parallelism;
    },
  };
}
