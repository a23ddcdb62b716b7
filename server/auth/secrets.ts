// Opaque secrets handed to clients (refresh and email tokens): 256 bits from the CSPRNG,
// stored only as SHA-256 so a database leak yields nothing usable.
import { createHash, randomBytes } from 'node:crypto';

export function newOpaqueToken(): string {
  return randomBytes(32).toString('base64url');
}

export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

export function newId(bytes = 16): string {
  return randomBytes(bytes).toString('base64url');
}
