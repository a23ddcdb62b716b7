// hono/body-limit, applied only to requests that can carry a body. Its first step reads
// `c.req.raw.body`, which makes @hono/node-server build a full WHATWG Request for every GET
// as well: measured at roughly a third of /health's throughput, for nothing. On a socket, a body
// with a Content-Length is judged from node's own headers instead, and then read straight from
// node (http/incoming-body.ts); a chunked body, and every app.request() caller, goes through
// hono/body-limit, which counts the bytes as they arrive.
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppEnv } from '../http/env.js';
import { declaredBody, markSized } from '../http/incoming-body.js';
import { errorBody, json } from '../http/respond.js';

export const BODYLESS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

export function bodySize(maxBytes: number): MiddlewareHandler<AppEnv> {
  const tooLarge = (c: Context<AppEnv>) => json(c, errorBody('payload_too_large', `The request body exceeds ${maxBytes} bytes`), 413);
  const limit = bodyLimit({ maxSize: maxBytes, onError: tooLarge });
  return function bodySizeMiddleware(c, next) {
    if (BODYLESS.has(c.req.method)) return next();
    const declared = declaredBody(c);
    if (!declared) return limit(c, next);
    if (declared.length > maxBytes) return Promise.resolve(tooLarge(c));
    markSized(declared.body);
    return next();
  };
}
