// Pure units: TOTP against RFC 6238 / RFC 4226 vectors, base32, argon2id and scrypt hashes, JWT, lockout policy.
import { describe, expect, it } from 'vitest';
import { base32Decode, base32Encode, hotp, matchTotp, totpAt } from '../../server/auth/totp.js';
import { scryptHasher } from '../../server/auth/scrypt.js';
import { argon2idHasher, argon2Params, argon2ParamsForCost, OWASP_ARGON2ID } from '../../server/auth/password.js';
import { createJwt } from '../../server/auth/jwt.js';
import { afterFailure, lockedForS, DEFAULT_LOCKOUT } from '../../server/auth/lockout.js';

describe('TOTP', () => {
  // RFC 6238 appendix B, SHA-1 seed, 8 digits.
  const seed = Buffer.from('12345678901234567890');
  it.each([
    [59, '94287082'],
    [1111111109, '07081804'],
    [1111111111, '14050471'],
    [1234567890, '89005924'],
    [2000000000, '69279037'],
    [20000000000, '65353130'],
  ])('RFC 6238 vector at T=%i', (time, code) => {
    expect(totpAt(seed, time, 8)).toBe(code);
  });

  // The same appendix with the SHA-256 and SHA-512 seeds (the algorithm the otpauth URL names).
  const seed32 = Buffer.from('12345678901234567890123456789012');
  const seed64 = Buffer.from('1234567890123456789012345678901234567890123456789012345678901234');
  it.each([
    [59, '46119246', '90693936'],
    [1111111109, '68084774', '25091201'],
    [1111111111, '67062674', '99943326'],
    [1234567890, '91819424', '93441116'],
    [2000000000, '90698825', '38618901'],
    [20000000000, '77737706', '47863826'],
  ])('RFC 6238 SHA-256 / SHA-512 vectors at T=%i', (time, sha256, sha512) => {
    expect(totpAt(seed32, time, 8, 'sha256')).toBe(sha256);
    expect(totpAt(seed64, time, 8, 'sha512')).toBe(sha512);
  });

  it('RFC 4226 HOTP vectors', () => {
    const expected = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489'];
    expect(expected.map((_, i) => hotp(seed, i))).toEqual(expected);
  });

  it('base32 round-trips and matches RFC 4648 vectors', () => {
    expect(base32Encode(Buffer.from('foobar'))).toBe('MZXW6YTBOI');
    expect(base32Decode('MZXW6YTBOI======').toString()).toBe('foobar');
    expect(() => base32Decode('M1')).toThrow(/base32/);
  });

  it('matches the current, previous and next step only, never at or before the last used', () => {
    const secret = base32Encode(seed);
    const t = 1111111111;
    const step = Math.floor(t / 30);
    expect(matchTotp(secret, totpAt(seed, t), t, 0)).toBe(step);
    expect(matchTotp(secret, totpAt(seed, t - 30), t, 0)).toBe(step - 1);
    expect(matchTotp(secret, totpAt(seed, t + 30), t, 0)).toBe(step + 1);
    expect(matchTotp(secret, totpAt(seed, t - 60), t, 0)).toBeNull();
    expect(matchTotp(secret, totpAt(seed, t), t, step)).toBeNull();
    expect(matchTotp(secret, '12345', t, 0)).toBeNull();
  });
});

describe('argon2id hasher', () => {
  it('defaults to OWASP parameters, stored in the PHC string with each hash', async () => {
    expect(argon2ParamsForCost(14)).toEqual({ memoryCost: 19456, timeCost: 2, parallelism: 1 });
    const h = await argon2idHasher(OWASP_ARGON2ID).hash('correct horse');
    expect(h).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    expect(argon2Params(h)).toEqual(OWASP_ARGON2ID);
  });

  it('verifies its own hashes, hashes made with other parameters, and earlier scrypt hashes', async () => {
    const lab = argon2idHasher(argon2ParamsForCost(8));
    expect(argon2ParamsForCost(8).memoryCost).toBe(304);
    const own = await lab.hash('pw');
    const other = await argon2idHasher(argon2ParamsForCost(6)).hash('pw');
    const legacy = await scryptHasher(10).hash('pw');
    for (const stored of [own, other, legacy]) {
      expect(await lab.verify('pw', stored)).toBe(true);
      expect(await lab.verify('pX', stored)).toBe(false);
    }
    // Only what this hasher would make today needs nothing.
    expect([own, other, legacy].map((s) => lab.needsRehash!(s))).toEqual([false, true, true]);
  });

  it('refuses malformed stored values without throwing', async () => {
    const lab = argon2idHasher(argon2ParamsForCost(6));
    for (const bad of ['', '$argon2id$v=19$m=1,t=1,p=1$AA$AA', '$argon2i$v=19$m=64,t=2,p=1$c2FsdHNhbHQ$AAAA', 'bcrypt$x']) {
      expect(await lab.verify('pw', bad)).toBe(false);
    }
  });
});

