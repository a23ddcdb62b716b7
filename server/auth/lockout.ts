// Per-account lockout after repeated failures. Pure: state in, state out; the repo stores it.
// Keyed by the submitted (normalised) email whether or not the account exists, so an unknown
// address behaves exactly like a known one. Locks always expire and never exceed maxLockMs, so
// an attacker can delay a victim for minutes at most, never lock them out for good.

export interface ThrottleState {
  failures: number;
  window_start: number;
  locked_until: number;
  /** Consecutive lockouts; each one doubles the next lock (capped). */
  lockouts: number;
}

export interface LockoutPolicy {
  maxFailures: number;
  windowMs: number;
  baseLockMs: number;
  maxLockMs: number;
}

export const DEFAULT_LOCKOUT: LockoutPolicy = {
  maxFailures: 5,
  windowMs: 15 * 60_000,
  baseLockMs: 60_000,
  maxLockMs: 5 * 60_000,
};

/** Seconds until the account may try again, or 0 when it is not locked. */
export function lockedForS(s: ThrottleState | undefined, now: number): number {
  if (!s || s.locked_until <= now) return 0;
  return Math.ceil((s.locked_until - now) / 1000);
}

export function afterFailure(s: ThrottleState | undefined, now: number, p: LockoutPolicy = DEFAULT_LOCKOUT): ThrottleState {
  const fresh = !s || now - s.window_start >= p.windowMs;
  // Lockouts escalate only while failures keep coming; a quiet window forgives them.
  const lockouts = !s ? 0 : fresh && s.locked_until + p.windowMs <= now ? 0 : s.lockouts;
  const failures = (fresh ? 0 : s.failures) + 1;
  const windowStart = fresh ? now : s.window_start;
  if (failures < p.maxFailures) {
    return { failures, window_start: windowStart, locked_until: s?.locked_until ?? 0, lockouts };
  }
  const lockMs = Math.min(p.baseLockMs * 2 ** lockouts, p.maxLockMs);
  return { failures: 0, window_start: now, locked_until: now + lockMs, lockouts: lockouts + 1 };
}
