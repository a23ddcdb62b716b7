// hono/compress, asked only about answers that may be worth it. Its first step reads the
// response's headers, which takes @hono/node-server's light response off its fast path (see
// http/headers.ts) even for a 100-byte body it then leaves alone: a body json() built below the
// threshold is passed by without a look, and without a promise when the route made none
// (http/chain.ts). Error answers are built by app.onError above the routes, never compressed:
// they are small JSON.
import type { Context, MiddlewareHandler } from 'hono';
import { compress } from 'hono/compress';
import type { AppEnv } from '../http/env.js';
import { outgoing } from '../http/headers.js';
import { isPromise, type MaybeAsync } from '../http/maybe-async.js';

export const COMPRESS_THRESHOLD_BYTES = 1024;

export function compression(): MiddlewareHandler<AppEnv> {
  const inner = compress({ threshold: COMPRESS_THRESHOLD_BYTES });
  const done = async () => {};
  const after = (c: Context<AppEnv>) => {
    const out = outgoing(c);
    if (out?.built && out.size < COMPRESS_THRESHOLD_BYTES) return;
    // The response is there: hono/compress's own next() has nothing left to run.
    return inner(c, done);
  };
  return function compressionMiddleware(c, next) {
    const r = next() as MaybeAsync<void>; // ready at once on the fast path, which Hono's type has no word for
    return (isPromise(r) ? r.then(() => after(c)) : after(c)) as ReturnType<MiddlewareHandler>;
  };
}
