// The headers every answer carries (request id, Server-Timing, the security set, per-route ones
// such as Cache-Control), gathered in one plain object per request and written when the answer is
// built. Why not hono/request-id, hono/timing and hono/secure-headers: each writes through
// c.header() or c.res.headers, which turns @hono/node-server's light response into a WHATWG
// Headers object (validated, lower-cased, sorted on every write) and takes it off its fast path;
// with all three, /api/me spent more time on its headers than on its token check and queries.
// json() (respond.ts) builds the response with this object in one go; any other response (text,
// 204, a library's) gets the same headers afterwards, the slow way.
import { randomUUID } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from './env.js';

/** OWASP's REST Security Cheat Sheet set for a JSON API (no browser-page headers). */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Referrer-Policy': 'no-referrer',
  'Strict-Transport-Security': 'max-age=15552000; includeSubDomains',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
};

export interface Outgoing {
  /** performance.now() when the request came in: Server-Timing's total. */
  t0: number;
  headers: Record<string, string>;
  /** Set by json(): every header is already in the response. */
  built: boolean;
  /** Body bytes of a response json() built (compression skips small ones without a look). */
  size: number;
  /** Server-Timing spans in ms by name (http/spans.ts), null until the first. */
  spans: Record<string, number> | null;
}

/** A request header through node's own parsed headers when on a socket (no WHATWG Headers built). */
export function requestHeader(c: Context, lowerName: string): string | undefined {
  const incoming = (c.env as { incoming?: { headers?: Record<string, string | string[] | undefined> } } | undefined)?.incoming;
  const v = incoming?.headers?.[lowerName];
  if (v !== undefined) return Array.isArray(v) ? v.join(', ') : v;
  return incoming?.headers ? undefined : c.req.header(lowerName);
}

/** Adds a header to the answer (without the middleware, through c.header()). */
export function setHeader(c: Context<AppEnv>, name: string, value: string): void {
  const out = c.get('out');
  if (out) out.headers[name] = value;
  else c.header(name, value);
}

export function serverTiming(out: Outgoing): string {
  let text = '';
  const spans = out.spans;
  if (spans) for (const name in spans) text += `${name};dur=${spans[name]!.toFixed(1)},`;
  return `${text}total;dur=${(performance.now() - out.t0).toFixed(1)};desc="Total Response Time"`;
}

const SANE_ID = /^[\w\-=]{1,255}$/;

/** Request id (echoed when sane, else a UUID), the security headers when asked, Server-Timing. */
export function responseHeaders(o: { security: boolean }): MiddlewareHandler<AppEnv> {
  return async function responseHeadersMiddleware(c, next) {
    const t0 = performance.now();
    const given = requestHeader(c, 'x-request-id');
    const id = given !== undefined && SANE_ID.test(given) ? given : randomUUID();
    c.set('requestId', id);
    // Object.assign and plain stores, not spread syntax: spreading an object whose keys are not
    // identifiers cost about 1 us here, the copy and stores 0.1 us.
    const headers: Record<string, string> = o.security ? Object.assign({}, SECURITY_HEADERS) : {};
    headers['X-Request-Id'] = id;
    const out: Outgoing = { t0, headers, built: false, size: 0, spans: null };
    c.set('out', out);
    await next();
    if (out.built) return;
    const h = c.res.headers;
    for (const name in out.headers) if (!h.has(name)) h.set(name, out.headers[name]!);
    h.set('Server-Timing', serverTiming(out));
  };
}
