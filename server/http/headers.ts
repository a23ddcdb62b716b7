// The headers every answer carries (request id, Server-Timing, the security set, per-route ones
// such as Cache-Control), gathered in one plain object per request and written when the answer is
// built. Why not hono/request-id, hono/timing and hono/secure-headers: each writes through
// c.header() or c.res.headers, which turns @hono/node-server's light response into a WHATWG
// Headers object (validated, lower-cased, sorted on every write) and takes it off its fast path;
// with all three, /api/me spent more time on its headers than on its token check and queries.
// json() (respond.ts) builds the response with this object in one go; any other response (text,
// 204, a library's) gets the same headers afterwards, the slow way.
import { randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import type { AppEnv, IncomingHeaders } from './env.js';

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
  /** performance.now() when the request came in: Server-Timing's total and the metric's duration. */
  t0: number;
  /** Echoed when sane, else made up (X-Request-Id). */
  id: string;
  /** The route pattern that answered (http/chain.ts), the metric's label; 'unmatched' until one does. */
  route: string;
  headers: Record<string, string>;
  /** Set by json(): every header is already in the response. */
  built: boolean;
  /** Body bytes of a response json() built (compression skips small ones without a look). */
  size: number;
  /** Server-Timing spans in ms by name (http/spans.ts), null until the first. */
  spans: Record<string, number> | null;
}

/** The request's Outgoing, when the app runs inside its frame (http/frame.ts). */
export const outgoing = (c: Context<AppEnv>): Outgoing | undefined => (c.env as AppEnv['Bindings'] | undefined)?.out;

const fromNode = (headers: IncomingHeaders, lowerName: string): string | undefined => {
  const v = headers[lowerName];
  return Array.isArray(v) ? v.join(', ') : v;
};

/** A request header from node's own parsed headers when on a socket (no WHATWG Headers built). */
export function headerOf(req: Request, env: AppEnv['Bindings'] | undefined, lowerName: string): string | undefined {
  const headers = env?.incoming?.headers;
  return headers ? fromNode(headers, lowerName) : (req.headers.get(lowerName) ?? undefined);
}

/** Node's parsed request headers when on a socket; undefined for app.request() callers. */
export const nodeHeaders = (c: Context<AppEnv>): IncomingHeaders | undefined =>
  (c.env as AppEnv['Bindings'] | undefined)?.incoming?.headers;

/** The same from a context: c.req (a HonoRequest, built on first use) only without node's headers. */
export function requestHeader(c: Context<AppEnv>, lowerName: string): string | undefined {
  const headers = nodeHeaders(c);
  return headers ? fromNode(headers, lowerName) : c.req.header(lowerName);
}

/** Adds a header to the answer (outside the frame, through c.header()). */
export function setHeader(c: Context<AppEnv>, name: string, value: string): void {
  const out = outgoing(c);
  if (out) out.headers[name] = value;
  else c.header(name, value);
}

/** Milliseconds with one decimal, as toFixed(1) writes them, from integers (about a third of its cost). */
function ms1(ms: number): string {
  const tenths = Math.round(ms * 10);
  const rest = tenths % 10;
  return `${(tenths - rest) / 10}.${rest}`;
}

export function serverTiming(out: Outgoing): string {
  let text = '';
  const spans = out.spans;
  if (spans) for (const name in spans) text += `${name};dur=${ms1(spans[name]!)},`;
  return `${text}total;dur=${ms1(performance.now() - out.t0)};desc="Total Response Time"`;
}

const SANE_ID = /^[\w\-=]{1,255}$/;

// Made-up request ids: this process's random prefix and a count, unique without a random draw per
// request (randomUUID's refills of its entropy cache were about 0.7 us a request under load). The
// id ties a log line to an answer; it is no secret and grants nothing.
const ID_PREFIX = `${randomBytes(8).toString('hex')}-`;
let idCount = 0;
const newRequestId = (): string => ID_PREFIX + (++idCount).toString(36);

/** A new request's Outgoing: request id (echoed when sane, else made up), the security headers when asked. */
export function newOutgoing(req: Request, env: AppEnv['Bindings'] | undefined, security: boolean): Outgoing {
  const t0 = performance.now();
  const given = headerOf(req, env, 'x-request-id');
  const id = given !== undefined && SANE_ID.test(given) ? given : newRequestId();
  // Object.assign and plain stores, not spread syntax: spreading an object whose keys are not
  // identifiers cost about 1 us here, the copy and stores 0.1 us.
  const headers: Record<string, string> = security ? Object.assign({}, SECURITY_HEADERS) : {};
  headers['X-Request-Id'] = id;
  return { t0, id, route: 'unmatched', headers, built: false, size: 0, spans: null };
}

/** Any answer json() did not build (text, 204, a library's) gets the headers afterwards, the slow way. */
export function addHeadersAfter(res: Response, out: Outgoing): void {
  const h = res.headers;
  for (const name in out.headers) if (!h.has(name)) h.set(name, out.headers[name]!);
  h.set('Server-Timing', serverTiming(out));
}
