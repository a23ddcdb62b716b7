// Single-use recovery codes for a lost authenticator. 10 codes of 80 bits each (16 base32
// characters, shown as four groups of four), stored only as SHA-256 and deleted when used. A
// fast hash suffices because the codes are random and long: 2^80 guesses per code cannot be
// tried offline, unlike a password; a slow hash would cost one argon2 verify per stored code on
// every attempt. Online guessing goes through the sign-in guard like any wrong code.
import { randomBytes } from 'node:crypto';
import { sha256 } from './secrets.js';
import { base32Encode } from './totp.js';

export const RECOVERY_CODE_COUNT = 10;
/** A fresh code as shown to the user: `ABCD-EFGH-IJKL-MNOP` (10 random bytes, 16 base32 characters). */
export function newRecoveryCode(): string {
  return base32Encode(randomBytes(10)).match(/.{4}/g)!.join('-');
}

/**
 * What is stored and looked up: the code without separators or case, hashed. Null when the input
 * cannot be a code (so nothing is looked up).
 */
export function recoveryCodeHash(input: string): string | null {
  const plain = input.replace(/[\s-]/g, '').toUpperCase();
  if (!/^[A-Z2-7]{16}$/.test(plain)) return null;
  return sha256(`recovery:${plain}`);
}

export function newRecoveryCodes(): { codes: string[]; hashes: string[] } {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  return { codes, hashes: codes.map((c) => recoveryCodeHash(c)!) };
}
