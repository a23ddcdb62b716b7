// HS256 access tokens with node:crypto HMAC (a few microseconds, against ~50 for hono/jwt's
// WebCrypto path), remembered once verified (see below). Only the algorithm we issue is accepted: `alg: none`, RS256 or anything else is refused before the
// signature is even considered, so there is no algorithm-confusion path.
import { createHmac, timingSafeEqual } from 'node:crypto';


/** 32 bytes in unpadded base64url: 42 characters, then one whose low 2 bits are zero. */
const CANONICAL_SIGNATURE = /^[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]$/;
export interface AccessClaims {
  sub: number;
  sid: string;
  jti: string;
  iat: number;
  exp: number;
}

export type VerifyResult = { ok: true; claims: AccessClaims } | { ok: false; reason: string };

const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');

/**
 * Tokens already verified, by their exact text. Inside a busy server one HMAC verification
 * costs ~25 us of CPU (OpenSSL 3 looks the algorithm up on every createHmac), about a quarter
 * of GET /api/me; a client presents the same token for its whole 15-minute life. A hit needs
 * the full token, signature included, so it proves exactly what the HMAC proved; expiry is
 * still checked on every use, and revocation is checked by the caller on every request.
 */
const DEFAULT_CACHE_SIZE = 10_000;

export function createJwt(secret: string | Buffer, opts: { cacheSize?: number } = {}) {
  const key = Buffer.isBuffer(secret) ? secret : Buffer.from(secret, 'utf8');
  const mac = (data: string) => createHmac('sha256', key).update(data).digest();
  const cacheSize = opts.cacheSize ?? DEFAULT_CACHE_SIZE;
  const verified = new Map<string, Readonly<AccessClaims>>();
  const remember = (token: string, claims: AccessClaims): AccessClaims => {
    if (cacheSize <= 0) return claims;
    // Map keeps insertion order: evict the oldest entry when full.
    if (verified.size >= cacheSize) verified.delete(verified.keys().next().value as string);
    verified.set(token, Object.freeze(claims));
    return claims;
  };

  return {
    sign(claims: AccessClaims): string {
      const body = `${HEADER}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
      return `${body}.${mac(body).toString('base64url')}`;
    },
    /** `nowS` in seconds since the epoch. */
    verify(token: string, nowS: number): VerifyResult {
      const known = verified.get(token);
      if (known) {
        if (known.exp > nowS) return { ok: true, claims: known };
        verified.delete(token);
        return { ok: false, reason: 'expired' };
      }
      const parts = token.split('.');
      if (parts.length !== 3) return { ok: false, reason: 'malformed' };
      const [h, p, s] = parts as [string, string, string];
      let header: unknown;
      let claims: Partial<AccessClaims>;
      try {
        header = h === HEADER ? { alg: 'HS256' } : JSON.parse(Buffer.from(h, 'base64url').toString('utf8'));
        claims = JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as Partial<AccessClaims>;
      } catch {
        return { ok: false, reason: 'malformed' };
      }
      if ((header as { alg?: unknown } | null)?.alg !== 'HS256') return { ok: false, reason: 'bad_alg' };
      // Only the one canonical spelling of a 32-byte MAC: Buffer's base64url decoder skips foreign
      // characters and spare bits, so padded copies of one token would each pass and each take a
      // cache entry.
      if (!CANONICAL_SIGNATURE.test(s)) return { ok: false, reason: 'bad_signature' };
      const sig = Buffer.from(s, 'base64url');
      const expected = mac(`${h}.${p}`);
      if (sig.length !== expected.length || !timingSafeEqual(sig, expected)) return { ok: false, reason: 'bad_signature' };
      if (
        typeof claims !== 'object' || claims === null ||
        typeof claims.sub !== 'number' || typeof claims.sid !== 'string' || typeof claims.jti !== 'string' ||
        typeof claims.exp !== 'number' || typeof claims.iat !== 'number'
      ) {
        return { ok: false, reason: 'bad_claims' };
      }
      if (claims.exp <= nowS) return { ok: false, reason: 'expired' };
      return { ok: true, claims: remember(token, claims as AccessClaims) };
    },
    /** How many verified tokens are remembered (for /metrics and tests). */
    get cached(): number {
      return verified.size;
    },
  };
}

export type Jwt = ReturnType<typeof createJwt>;
