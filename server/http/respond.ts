// JSON responses and the one error shape every endpoint answers with:
// { "error": "<code>", "message": "<human text>", "fields"?: { field: "problem" } }.
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppEnv } from './env.js';
import { outgoing, serverTiming } from './headers.js';

const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * JSON with an explicit Content-Length: without it hono/compress cannot tell a 60-byte body
 * from a 60-kB one and gzips everything, which costs more than it saves on small payloads.
 */
export function json(c: Context, data: unknown, status: ContentfulStatusCode = 200, headers?: Record<string, string>): Response {
  return jsonText(c, JSON.stringify(data), status, headers);
}

/** json() for a body already serialised (by the database, say). */
export function jsonText(c: Context, body: string, status: ContentfulStatusCode = 200, headers?: Record<string, string>): Response {
  const size = Buffer.byteLength(body);
  const length = String(size);
  const out = outgoing(c as Context<AppEnv>);
  if (!out) return c.body(body, status, { 'Content-Type': JSON_TYPE, 'Content-Length': length, ...headers });
  // The fast path (http/headers.ts): every header in one plain object, the response built once.
  // Headers meant for it are added with setHeader(), not c.header().
  out.built = true;
  out.size = size;
  // The request's own object filled in place with plain stores, not copied or spread (see
  // headers.ts). This answer's own extras (Retry-After, WWW-Authenticate: error answers) go on a
  // copy, so a second answer built in the same request never carries the first one's.
  const base = out.headers;
  base['Content-Type'] = JSON_TYPE;
  base['Content-Length'] = length;
  base['Server-Timing'] = serverTiming(out);
  const all = headers ? Object.assign({}, base, headers) : base;
  return new Response(body, { status, headers: all });
}

/** Thrown by handlers and middleware; app.onError turns it into the JSON error body. */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly extra: { fields?: Record<string, string>; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export function errorBody(code: string, message: string, fields?: Record<string, string>) {
  return fields ? { error: code, message, fields } : { error: code, message };
}

export function sendError(c: Context, e: ApiError): Response {
  return json(c, errorBody(e.code, e.message, e.extra.fields), e.status, e.extra.headers);
}

export const unauthorized = (code = 'unauthorized', message = 'A valid Bearer access token is required') =>
  new ApiError(401, code, message, { headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' } });

export const tooMany = (code: string, message: string, retryAfterS: number) =>
  new ApiError(429, code, message, { headers: { 'Retry-After': String(Math.max(1, retryAfterS)) } });
