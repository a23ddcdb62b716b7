// Server-Timing spans that may occur several times per request (two DB calls, say): summed
// per name on the request's Outgoing, written into the Server-Timing header when the answer is
// built (http/headers.ts). Outside the request frame (http/frame.ts) nothing would write them, so none
// are kept.
import type { Context } from 'hono';
import type { AppEnv } from './env.js';
import { isPromise, type MaybeAsync } from './maybe-async.js';
import { outgoing } from './headers.js';

export function addSpan(c: Context<AppEnv>, name: string, ms: number): void {
  const out = outgoing(c);
  if (!out) return;
  // A plain object, not a Map: one or two names a request, and one allocation fewer.
  const spans = (out.spans ??= {});
  spans[name] = (spans[name] ?? 0) + ms;
}

/** Times `work` as span `name`; ready when the work is (see maybe-async.ts). */
export function timed<T>(c: Context<AppEnv>, name: string, work: () => MaybeAsync<T>): MaybeAsync<T> {
  const t0 = performance.now();
  const end = () => addSpan(c, name, performance.now() - t0);
  let v: MaybeAsync<T>;
  try {
    v = work();
  } catch (err) {
    end();
    throw err;
  }
  if (isPromise(v)) return v.finally(end);
  end();
  return v;
}