describe('scrypt hasher (earlier format, verify only)', () => {
  const hasher = scryptHasher(10);
  it('stores parameters with the hash and verifies', async () => {
    const h = await hasher.hash('correct horse');
    expect(h).toMatch(/^scrypt\$1024\$8\$1\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}$/);
    expect(await hasher.verify('correct horse', h)).toBe(true);
    expect(await hasher.verify('correct horsf', h)).toBe(false);
  });

  it('salts every hash and verifies hashes made at another cost', async () => {
    const [a, b] = [await hasher.hash('pw'), await hasher.hash('pw')];
    expect(a).not.toBe(b);
    const strong = await scryptHasher(15).hash('pw'); // needs maxmem above the 32 MiB default
    expect(await hasher.verify('pw', strong)).toBe(true);
  });

  it('refuses malformed stored values', async () => {
    for (const bad of ['', 'bcrypt$x', 'scrypt$0$8$1$AA==$AA==', 'scrypt$1024$8$1$AA==$AA==']) {
      expect(await hasher.verify('pw', bad)).toBe(false);
    }
  });
});

describe('JWT', () => {
  const jwt = createJwt('k'.repeat(32));
  const claims = { sub: 1, sid: 's', jti: 'j', iat: 1000, exp: 1900 };
  it('signs and verifies HS256 with expiry', () => {
    const tok = jwt.sign(claims);
    expect(JSON.parse(Buffer.from(tok.split('.')[0]!, 'base64url').toString())).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(jwt.verify(tok, 1899)).toEqual({ ok: true, claims });
    expect(jwt.verify(tok, 1900)).toEqual({ ok: false, reason: 'expired' });
    expect(createJwt('x'.repeat(32)).verify(tok, 1000)).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('remembers verified tokens but still expires them, and never trusts a near-copy', () => {
    const small = createJwt('k'.repeat(32), { cacheSize: 2 });
    const tok = small.sign(claims);
    expect(small.verify(tok, 1000).ok).toBe(true);
    expect(small.verify(tok, 1001).ok).toBe(true); // served from memory
    // A character inside the signature (the last one carries padding bits).
    const at = tok.length - 5;
    const flipped = `${tok.slice(0, at)}${tok[at] === 'x' ? 'y' : 'x'}${tok.slice(at + 1)}`;
    expect(small.verify(flipped, 1001)).toEqual({ ok: false, reason: 'bad_signature' });
    // Padded or non-canonical spellings decode to the same bytes; each is refused, never cached.
    const [head, body, sig] = tok.split('.') as [string, string, string];
    expect(small.verify(`${head}.${body}.${sig.slice(0, 10)}!!!!${sig.slice(10)}`, 1001)).toEqual({ ok: false, reason: 'bad_signature' });
    const spare = sig.at(-1) === 'A' ? 'B' : String.fromCharCode(sig.charCodeAt(sig.length - 1) + 1);
    expect(Buffer.from(`${sig.slice(0, -1)}${spare}`, 'base64url').equals(Buffer.from(sig, 'base64url'))).toBe(true);
    expect(small.verify(`${head}.${body}.${sig.slice(0, -1)}${spare}`, 1001)).toEqual({ ok: false, reason: 'bad_signature' });
    expect(small.verify(tok, 1900)).toEqual({ ok: false, reason: 'expired' });
    // Bounded: older entries make way, and are simply verified again.
    const others = [2, 3, 4].map((sub) => small.sign({ ...claims, sub }));
    for (const t of others) expect(small.verify(t, 1000).ok).toBe(true);
    expect(small.cached).toBe(2);
    expect(small.verify(others[0]!, 1000)).toEqual({ ok: true, claims: { ...claims, sub: 2 } });
    expect(small.cached).toBe(2);
  });

  it('refuses claims of the wrong type even when signed', () => {
    const tok = jwt.sign({ ...claims, sub: '1' as unknown as number });
    expect(jwt.verify(tok, 1000)).toEqual({ ok: false, reason: 'bad_claims' });
  });
});

describe('lockout policy', () => {
  it('locks on the 5th failure in the window for 60 s, doubling up to 300 s', () => {
    let s = undefined as ReturnType<typeof afterFailure> | undefined;
    let now = 0;
    const locks: number[] = [];
    for (let round = 0; round < 5; round++) {
      for (let i = 0; i < DEFAULT_LOCKOUT.maxFailures; i++) s = afterFailure(s, now);
      locks.push(lockedForS(s, now));
      now = s!.locked_until;
      expect(lockedForS(s, now)).toBe(0);
    }
    expect(locks).toEqual([60, 120, 240, 300, 300]);
  });

  it('forgives lockouts after a quiet window', () => {
    let s = undefined as ReturnType<typeof afterFailure> | undefined;
    for (let i = 0; i < 5; i++) s = afterFailure(s, 0);
    for (let i = 0; i < 5; i++) s = afterFailure(s, 60_000 + 16 * 60_000);
    expect(lockedForS(s, 60_000 + 16 * 60_000)).toBe(60);
  });
});
