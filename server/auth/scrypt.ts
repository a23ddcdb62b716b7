// The earlier password format, node:crypto scrypt (`scrypt$N$r$p$salt$key`), kept so stored
// hashes still verify: the login rehashes them with argon2id on the next success (see
// password.ts). Always asynchronous, on the libuv threadpool.
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import type { PasswordHasher } from './password.js';

export const KEY_LEN = 32;
export const R = 8;
export const P = 1;

/** scrypt needs 128 * N * r bytes; Node's default maxmem (32 MiB) refuses N >= 2^15 at r = 8. */
export function maxmemFor(N: number, r: number): number {
  return 256 * N * r + 16 * 1024 * 1024;
}

export function scryptAsync(password: string, salt: Buffer, N: number, r: number, p: number): Promise<Buffer> {
  const options: ScryptOptions = { N, r, p, maxmem: maxmemFor(N, r) };
  return new Promise((resolve, reject) => {
    scrypt(password, salt, KEY_LEN, options, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

export interface ParsedHash {
  N: number;
  r: number;
  p: number;
  salt: Buffer;
  key: Buffer;
}

/** The stored form: `scrypt$N$r$p$salt$key` (base64). */
export function encodeHash(N: number, r: number, p: number, salt: Buffer, key: Buffer): string {
  return `scrypt$${N}$${r}$${p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export function parseHash(stored: string): ParsedHash | null {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
  const [N, r, p] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  if (![N, r, p].every((n) => Number.isInteger(n) && n > 0)) return null;
  return { N, r, p, salt: Buffer.from(parts[4] ?? '', 'base64'), key: Buffer.from(parts[5] ?? '', 'base64') };
}

/** `cost` is log2(N); 14 (N = 16384) by default. */
export function scryptHasher(cost: number): PasswordHasher {
  const N = 2 ** cost;
  return {
    async hash(password) {
      const salt = randomBytes(16);
      const key = await scryptAsync(password, salt, N, R, P);
      return encodeHash(N, R, P, salt, key);
    },
    async verify(password, stored) {
      const h = parseHash(stored);
      if (!h || h.key.length !== KEY_LEN) return false;
      const key = await scryptAsync(password, h.salt, h.N, h.r, h.p);
      return timingSafeEqual(key, h.key);
    },
  };
}
