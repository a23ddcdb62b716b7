// TOTP (RFC 6238) over HOTP (RFC 4226) with HMAC-SHA1, 30 s steps, 6 digits, as authenticator
// apps expect; base32 (RFC 4648) for the shared secret.
// Written here rather than taken from a library (otplib): the algorithm is one HMAC from
// node:crypto and a dynamic truncation (hotp below), checked against every RFC 6238 and RFC 4226
// test vector (test/server/auth-units.test.ts); what the server needs beyond it, the step a code
// matched (so a code works once) and the drift window, is its own logic either way, and a library
// would add a dependency on the path that handles second-factor secrets for no code saved.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
export const TOTP_STEP_S = 30;

export function base32Encode(buf: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of buf) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

export function base32Decode(text: string): Buffer {
  const clean = text.replace(/=+$/, '').toUpperCase();
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const ch of clean) {
    const idx = ALPHABET.indexOf(ch);
    if (idx < 0) throw new Error(`invalid base32 character "${ch}"`);
    value = (value << 5) | idx;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

export function hotp(key: Buffer, counter: number, digits = 6, algorithm = 'sha1'): string {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac(algorithm, key).update(msg).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const bin = (mac.readUInt32BE(offset) & 0x7fffffff) % 10 ** digits;
  return bin.toString().padStart(digits, '0');
}

export function totpAt(key: Buffer, timeS: number, digits = 6, algorithm = 'sha1'): string {
  return hotp(key, Math.floor(timeS / TOTP_STEP_S), digits, algorithm);
}

export function newTotpSecret(): string {
  return base32Encode(randomBytes(20));
}

/**
 * Returns the step a code matches (current, one before or one after, for clock drift), or null.
 * Steps at or before `lastUsedStep` never match: each code works once.
 */
export function matchTotp(secretB32: string, code: string, timeS: number, lastUsedStep: number): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const key = base32Decode(secretB32);
  const now = Math.floor(timeS / TOTP_STEP_S);
  for (const step of [now, now - 1, now + 1]) {
    if (step <= lastUsedStep) continue;
    if (timingSafeEqual(Buffer.from(hotp(key, step)), Buffer.from(code))) return step;
  }
  return null;
}

export function otpauthUrl(secretB32: string, account: string, issuer = 'zimmer-bench'): string {
  const label = encodeURIComponent(`${issuer}:${account}`);
  const q = new URLSearchParams({ secret: secretB32, issuer, algorithm: 'SHA1', digits: '6', period: String(TOTP_STEP_S) });
  return `otpauth://totp/${label}?${q.toString()}`;
}
