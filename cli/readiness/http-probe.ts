// One HTTP exchange at a time (or a burst of them), recorded as a plain HttpObservation: status,
// headers, body (decoded when compressed), sizes on and off the wire, time taken, or why no answer.
// undici's request() never decompresses on its own, so what the server sent is what is measured.
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import { Agent, request } from 'undici';
import { joinPath, type TargetUrl } from '../runner/target-url.js';
import type { HttpObservation } from './types.js';

/** Bodies beyond this are cut: enough for any JSON answer of the contract, bounded for a hostile one. */
const KEEP_BODY_BYTES = 64 * 1024;

export interface ProbeRequest {
  method: string;
  path: string;
  headers?: Record<string, string>;
  /** An object is sent as JSON; a string is sent as is, labelled JSON (to send malformed JSON). */
  body?: unknown;
  timeoutMs?: number;
}

export interface Prober {
  send(r: ProbeRequest): Promise<HttpObservation>;
  close(): Promise<void>;
}

export interface ProberOptions {
  timeoutMs: number;
  /** Connections per origin (a burst needs one per request in flight). */
  connections?: number;
  /**
   * performance.now() after which nothing more is sent: a server that never answers must not
   * stretch a few dozen probe calls into minutes. Calls near it get only the time left.
   */
  deadline?: number;
}

export const BUDGET_SPENT = 'not sent: the probes\' time budget was spent';

export function createProber(target: TargetUrl, options: ProberOptions): Prober {
  const agent = new Agent({ connections: options.connections ?? 8, pipelining: 1 });
  const deadline = options.deadline ?? Number.POSITIVE_INFINITY;
  return {
    send: (r) => {
      const left = deadline - performance.now();
      if (left <= 0) {
        return Promise.resolve({ method: r.method, path: r.path, status: null, headers: {}, body: '', wireBytes: 0, bodyBytes: 0, ms: 0, error: BUDGET_SPENT });
      }
      return sendOne(agent, target, r, Math.min(r.timeoutMs ?? options.timeoutMs, Math.ceil(left)));
    },
    close: () => agent.close(),
  };
}

async function sendOne(agent: Agent, target: TargetUrl, r: ProbeRequest, timeoutMsAsked: number): Promise<HttpObservation> {
  // AbortSignal.timeout() and undici's timeouts take whole milliseconds only.
  const timeoutMs = Math.max(1, Math.ceil(timeoutMsAsked));
  const path = joinPath(target.basePath, r.path);
  const headers: Record<string, string> = { ...r.headers };
  let body: string | undefined;
  if (r.body !== undefined) {
    body = typeof r.body === 'string' ? r.body : JSON.stringify(r.body);
    headers['content-type'] ??= 'application/json';
  }
  const base = { method: r.method, path: r.path };
  const t0 = performance.now();
  try {
    const res = await request(new URL(path, target.origin), {
      dispatcher: agent,
      method: r.method as 'GET',
      headers,
      body,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const raw = Buffer.from(await res.body.arrayBuffer());
    const ms = performance.now() - t0;
    const h = flatHeaders(res.headers);
    const decoded = decode(raw, h['content-encoding']);
    return {
      ...base,
      status: res.statusCode,
      headers: h,
      body: decoded.subarray(0, KEEP_BODY_BYTES).toString('utf8'),
      wireBytes: raw.length,
      bodyBytes: decoded.length,
      ms,
    };
  } catch (err) {
    return { ...base, status: null, headers: {}, body: '', wireBytes: 0, bodyBytes: 0, ms: performance.now() - t0, error: errorName(err) };
  }
}

function flatHeaders(h: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

/** The body as the client would read it; a body that does not decode is kept raw (the check then fails on it). */
function decode(raw: Buffer, encoding: string | undefined): Buffer {
  try {
    switch (encoding?.trim().toLowerCase()) {
      case 'gzip': case 'x-gzip': return gunzipSync(raw);
      case 'deflate': return inflateSync(raw);
      case 'br': return brotliDecompressSync(raw);
      default: return raw;
    }
  } catch {
    return raw;
  }
}

function errorName(err: unknown): string {
  const e = err as { name?: string; code?: string; cause?: { code?: string } };
  if (e.name === 'TimeoutError' || e.name === 'AbortError' || e.code === 'UND_ERR_HEADERS_TIMEOUT' || e.code === 'UND_ERR_BODY_TIMEOUT') {
    return 'timeout';
  }
  return e.code ?? e.cause?.code ?? e.name ?? 'error';
}

/** The body parsed as JSON, or undefined when it is not JSON. */
export function jsonOf(o: HttpObservation): unknown {
  try {
    return JSON.parse(o.body) as unknown;
  } catch {
    return undefined;
  }
}
