// One request of the open model in flight through undici, with a deadline instead of a timer: the
// model sweeps all in-flight requests every few milliseconds and times out those past due.
import type { Dispatcher } from 'undici';
import type { Vars } from '../plan/template.js';
import type { ErrorClass } from '../results/types.js';
import type { CompiledRequest } from './compile-requests.js';
import { classifyError, classifyStatus, judgeBody } from './outcome.js';

export interface FlightEnd {
  /** Latency in ms (exactly the timeout for a timeout), null for connection errors. */
  latencyMs: number | null;
  status: number | null;
  error: ErrorClass | null;
}

export class Flight implements Dispatcher.DispatchHandler {
  readonly deadline: number;
  private controller: Dispatcher.DispatchController | null = null;
  private status = 0;
  private body = '';
  private settled = false;

  /**
   * @param base when latency is counted from: the intended send time for a flow's first request
   *   (so the generator's own lateness is never hidden), the previous answer for later ones.
   */
  constructor(
    readonly req: CompiledRequest,
    readonly base: number,
    private readonly vars: Vars,
    private readonly onEnd: (f: Flight, end: FlightEnd) => void,
  ) {
    this.deadline = base + req.timeoutMs;
  }

  get done(): boolean { return this.settled; }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    // A request that timed out while still queued in the pool is never sent.
    if (this.settled) controller.abort(new Error('timed out before it was sent'));
    else this.controller = controller;
  }

  onResponseStart(_c: Dispatcher.DispatchController, statusCode: number): void {
    this.status = statusCode;
  }

  onResponseData(_c: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.req.needsBody) this.body += chunk.toString('utf8');
  }

  onResponseEnd(): void {
    const now = performance.now();
    if (now >= this.deadline) return this.timeout();
    let error: ErrorClass | null;
    if (this.req.needsBody) {
      const v = judgeBody(this.req.spec, this.status, this.body);
      Object.assign(this.vars, v.captured);
      error = v.error;
    } else {
      error = classifyStatus(this.req.spec, this.status);
    }
    this.settle({ latencyMs: now - this.base, status: this.status, error });
  }

  onResponseError(_c: Dispatcher.DispatchController, err: Error): void {
    if (performance.now() >= this.deadline) return this.timeout();
    this.settle({ latencyMs: null, status: null, error: classifyError(err) });
  }

  /** Called by the sweep once the deadline has passed: recorded as exactly the timeout. */
  timeout(): void {
    if (this.settled) return;
    this.settle({ latencyMs: this.req.timeoutMs, status: null, error: 'timeout' });
    this.controller?.abort(new Error('timeout'));
  }

  /** The run was stopped (Ctrl-C) with this request unanswered: attempted, counted as `interrupted`. */
  interrupt(): void {
    if (this.settled) return;
    this.settle({ latencyMs: null, status: null, error: 'interrupted' });
    this.controller?.abort(new Error('run stopped'));
  }

  /** Forget the request without an outcome (the run ended with nothing left to wait for). */
  cancel(): void {
    this.settled = true;
    this.controller?.abort(new Error('run stopped'));
  }

  private settle(end: FlightEnd): void {
    if (this.settled) return;
    this.settled = true;
    this.onEnd(this, end);
  }
}
