// hono/body-limit, applied only to requests that can carry a body. Its first step reads
// `c.req.raw.body`, which makes @hono/node-server build a full WHATWG Request (headers, an
// AbortSignal, a web stream over the socket) for the request: measured at roughly a third of
// /health's throughput for a GET, and about 0.5 ms of the event loop a sign-in. On a socket, a body
// that declares its Content-Length (and no Transfer-Encoding) is judged from node's own headers
// instead, without reading a byte; node's parser never delivers more than was declared, and
// c.req.text() then reads it through @hono/node-server's direct path. A chunked body, and every
// app.request() caller, goes through hono/body-limit, which counts the bytes as they arrive.
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppEnv } from '../http/env.js';
import { nodeHeaders } from '../http/headers.js';
import { errorBody, json } from '../http/respond.js';

export const BODYLESS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The length a request on a socket declares for its body, when node's headers settle it. */
function declaredLength(c: Context<AppEnv>): number | undefined {
  const headers = nodeHeaders(c);
  if (!headers || headers['transfer-encoding'] !== undefined) return undefined;
  const declared = headers['content-length'];
  return typeof declared === 'string' && /^\d+$/.test(declared) ? Number(declared) : undefined;
}

export function bodySize(maxBytes: number): MiddlewareHandler<AppEnv> {
  const tooLarge = (c: Context<AppEnv>) => json(c, errorBody('payload_too_large', `The request body exceeds ${maxBytes} bytes`), 413);
  const limit = bodyLimit({ maxSize: maxBytes, onError: tooLarge });
  return function bodySizeMiddleware(c, next) {
    if (BODYLESS.has(c.req.method)) return next();
    const declared = declaredLength(c);
    if (declared === undefined) return limit(c, next);
    return declared > maxBytes ? Promise.resolve(tooLarge(c)) : next();
  };
}
