// Deterministic fixture accounts for load tests: user{n}@zimmer.test, n = 1..N, all with the
// same password. One real password hash (own random salt, full configured cost) is computed and
// shared by every fixture account, so 10,000 users seed in well under a second while every
// login still pays the full hash. Accounts created any other way get their own salt.
import type { AppContext } from './context.js';

export const SEED_EMAIL_PATTERN = 'user{n}@zimmer.test';
export const SEED_PASSWORD = 'zimmer-bench-password';

export function seedEmail(n: number): string {
  return SEED_EMAIL_PATTERN.replace('{n}', String(n));
}

/** Idempotent (INSERT OR IGNORE): returns how many accounts were newly created. */
export async function seedUsers(ctx: AppContext, count: number): Promise<number> {
  if (count <= 0) return 0;
  const hash = await ctx.hasher.hash(SEED_PASSWORD);
  const now = ctx.clock.now();
  const insertAll = ctx.sqlite.transaction(() => {
    let created = 0;
    for (let n = 1; n <= count; n++) if (ctx.repo.users.create(seedEmail(n), hash, now) !== null) created++;
    return created;
  });
  return insertAll();
}
