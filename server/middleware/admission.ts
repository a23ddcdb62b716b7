// Admission control in front of the hashing endpoints: waits for a limiter slot, or answers
// 503 + Retry-After at once when the queue is full or the wait budget is spent.
import type { MiddlewareHandler } from 'hono';
import type { AdmissionLimiter } from '../limiter.js';
import type { AppEnv } from '../http/env.js';
import { clientGone } from '../http/client-gone.js';
import { ApiError } from '../http/respond.js';
import { addSpan } from '../http/spans.js';

export interface AdmissionOptions {
  limiter: AdmissionLimiter;
  /** Seconds a shed client should wait before retrying. */
  retryAfterS?: number;
}

export function admission(opts: AdmissionOptions): MiddlewareHandler<AppEnv> {
  const retryAfter = String(opts.retryAfterS ?? 1);
  return async function admissionMiddleware(c, next) {
    // Fires when the client disconnects: a queued login whose client gave up (timed out,
    // closed) leaves the queue instead of hashing for nobody.
    const slot = await opts.limiter.acquire(clientGone(c));
    addSpan(c, 'admission', slot.waitedMs);
    if (!slot.admitted) {
      throw new ApiError(503, 'overloaded', 'The server is busy; retry after the indicated delay', {
        headers: { 'Retry-After': retryAfter },
      });
    }
    try {
      await next();
    } finally {
      slot.release();
    }
  };
}
