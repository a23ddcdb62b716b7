// Options of the reference server and their validation (every problem, not only the first).
import { faultNames } from './faults/catalog.js';
import { presetNames } from './lab/catalog.js';

export interface ServerOptions {
  port: number;
  host: string;
  /** File path, `:memory:`, or undefined for a fresh temporary file removed on close. */
  db?: string;
  seedUsers: number;
  /** Password-hashing level: 14 = OWASP's argon2id (19 MiB); each level below halves the memory. */
  hashCost: number;
  faults: string[];
  /** A lab state (server/lab), applied after the faults. */
  preset?: string;
  jwtSecret?: string;
  /** When set, GET /metrics needs `Authorization: Bearer <token>`. */
  metricsToken?: string;
  log?: (line: string) => void;
}

export const DEFAULT_SERVER_OPTIONS = { port: 0, host: '127.0.0.1', seedUsers: 0, hashCost: 14, faults: [] as string[] };
export const HASH_COST_RANGE = [4, 16] as const;
export const MAX_SEED_USERS = 1_000_000;

export function validateServerOptions(o: ServerOptions): string[] {
  const problems: string[] = [];
  if (!Number.isInteger(o.port) || o.port < 0 || o.port > 65535) problems.push(`--port ${o.port}: must be an integer 0..65535 (0 picks a free port)`);
  if (!o.host) problems.push('--host: must not be empty (e.g. 127.0.0.1)');
  if (!Number.isInteger(o.seedUsers) || o.seedUsers < 0 || o.seedUsers > MAX_SEED_USERS) {
    problems.push(`--seed-users ${o.seedUsers}: must be an integer 0..${MAX_SEED_USERS}`);
  }
  const [lo, hi] = HASH_COST_RANGE;
  if (!Number.isInteger(o.hashCost) || o.hashCost < lo || o.hashCost > hi) {
    problems.push(`--hash-cost ${o.hashCost}: must be an integer ${lo}..${hi} (14 = OWASP's argon2id, m=19 MiB t=2 p=1; each level less halves the memory)`);
  }
  const known = faultNames();
  const unknown = o.faults.filter((f) => !known.includes(f));
  if (unknown.length) problems.push(`--fault ${unknown.join(', ')}: unknown fault${unknown.length > 1 ? 's' : ''} (known: ${known.join(', ')})`);
  if (o.preset !== undefined && !presetNames().includes(o.preset)) problems.push(`--preset ${o.preset}: unknown preset (known: ${presetNames().join(', ')})`);
  if (o.metricsToken !== undefined && Buffer.byteLength(o.metricsToken) < 16) {
    problems.push('--metrics-token: must be at least 16 bytes (e.g. `openssl rand -base64 24`)');
  }
  if (o.jwtSecret !== undefined && Buffer.byteLength(o.jwtSecret) < 32) {
    problems.push('ZIMMER_JWT_SECRET: must be at least 32 bytes (e.g. `openssl rand -base64 48`)');
  }
  return problems;
}
