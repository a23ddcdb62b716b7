// Guards password checks. Three limits, each counted BEFORE the hash (a guess in flight is a
// failure until its hash says otherwise) and refunded on success or when no hash ran:
// - account + source: 5 failures per 15 min lock that pair for 1 min, doubling to 5 min. A
//   stranger's failures lock the stranger's address only; the owner signing in from their own
//   address is never refused because of them.
// - source alone: 30 failures per 15 min across any accounts lock the address (password spraying
//   from one place), for 5 min doubling to 1 h.
// - global: above `globalFailuresPerMin` failures a minute server-wide (spraying from many
//   addresses), an address with a recent failure may not try again until the rate falls;
//   addresses without failures (owners) still pass.
// A request that finds every guess of its pair's budget already in flight is refused at once
// ('busy': 503 + Retry-After), so a burst of 20 wrong passwords gets exactly 5 checked. It does
// not wait for them: waiting here, ahead of admission, hid a burst from the admission limiter (a
// burst of 120 logins over 4 accounts reached it 20 at a time, never filled its queue and was
// answered at a P95 of 2.5 s instead of being shed). No owner sends 6 sign-ins at once. The
// per-source budget refuses on decided failures only:
// it never makes a load generator's many accounts behind one address wait for each other, and a
// parallel spray overshoots it by at most what the admission queue lets in flight at once.
import type { DataAccess, Clock } from '../context.js';
import type { Repo } from '../db/repo.js';
import { afterFailure, lockedForS, type LockoutPolicy, type ThrottleState } from './lockout.js';

export interface GuardPolicy {
  pair: LockoutPolicy;
  source: LockoutPolicy;
  globalFailuresPerMin: number;
}

export const DEFAULT_GUARD: Omit<GuardPolicy, 'pair'> = {
  source: { maxFailures: 30, windowMs: 15 * 60_000, baseLockMs: 5 * 60_000, maxLockMs: 60 * 60_000 },
  globalFailuresPerMin: 300,
};

export type Refusal = { code: 'account_locked' | 'source_locked' | 'login_throttled'; retryS: number } | { code: 'busy'; retryS: number };

export interface Ticket {
  /** The guess was wrong: it stays counted, and may lock. */
  fail(): Promise<void>;
  /** The password was right: the pair's failures are forgiven, this guess refunded. */
  succeed(): Promise<void>;
  /** No verdict on the password (shed, malformed second factor): refunded. Idempotent. */
  cancel(): Promise<void>;
}

export type Reservation = { ok: true; ticket: Ticket } | { ok: false; refusal: Refusal };

const pairKey = (account: string, source: string) => `a:${account}\n${source}`;
const sourceKey = (source: string) => `s:${source}`;

