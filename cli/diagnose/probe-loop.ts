// One kind of tracer request and how it is sent: a small undici pool whose connector times each
// socket's opening, and the phase marks of every request turned into one ProbeSample.
import { performance } from 'node:perf_hooks';
import { Pool, buildConnector } from 'undici';
import type { ProbeKind } from './types.js';
import { parseServerTiming } from './server-timing.js';
import { PROBE_HEADER, noteConnect, takeMarks } from './trace-marks.js';

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


/** Probes of one kind in flight at most; a tick that finds this many waiting is skipped (and counted). */
export const MAX_IN_FLIGHT = 64;

let sequence = 0;

/** One probe: its own small pool of connections. */
export class ProbeLoop {
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
          if (socket) noteConnect(socket, performance.now() - started);
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
    const m = takeMarks(id) ?? { created: started };
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
