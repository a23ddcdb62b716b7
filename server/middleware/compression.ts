// hono/compress, asked only about answers that may be worth it. Its first step reads the
// response's headers, which takes @hono/node-server's light response off its fast path (see
// http/headers.ts) even for a 100-byte body it then leaves alone: a body json() built below the
// threshold is passed by without a look.
import type { MiddlewareHandler } from 'hono';
import { compress } from 'hono/compress';
import type { AppEnv } from '../http/env.js';

export const COMPRESS_THRESHOLD_BYTES = 1024;

export function compression(): MiddlewareHandler<AppEnv> {
  const inner = compress({ threshold: COMPRESS_THRESHOLD_BYTES });
  const done = async () => {};
  return async function compressionMiddleware(c, next) {
    await next();
    const out = c.get('out');
    if (out?.built && out.size < COMPRESS_THRESHOLD_BYTES) return;
    // The response is there: hono/compress's own next() has nothing left to run.
    await inner(c, done);
  };
}
