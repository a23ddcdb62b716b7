// Instruments one autocannon client (= one virtual user on one connection) so that every outcome
// is attributed to the request that caused it. Relies on autocannon 9's client internals, checked
// by test/unit/runner-closed-attribution.test.ts:
// - at 'response', requestIterator.currentRequest is the request that just completed;
// - 'request' fires inside _doRequest BEFORE nextRequest(), so currentRequest is still the previous
//   request; a timeout reconnects (hence 'request') before emitting 'timeout';
// - setupRequest runs when the next request is chosen, before the timeout timer is re-armed, so the
//   client's timeout can be set per request there.
// Requests without templates have no setupRequest (autocannon then builds them once, not per send);
// so a new flow is detected from the flow number whenever the variables are next touched.
import type { Vars } from '../plan/template.js';
import type { ErrorClass } from '../results/types.js';
import type { CompiledRequest } from './compile-requests.js';
import { classifyError, classifyStatus, judgeBody } from './outcome.js';

/** One entry of autocannon's `requests[]`, tagged with what it is. */
export interface TaggedRequest {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
  zbIndex: number;
  /** Which flow of the cycle this request belongs to (a number per flow occurrence). */
  zbFlow: number;
  setupRequest?: (req: TaggedRequest, context: Vars) => unknown;
  onResponse?: (status: number, body: string, context: Vars) => void;
}

/** The parts of autocannon's client this module uses. */
export interface AutocannonClient {
  timeout: number;
  requestIterator: {
    requests: TaggedRequest[];
    currentRequest: TaggedRequest;
    initialContext: Vars;
    context: Vars;
    resetContext(): void;
    setRequests(r: TaggedRequest[]): void;
  };
  pipelinedRequests: { clear(): void };
  parser: Record<number, (...args: unknown[]) => unknown> & { constructor: { kOnHeadersComplete: number } };
  on(event: string, fn: (...args: never[]) => void): unknown;
  destroy(): void;
}

export type Finish = (index: number, startedAt: number, latencyMs: number | null,
  status: number | null, error: ErrorClass | null) => void;

export class ClientProbe {
  /** When the request now on the wire was sent (performance.now()), or null. */
  startedAt: number | null = null;
  /** Verdict of the body check made by onResponse, consumed by the 'response' event right after. */
  private verdict: ErrorClass | null = null;
  private orphan: { index: number; startedAt: number } | null = null;
  /** Flow whose variables the context holds. */
  private flow = -1;
  answers = 0;

  constructor(
    readonly client: AutocannonClient,
    private readonly compiled: CompiledRequest[],
    private readonly user: Vars,
    private readonly finish: Finish,
  ) {}

  /**
   * Rotates the request cycle by `offset`, binds rendering to this user, and listens.
   * `timeoutMs` is the timeout shared by every request, or null when they differ (then each
   * request sets its own as it is chosen).
   */
  install(offset: number, timeoutMs: number | null): void {
    const it = this.client.requestIterator;
    const reqs = it.requests.slice(offset).concat(it.requests.slice(0, offset));
    if (timeoutMs !== null) this.client.timeout = timeoutMs;
    for (const r of reqs) {
      const c = this.compiled[r.zbIndex] as CompiledRequest;
      if (r.setupRequest && c.perUser && timeoutMs !== null) {
        // Same bytes for this user every time: let autocannon build it once for this client.
        const fixed = c.render({ ...this.user });
        Object.assign(r, { path: fixed.path, headers: fixed.headers, body: fixed.body ?? '' });
        delete r.setupRequest;
      }
      if (r.setupRequest) r.setupRequest = (data, ctx) => this.render(data, ctx);
      if (r.onResponse) r.onResponse = (status, body, ctx) => this.judge(r.zbIndex, r.zbFlow, status, body, ctx);
    }
    // The client sets its parser callbacks after setupClient returns, and reads nothing before the
    // next I/O turn: wrap them once the constructor is done.
    if (reqs.some((r) => r.method === 'HEAD')) queueMicrotask(() => this.skipHeadBodies());
    it.initialContext = { ...this.user };
    it.resetContext();
    it.setRequests(reqs); // renders request 0 with this user's variables before it is sent
    this.client.on('request', () => this.onRequest());
    this.client.on('response', (status: number, _bytes: number, ms: number) => this.onResponse(status, ms));
    this.client.on('timeout', () => this.onTimeout());
    this.client.on('connError', (err: Error) => this.onConnError(err));
  }

