// The phase marks of tracer requests, taken from undici's diagnostics channels: created, headers
// sent, response headers, end. The channels are process-wide (the runner's undici traffic passes
// through them too), so tracer requests carry a header naming them and only those are marked.
import diagnosticsChannel from 'node:diagnostics_channel';
import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';

export interface Marks {
  created: number;
  sent?: number;
  /** Time spent opening the socket this request was the first to use. */
  connectMs?: number;
  headers?: number;
  done?: number;
}

export const PROBE_HEADER = 'x-zimmer-probe';
const marks = new Map<string, Marks>();
const connectTimes = new WeakMap<object, number>();
let subscribers = 0;

/** Remembers how long opening `socket` took, for the first request sent on it. */
export function noteConnect(socket: object, ms: number): void {
  connectTimes.set(socket, ms);
}

/** The marks of request `id` (removed: each is read once). */
export function takeMarks(id: string): Marks | undefined {
  const m = marks.get(id);
  marks.delete(id);
  return m;
}

function idOf(request: { headers?: unknown }): string | undefined {
  const headers = request.headers;
  if (!Array.isArray(headers)) return undefined;
  for (let i = 0; i + 1 < headers.length; i += 2) {
    if (String(headers[i]).toLowerCase() === PROBE_HEADER) return String(headers[i + 1]);
  }
  return undefined;
}

const handlers: Array<[string, (message: unknown) => void]> = [
  ['undici:request:create', (m) => { const id = idOf((m as { request: object }).request); if (id) marks.set(id, { created: performance.now() }); }],
  ['undici:client:sendHeaders', (m) => {
    mark(m, 'sent');
    // A fresh socket's connect time belongs to the first request sent on it.
    const { request, socket } = m as { request: object; socket: Socket };
    const id = idOf(request);
    const took = connectTimes.get(socket);
    if (id && took !== undefined) {
      connectTimes.delete(socket);
      const entry = marks.get(id);
      if (entry) entry.connectMs = took;
    }
  }],
  ['undici:request:headers', (m) => mark(m, 'headers')],
  ['undici:request:trailers', (m) => mark(m, 'done')],
  ['undici:request:error', (m) => mark(m, 'done')],
];

function mark(message: unknown, key: 'sent' | 'headers' | 'done'): void {
  const id = idOf((message as { request: object }).request);
  const m = id ? marks.get(id) : undefined;
  if (m && m[key] === undefined) m[key] = performance.now();
}

/** Counted: marks are taken while at least one tracer is open. */
export function subscribe(): void {
  if (subscribers++ === 0) for (const [name, fn] of handlers) diagnosticsChannel.subscribe(name, fn);
}

export function unsubscribe(): void {
  if (--subscribers === 0) for (const [name, fn] of handlers) diagnosticsChannel.unsubscribe(name, fn);
}
