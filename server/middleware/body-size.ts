// hono/body-limit, applied only to requests that can carry a body. Its first step reads
// `c.req.raw.body`, which makes @hono/node-server build a full WHATWG Request for every GET
// as well: measured at roughly a third of /health's throughput, for nothing.
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppEnv } from '../http/env.js';
import { errorBody, json } from '../http/respond.js';

export const BODYLESS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

export function bodySize(maxBytes: number): MiddlewareHandler<AppEnv> {
  const limit = bodyLimit({
    maxSize: maxBytes,
    onError: (c) => json(c, errorBody('payload_too_large', `The request body exceeds ${maxBytes} bytes`), 413),
  });
  return function bodySizeMiddleware(c, next) {
    return BODYLESS.has(c.req.method) ? next() : limit(c, next);
  };
}