  /**
   * autocannon's parser does not know which method it answers, so it would wait for the body a HEAD
   * response announces and never receive it: tell it, as node's own parser is told, to skip it.
   */
  private skipHeadBodies(): void {
    const parser = this.client.parser;
    const key = parser.constructor.kOnHeadersComplete;
    const onHeaders = parser[key];
    if (!onHeaders) return;
    parser[key] = (...args) => {
      onHeaders(...args);
      return this.client.requestIterator.currentRequest.method === 'HEAD';
    };
  }

  /** The variables of `flow`: a new flow starts from the user's own, dropping earlier captures. */
  private varsFor(flow: number, ctx: Vars): Vars {
    if (flow === this.flow) return ctx;
    this.flow = flow;
    return (this.client.requestIterator.context = { ...this.user });
  }

  private render(data: TaggedRequest, ctx: Vars): unknown {
    const c = this.compiled[data.zbIndex] as CompiledRequest;
    this.client.timeout = c.timeoutMs;
    const r = c.render(this.varsFor(data.zbFlow, ctx));
    return { ...data, method: r.method, path: r.path, headers: r.headers, body: r.body ?? '' };
  }

  private judge(index: number, flow: number, status: number, body: string, ctx: Vars): void {
    const c = this.compiled[index] as CompiledRequest;
    const v = judgeBody(c.spec, status, body);
    Object.assign(this.varsFor(flow, ctx), v.captured);
    this.verdict = v.error;
  }

  private onRequest(): void {
    const now = performance.now();
    if (this.startedAt !== null) {
      // The previous request got no answer: a timeout (confirmed synchronously by 'timeout') or
      // the server closed the connection (nothing follows: a reset).
      const o = { index: this.client.requestIterator.currentRequest.zbIndex, startedAt: this.startedAt };
      this.orphan = o;
      // On a closed connection autocannon reconnects without forgetting the unanswered request, so
      // the next answer would be matched to it: forget it here (a timeout has already done so).
      this.client.pipelinedRequests.clear();
      queueMicrotask(() => {
        if (this.orphan !== o) return;
        this.orphan = null;
        this.finish(o.index, o.startedAt, null, null, 'reset');
      });
    }
    this.startedAt = now;
  }

  private onResponse(status: number, durationMs: number): void {
    const c = this.compiled[this.client.requestIterator.currentRequest.zbIndex] as CompiledRequest;
    const error = c.needsBody ? this.verdict : classifyStatus(c.spec, status);
    this.verdict = null;
    const startedAt = this.startedAt ?? performance.now() - durationMs;
    this.startedAt = null;
    this.answers++;
    this.finish(c.index, startedAt, durationMs, status, error);
  }

  private onTimeout(): void {
    const o = this.orphan;
    if (!o) return;
    this.orphan = null;
    // Recorded as exactly its timeout, so percentiles can never improve because requests died.
    this.finish(o.index, o.startedAt, (this.compiled[o.index] as CompiledRequest).timeoutMs, null, 'timeout');
  }

  /** The run was stopped with a request unanswered: it was attempted, and is counted as `interrupted`. */
  interrupt(): void {
    if (this.startedAt === null) return;
    const startedAt = this.startedAt;
    this.startedAt = null;
    this.finish(this.client.requestIterator.currentRequest.zbIndex, startedAt, null, null, 'interrupted');
  }

  private onConnError(err: Error): void {
    if (this.startedAt === null) return;
    const startedAt = this.startedAt;
    this.startedAt = null;
    // autocannon reconnects after a socket error without emptying its queue of sent requests: left
    // there, the dead request would be matched to the next answer (its latency and its body).
    this.client.pipelinedRequests.clear();
    this.finish(this.client.requestIterator.currentRequest.zbIndex, startedAt, null, null, classifyError(err));
  }
}
