// A request body read straight from node's IncomingMessage when the server is on a socket.
// Reaching for `c.req.raw.body` makes @hono/node-server build a WHATWG Request, an AbortSignal and
// a web stream over the socket for every POST; reading the body through them cost a sign-in
// about 0.2 ms of the event loop (perf, the login storm), where the bytes are already in node's
// buffers. The direct read is only taken for a body whose size the body limit has already
// checked from its Content-Length (markSized), so it never buffers more than the limit; any other
// request, and every app.request() caller, reads through Hono as before.
import type { Context } from 'hono';
import type { AppEnv } from './env.js';

/** The part of node's IncomingMessage the direct read uses. */
export interface NodeBody extends AsyncIterable<Buffer> {
  headers: Record<string, string | string[] | undefined>;
  readonly readableDidRead: boolean;
}

const sized = new WeakSet<object>();
const read = new WeakMap<object, Promise<string>>();
// Request.text() decodes as UTF-8 with a leading byte-order mark dropped; this does the same.
const utf8 = new TextDecoder();

const nodeBody = (c: Context<AppEnv>): NodeBody | undefined => {
  const incoming = (c.env as AppEnv['Bindings'] | undefined)?.incoming as Partial<NodeBody> | undefined;
  return incoming && typeof incoming[Symbol.asyncIterator] === 'function' ? (incoming as NodeBody) : undefined;
};

/**
 * Node's request, when on a socket with a Content-Length and no Transfer-Encoding: the size the
 * body limit can judge without reading a byte. Undefined otherwise (read through Hono).
 */
export function declaredBody(c: Context<AppEnv>): { body: NodeBody; length: number } | undefined {
  const body = nodeBody(c);
  if (!body || body.headers['transfer-encoding'] !== undefined) return undefined;
  const declared = body.headers['content-length'];
  if (typeof declared !== 'string' || !/^\d+$/.test(declared)) return undefined;
  return { body, length: Number(declared) };
}

/** The body limit judged this request's declared length: its body may be read directly. */
export function markSized(body: NodeBody): void {
  sized.add(body);
}

async function collect(body: NodeBody): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(chunk);
  return utf8.decode(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks));
}

/** The request body as text, read once: directly from node when the limit allowed it, else through Hono. */
export function bodyText(c: Context<AppEnv>): Promise<string> {
  const body = nodeBody(c);
  if (!body || !sized.has(body)) return c.req.text();
  let text = read.get(body);
  if (!text) {
    // Hono may have read it first (a caller of c.req.text() before this one): its copy is the body.
    text = body.readableDidRead ? c.req.text() : collect(body);
    read.set(body, text);
  }
  return text;
}
