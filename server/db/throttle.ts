// Per-account login failure counters (see auth/lockout.ts for the policy).
import type { Sqlite } from './open.js';
import type { ThrottleState } from '../auth/lockout.js';

export function throttleRepo(db: Sqlite) {
  const get = db.prepare<[string], ThrottleState>(
    'SELECT failures, window_start, locked_until, lockouts FROM login_throttle WHERE account = ?',
  );
  const put = db.prepare(
    `INSERT INTO login_throttle (account, failures, window_start, locked_until, lockouts)
     VALUES (@account, @failures, @window_start, @locked_until, @lockouts)
     ON CONFLICT(account) DO UPDATE SET failures = excluded.failures, window_start = excluded.window_start,
       locked_until = excluded.locked_until, lockouts = excluded.lockouts`,
  );
  const clear = db.prepare<[string]>('DELETE FROM login_throttle WHERE account = ?');
  // Rows for addresses nobody retries (sprayed unknown emails) would otherwise pile up.
  const purge = db.prepare<[number, number]>(
    'DELETE FROM login_throttle WHERE window_start < ? AND locked_until < ?',
  );
  let writes = 0;

  return {
    get: (account: string) => get.get(account),
    put(account: string, s: ThrottleState, now: number, staleBefore: number): void {
      put.run({ account, ...s });
      if (++writes % 1000 === 0) purge.run(staleBefore, now);
    },
    clear: (account: string) => void clear.run(account),
  };
}
