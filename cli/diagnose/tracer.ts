// Tracer requests sent while a load runs, each timed by phase from undici's diagnostics channels:
// queued (waiting for a socket), connect, time to first byte, body. While a load runs they leave on a
// fixed schedule, whatever the answers: a probe that waited for its previous answer would send
// nothing while the server is stalled and under-report the stall (coordinated omission).
import diagnosticsChannel from 'node:diagnostics_channel';
import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { Pool, buildConnector } from 'undici';
import type { ProbeKind } from './types.js';
import { parseServerTiming } from './server-timing.js';

export interface ProbeSpec {
  probe: ProbeKind;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface ProbeSample {
  probe: ProbeKind;
  path: string;
  /** performance.now() when the request was created. */
  at: number;
  totalMs: number;
  queuedMs: number;
  connectMs: number;
  ttfbMs: number;
  bodyMs: number;
  status: number | null;
  error: string | null;
  spans: Record<string, number>;
}

interface Marks {
  created: number;
  sent?: number;
  /** Time spent opening the socket this request was the first to use. */
  connectMs?: number;
  headers?: number;
  done?: number;
}

/** Our requests carry this header so the (global) channels can tell them from other undici traffic. */
const PROBE_HEADER = 'x-zimmer-probe';
const marks = new Map<string, Marks>();
const connectTimes = new WeakMap<object, number>();
let subscribers = 0;

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

function subscribe(): void {
  if (subscribers++ === 0) for (const [name, fn] of handlers) diagnosticsChannel.subscribe(name, fn);
}

function unsubscribe(): void {
  if (--subscribers === 0) for (const [name, fn] of handlers) diagnosticsChannel.unsubscribe(name, fn);
}

let sequence = 0;

/** One probe: its own small pool of connections. */
class ProbeLoop {
  private readonly pool: Pool;
  inFlight = 0;

  constructor(origin: string, readonly spec: ProbeSpec, private readonly basePath: string, timeoutMs: number) {
    const connector = buildConnector({});
    this.pool = new Pool(origin, {
      connections: MAX_IN_FLIGHT,
      pipelining: 1,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      connect: (options, callback) => {
        const started = performance.now();
        connector(options, (err, socket) => {
          if (socket) connectTimes.set(socket, performance.now() - started);
          callback(err as Error, socket as never);
        });
      },
    });
  }

  async once(): Promise<ProbeSample> {
    const id = `${process.pid}-${++sequence}`;
    let status: number | null = null;
    let error: string | null = null;
    let spans: Record<string, number> = {};
    const started = performance.now();
    this.inFlight++;
    try {
      const res = await this.pool.request({
        method: this.spec.method,
        path: this.basePath + this.spec.path,
        headers: { ...this.spec.headers, [PROBE_HEADER]: id },
        ...(this.spec.body !== undefined ? { body: this.spec.body } : {}),
      });
      status = res.statusCode;
      spans = parseServerTiming(res.headers['server-timing']);
      await res.body.dump();
    } catch (err) {
      error = (err as { code?: string }).code ?? (err as Error).message;
    } finally {
      this.inFlight--;
    }
    const ended = performance.now();
    const m = marks.get(id) ?? { created: started };
    marks.delete(id);
    const sent = m.sent ?? ended;
    const headers = m.headers ?? ended;
    const connectMs = m.connectMs ?? 0;
    return {
      probe: this.spec.probe,
      path: this.spec.path,
      at: m.created,
      totalMs: ended - m.created,
      queuedMs: Math.max(0, sent - m.created - connectMs),
      connectMs,
      ttfbMs: headers - sent,
      bodyMs: Math.max(0, ended - headers),
      status,
      error,
      spans,
    };
  }

  /** Closes the connections, aborting any request still waiting. */
  close(): Promise<void> {
    return this.pool.destroy().catch(() => undefined);
  }
}

/** Probes of one kind in flight at most; a tick that finds this many waiting is skipped (and counted). */
const MAX_IN_FLIGHT = 64;

export interface TracerOptions {
  /** Base URL of the target (may carry a base path). */
  url: string;
  probes: ProbeSpec[];
  /** While a load runs, one request of each probe leaves every `intervalMs` (default 10). */
  intervalMs?: number;
  timeoutMs?: number;
}

/** Sends the probes in the background until stopped; `stop()` resolves with every sample taken. */
export class Tracer {
  private readonly loops: ProbeLoop[];
  private running = false;
  private tasks: Array<Promise<void>> = [];
  private taken: ProbeSample[] = [];

  constructor(private readonly options: TracerOptions) {
    const url = new URL(options.url);
    const basePath = url.pathname.replace(/\/$/, '');
    this.loops = options.probes.map((p) => new ProbeLoop(url.origin, p, basePath, options.timeoutMs ?? 5000));
    subscribe();
  }

  /** `rounds` requests of every probe, back to back, with nothing else running (the idle baseline). */
  async sample(rounds: number): Promise<ProbeSample[]> {
    const out: ProbeSample[] = [];
    for (let i = 0; i < rounds; i++) for (const loop of this.loops) out.push(await loop.once());
    return out;
  }

  /** Probes skipped because MAX_IN_FLIGHT of their kind were still waiting (the server stalled). */
  skipped = 0;
  /** Probes sent and not answered yet: kind, path and when each left. */
  private readonly waiting = new Set<{ probe: ProbeKind; path: string; at: number }>();

  start(): void {
    if (this.running) return;
    this.running = true;
    const interval = this.options.intervalMs ?? 10;
    this.tasks = this.loops.map(async (loop, i) => {
      // Staggered so that the kinds do not all leave at the same instant.
      let due = performance.now() + (interval * i) / this.loops.length;
      while (this.running) {
        const wait = due - performance.now();
        if (wait > 0) await sleep(wait);
        if (!this.running) break;
        due += interval;
        if (loop.inFlight >= MAX_IN_FLIGHT) { this.skipped++; continue; }
        const ticket = { probe: loop.spec.probe, path: loop.spec.path, at: performance.now() };
        this.waiting.add(ticket);
        void loop.once().then((sample) => {
          if (this.waiting.delete(ticket)) this.taken.push(sample);
        });
      }
    });
  }

  /**
   * Stops sending; waits up to `graceMs` for the answers still due, then returns every sample since
   * `start()`. A probe still unanswered by then is returned as a lower bound (its wait so far, error
   * `unanswered`): dropping it would hide exactly the longest stalls.
   */
  async stop(graceMs = 1000): Promise<ProbeSample[]> {
    this.running = false;
    await Promise.all(this.tasks);
    this.tasks = [];
    const until = performance.now() + graceMs;
    while (this.waiting.size > 0 && performance.now() < until) await sleep(10);
    const now = performance.now();
    for (const t of this.waiting) {
      this.taken.push({
        probe: t.probe, path: t.path, at: t.at, totalMs: now - t.at, queuedMs: 0, connectMs: 0, ttfbMs: now - t.at,
        bodyMs: 0, status: null, error: 'unanswered', spans: {},
      });
    }
    this.waiting.clear();
    return this.taken.splice(0);
  }

  async close(): Promise<void> {
    this.running = false;
    await Promise.all(this.tasks);
    await Promise.all(this.loops.map((l) => l.close()));
    unsubscribe();
  }
}