export function createLoginGuard(data: DataAccess, clock: Clock, policy: GuardPolicy) {
  // Always a promise, a throw included: the guard's callers chain on what it returns.
  const run = async <T>(fn: (repo: Repo) => T): Promise<T> => data.run(fn);
  const pending = new Map<string, number>();
  // Sliding one-minute failure rate: this minute's count plus the previous one's, weighted.
  let bucket = { start: clock.now(), cur: 0, prev: 0 };
  const globalRate = (now: number) => {
    if (now - bucket.start >= 60_000) {
      const gone = Math.floor((now - bucket.start) / 60_000);
      bucket = { start: bucket.start + gone * 60_000, cur: 0, prev: gone === 1 ? bucket.cur : 0 };
    }
    return bucket.cur + bucket.prev * (1 - (now - bucket.start) / 60_000);
  };
  const bump = (key: string, d: number) => {
    const n = (pending.get(key) ?? 0) + d;
    if (n > 0) pending.set(key, n);
    else pending.delete(key);
  };
  const stale = (now: number, p: LockoutPolicy) => now - p.windowMs - p.maxLockMs;
  const row = (repo: Repo, key: string, now: number, p: LockoutPolicy): ThrottleState => {
    const s = repo.throttle.get(key) ?? { failures: 0, window_start: now, locked_until: 0, lockouts: 0 };
    // A window with nothing in flight that has run out starts afresh.
    return now - s.window_start >= p.windowMs && !pending.get(key) ? { ...s, failures: 0, window_start: now } : s;
  };
  const put = (repo: Repo, key: string, s: ThrottleState, now: number, p: LockoutPolicy) =>
    repo.throttle.put(key, { ...s, failures: Math.max(0, s.failures) }, now, stale(now, p));

  const tryReserve = (repo: Repo, account: string, source: string, now: number): Reservation => {
    const keys = [[pairKey(account, source), policy.pair], [sourceKey(source), policy.source]] as const;
    const rows = keys.map(([k, p]) => row(repo, k, now, p));
    for (let i = 0; i < keys.length; i++) {
      const lockedS = lockedForS(rows[i], now);
      if (lockedS > 0) return { ok: false, refusal: { code: i === 0 ? 'account_locked' : 'source_locked', retryS: lockedS } };
    }
    const srcConfirmed = rows[1]!.failures - (pending.get(keys[1][0]) ?? 0);
    if (srcConfirmed > 0 && globalRate(now) >= policy.globalFailuresPerMin) {
      return { ok: false, refusal: { code: 'login_throttled', retryS: Math.ceil((bucket.start + 60_000 - now) / 1000) } };
    }
    if (srcConfirmed >= policy.source.maxFailures) {
      // Failures from before a restart, or a lock still being recorded.
      return { ok: false, refusal: { code: 'source_locked', retryS: Math.ceil(policy.source.baseLockMs / 1000) } };
    }
    if (rows[0]!.failures >= policy.pair.maxFailures) {
      // The pair's budget is all in flight (a lock shows above once they are decided).
      return { ok: false, refusal: { code: 'busy', retryS: 1 } };
    }
    keys.forEach(([k, p], i) => {
      put(repo, k, { ...rows[i]!, failures: rows[i]!.failures + 1 }, now, p);
      bump(k, 1);
    });
    bucket.cur++;
    return { ok: true, ticket: ticket(keys.map(([k, p]) => [k, p] as const)) };
  };

  const ticket = (keys: ReadonlyArray<readonly [string, LockoutPolicy]>): Ticket => {
    let settled = false;
    const settle = (fn: (repo: Repo, now: number) => void) => {
      if (settled) return Promise.resolve();
      settled = true;
      for (const [k] of keys) bump(k, -1);
      return run((repo) => fn(repo, clock.now()));
    };
    const refund = (repo: Repo, now: number, [k, p]: readonly [string, LockoutPolicy]) => {
      const s = repo.throttle.get(k);
      if (s) put(repo, k, { ...s, failures: s.failures - 1 }, now, p);
    };
    return {
      fail: () =>
        settle((repo, now) => {
          for (const [k, p] of keys) {
            const s = repo.throttle.get(k);
            // The failure was counted at reservation: re-apply the policy to see whether it locks.
            const next = afterFailure(s && { ...s, failures: Math.max(0, s.failures - 1) }, now, p);
            put(repo, k, next.locked_until > now && next.failures === 0 ? { ...next, failures: pending.get(k) ?? 0 } : next, now, p);
          }
        }),
      succeed: () =>
        settle((repo, now) => {
          const [[pk], src] = [keys[0]!, keys[1]!];
          const still = pending.get(pk) ?? 0;
          if (still === 0) repo.throttle.clear(pk);
          else put(repo, pk, { failures: still, window_start: now, locked_until: 0, lockouts: 0 }, now, keys[0]![1]);
          refund(repo, now, src);
          bucket.cur = Math.max(0, bucket.cur - 1);
        }),
      cancel: () =>
        settle((repo, now) => {
          for (const k of keys) refund(repo, now, k);
          bucket.cur = Math.max(0, bucket.cur - 1);
        }),
    };
  };

  return {
    reserve: (account: string, source: string): Promise<Reservation> =>
      run((repo) => tryReserve(repo, account, source, clock.now())),
  };
}

export type LoginGuard = ReturnType<typeof createLoginGuard>;
