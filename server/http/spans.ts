// Server-Timing spans that may occur several times per request (two DB calls, say): summed
// per name, then handed to hono/timing once the handler is done.
import type { Context, MiddlewareHandler } from 'hono';
import { setMetric } from 'hono/timing';
import type { AppEnv } from './env.js';

export function addSpan(c: Context<AppEnv>, name: string, ms: number): void {
  let spans = c.get('spans');
  if (!spans) {
    spans = new Map();
    c.set('spans', spans);
  }
  spans.set(name, (spans.get(name) ?? 0) + ms);
}

export async function timed<T>(c: Context<AppEnv>, name: string, work: () => T | Promise<T>): Promise<T> {
  const t0 = performance.now();
  try {
    return await work();
  } finally {
    addSpan(c, name, performance.now() - t0);
  }
}

/** Mount right after hono/timing's `timing()`, so the header is written after the flush. */
export function serverTimingSpans(): MiddlewareHandler<AppEnv> {
  return async function serverTimingSpansMiddleware(c, next) {
    await next();
    const spans = c.get('spans');
    if (spans) for (const [name, ms] of spans) setMetric(c, name, ms);
  };
}
