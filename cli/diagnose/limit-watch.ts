// Watches each experiment for a limit met (fast 429/503 answers, refused or reset connections, setup
// requests shed) and, the first time, sends the limit probes (limit-probes.ts) to see what limits and
// how. Each probe runs once per diagnosis and never past the deadline.
import { performance } from 'node:perf_hooks';
import type { Scenario } from '../plan/types.js';
import type { Vars } from '../plan/template.js';
import { compileRequests, type CompiledRequest, type RenderedRequest } from '../runner/compile-requests.js';
import type { TargetUrl } from '../runner/target-url.js';
import { expandUsers } from '../runner/users.js';
import { probeConnections, sampleRejections, traceRecovery } from './limit-probes.js';
import type { PlannedExperiment } from './plan.js';
import type { ConnectionProbe, EndpointObservation, ExperimentObservation, RecoveryTrace, RejectionSample } from './types.js';

/** Share of an endpoint's answers that were 429/503 from which the limit probes are worth their time. */
export const REJECTING_SHARE = 0.2;
/** Share (or count) of refused/reset connections from which the connection probe runs. */
export const DROPPING_SHARE = 0.01;
const DROPPING_MIN = 3;
/** A later experiment rejecting this much more than the traced one is traced again (once). */
const RETRACE_MORE = 0.3;
/** Answered through any protection (the recovery trace's own test). */
const okStatus = (status: number) => status > 0 && status < 500 && status !== 429;
/** The probes need this much time before the deadline. */
const PROBE_ROOM_MS = 4000;

export const rejectingShare = (e: EndpointObservation): number => (e.attempted > 0 ? (e.status429 + e.status503) / e.attempted : 0);
export const droppedConnections = (e: EndpointObservation): boolean =>
  e.attempted > 0 && e.refused + e.reset >= Math.max(DROPPING_MIN, DROPPING_SHARE * e.attempted);

export class LimitProber {
  rejections: RejectionSample | null = null;
  recovery: RecoveryTrace | null = null;
  connectionProbe: ConnectionProbe | null = null;
  /** The probe user's variables (its token) once known; user 1's plain variables until then. */
  vars: Vars | null = null;
  private readonly compiled: CompiledRequest[];
  /** Rejecting share of the experiment the recovery trace followed, and how many times it was taken again. */
  private tracedShare = 0;
  private retraces = 0;

  constructor(private readonly base: Scenario, private readonly target: TargetUrl, private readonly local: boolean, private readonly signal?: AbortSignal) {
    this.compiled = compileRequests(base, target.basePath);
  }

  private request(name: string): (() => RenderedRequest) | null {
    const c = this.compiled.find((x) => x.name === name);
    if (!c) return null;
    const vars = this.vars ?? expandUsers(this.base, 1)[0] ?? {};
    return () => c.render({ ...vars });
  }

  private room(deadline: number): boolean {
    return !this.signal?.aborted && deadline - performance.now() >= PROBE_ROOM_MS;
  }

  async after(exp: ExperimentObservation, deadline: number): Promise<void> {
    const ended = performance.now();
    const rejecting = [...exp.endpoints].filter((e) => rejectingShare(e) >= REJECTING_SHARE).sort((a, b) => rejectingShare(b) - rejectingShare(a))[0];
    if (rejecting && this.recovery === null && this.room(deadline)) {
      await this.probeRejections(rejecting.name, exp.connections, ended, deadline);
      this.tracedShare = rejectingShare(rejecting);
    } else if (rejecting && this.recovery !== null && this.retraces < 1 && this.recovery.steps[0] !== undefined && okStatus(this.recovery.steps[0].status)
      && rejectingShare(rejecting) >= this.tracedShare + RETRACE_MORE && this.room(deadline)) {
      // The first trace followed a light failure and was served at once; a much heavier one later
      // may be a state (a breaker tripped by it) that the first could not see: trace once more.
      const request = this.request(rejecting.name);
      if (request) {
        this.retraces++;
        this.recovery = await traceRecovery(this.target, rejecting.name, request, ended, deadline - 1500);
        this.tracedShare = rejectingShare(rejecting);
      }
    }
    const dropping = exp.endpoints.find(droppedConnections);
    if (dropping && this.connectionProbe === null && this.room(deadline) && this.target.protocol === 'http:') {
      const path = this.request(dropping.name)?.().path ?? dropping.path;
      this.connectionProbe = await probeConnections(this.target, path, Math.min(64, 2 * exp.connections + 4), deadline - 1000, this.local);
    }
  }

  /** The setup of an experiment failed: when its first step was shed (429/503), probe that step. */
  async afterFailedSetup(planned: PlannedExperiment, httpStatus: number | null, deadline: number): Promise<void> {
    const step = this.base.setup[0];
    if (!step || (httpStatus !== 429 && httpStatus !== 503) || this.recovery !== null || !this.room(deadline)) return;
    await this.probeRejections(step, planned.connections, performance.now(), deadline);
  }

  private async probeRejections(name: string, connections: number, ended: number, deadline: number): Promise<void> {
    const request = this.request(name);
    if (!request) return;
    this.recovery = await traceRecovery(this.target, name, request, ended, deadline - 1500);
    if (!this.room(deadline - 500)) return;
    const n = Math.min(32, Math.max(8, 2 * connections));
    this.rejections = await sampleRejections(this.target, name, request, n);
    // None turned away: the burst fit in what the limiter allows at once (a rate limiter's burst,
    // a shedder's slots); a larger one shows who rejects.
    if (this.rejections.rejected.length === 0 && this.room(deadline - 500)) this.rejections = await sampleRejections(this.target, name, request, Math.min(64, 4 * n));
  }
}
