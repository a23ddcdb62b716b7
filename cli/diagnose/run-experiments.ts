// Runs the planned experiments through the runner, with tracer probes and /metrics scrapes around
// each, and hands back plain observations. The budget is a deadline: an experiment that cannot finish
// before it is skipped, one still running when it passes is cut short, and both are said in notes.
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { RunInvalidError } from '../core/errors.js';
import { formatSeconds } from '../core/format.js';
import { evaluate } from '../evaluate/evaluate.js';
import type { Scenario } from '../plan/types.js';
import type { Vars } from '../plan/template.js';
import type { RunResult } from '../results/types.js';
import { runScenario } from '../runner/run-scenario.js';
import { parseTargetUrl } from '../runner/target-url.js';
import { MetricsClient } from './metrics-client.js';
import { observeProbes, observeRun } from './observe.js';
import { DEFAULT_OVERHEAD_MS, budgetLeft, fitNext, planExperiments, resize, type ExperimentPlan, type PlannedExperiment } from './plan.js';
import { noteOf, type DiagnosisNote } from './reasons.js';
import { describeRequests, hasHealth, probeIdentity, probeSpecs, readCandidates } from './probes.js';
import { serverWindow, type Scrape } from './server-window.js';
import { Tracer, type ProbeSample } from './tracer.js';
import type { ExperimentObservation, Observations, NoiseWindow, ServerWindow, TargetInfo, UnrunExperiment } from './types.js';
import { serviceTime } from './signals.js';
import { isLocalHost, pidListeningOn } from './host-cpu.js';
import { NoiseMeter } from './noise.js';
import { LimitProber } from './limit-watch.js';
import { checkAgain } from './recheck.js';

export interface ExperimentRunOptions {
  base: Scenario;
  targetUrl: string;
  bundled: boolean;
  /** Read /metrics and Server-Timing when the target offers them (false: black box). */
  serverSignals: boolean;
  /** performance.now() by which every experiment must be over. */
  deadline: number;
  signal?: AbortSignal;
  /** One line per step, for a progress display. */
  onStep?: (text: string) => void;
}

export interface ExperimentRun {
  observations: Observations;
  plan: ExperimentPlan;
  notes: DiagnosisNote[];
  /** Some planned experiment did not run, or ran cut short. */
  partial: boolean;
}

/** Kept back from the budget for the idle probes and the last scrape. */
const RESERVE_MS = 1200;
const IDLE_ROUNDS = 25;
/** The re-check's share of the budget, within bounds (ms). */
const RECHECK_SHARE = 0.12;
const RECHECK_MIN_MS = 1500;
const RECHECK_MAX_MS = 5000;
const EMPTY: Scrape = { at: 0, samples: [] };

/** The machine running the load is busy with more than this many runnable tasks per core. */
const BUSY_LOAD_PER_CPU = 1.5;

function machineNote(): DiagnosisNote | null {
  const [load] = loadavg();
  const cores = cpus().length;
  return load !== undefined && load > BUSY_LOAD_PER_CPU * cores ? { kind: 'machine-load', load, cores } : null;
}

export async function runExperiments(o: ExperimentRunOptions): Promise<ExperimentRun> {
  const target = parseTargetUrl(o.targetUrl);
  const notes: DiagnosisNote[] = [];
  const busyBefore = machineNote();
  const metrics = o.serverSignals ? new MetricsClient(target) : null;
  const metricsOn = metrics !== null && (await metrics.available());
  // Time kept back to run the experiment behind a suspected cause once more before naming it.
  const recheckMs = Math.min(RECHECK_MAX_MS, Math.max(RECHECK_MIN_MS, RECHECK_SHARE * (o.deadline - performance.now())));
  const loopDeadline = o.deadline - recheckMs;
  const plan = planExperiments(o.base, Math.max(0, loopDeadline - performance.now() - RESERVE_MS));
  notes.push(...plan.notes);
  const info = targetInfo(o, target);
  if (info.local) {
    notes.push({ kind: 'target-local', pid: info.pid, serverSignals: o.serverSignals });
  }
  const experiments: ExperimentObservation[] = [];
  const unrun: UnrunExperiment[] = [];
  const limits = new LimitProber(o.base, target, info.local, o.signal);
  let tracer: Tracer | null = null;
  let idle: ProbeSample[] = [];
  let idleNoise: NoiseWindow | null = null;
  let partial = false;
  const overheads: number[] = [];
  let recheck: Observations['recheck'] = null;
  const usedTiming = () => o.serverSignals && (metricsOn || idle.some((s) => Object.keys(s.spans).length > 0));
  const sampleIdle = async (t: Tracer) => {
    const meter = new NoiseMeter(info.pid);
    idle = await t.sample(IDLE_ROUNDS);
    idleNoise = meter.stop().noise;
  };
  try {
    for (let i = 0; i < plan.experiments.length; i++) {
      const next = plan.experiments[i] as PlannedExperiment;
      if (o.signal?.aborted) { partial = true; break; }
      if (next.kind !== 'alone' && tracer === null) {
        // Probes start once service times are known: the cheapest authenticated read is the probe.
        const started = await startProbes(o, target, experiments, notes);
        tracer = started.tracer;
        limits.vars = started.vars;
        if (tracer) await sampleIdle(tracer);
      }
      // The worst overhead seen so far: a run behind a serializing fault drains slowly, and the
      // experiments still to come (the mix above all) must not pay for an optimistic guess.
      const overheadMs = Math.max(DEFAULT_OVERHEAD_MS, ...overheads);
      const left = loopDeadline - performance.now();
      const fitted = fitNext(plan.experiments.slice(i), left, overheadMs);
      if (fitted === null) {
        notes.push({ kind: 'skipped', experiment: next.id, leftMs: Math.max(0, left) });
        unrun.push(unrunOf(next, 'skipped', budgetLeft(left), null));
        partial = true;
        continue;
      }
      const planned = resize(next, fitted);
      o.onStep?.(`${planned.id} (${planned.connections} connection${planned.connections === 1 ? '' : 's'}, ${formatSeconds(planned.durationMs)})`);
      const started = performance.now();
      const observed = await runOne(planned, o, planned.probes ? tracer : null, metricsOn ? metrics : null, info.pid);
      overheads.push(Math.max(200, performance.now() - started - planned.durationMs));
      if ('failed' in observed) {
        notes.push(noteOf(`${planned.id} could not run: ${observed.failed}`));
        unrun.push({ ...unrunOf(planned, 'failed', observed.failed, setupStatus(observed.failed)), server: observed.server });
        await limits.afterFailedSetup(planned, setupStatus(observed.failed), o.deadline);
      } else if (observed.measuredMs === 0 || observed.overall.attempted === 0) {
        // Cut before its window began: nothing was measured, and 0 req/s would read as a result.
        partial = true;
        unrun.push(unrunOf(planned, 'skipped', 'the budget ran out before its window began', null));
      } else {
        experiments.push(observed);
        if (observed.partial) { partial = true; notes.push(noteOf(`${planned.id} was cut short (budget or Ctrl-C)`)); }
        await limits.after(observed, o.deadline);
      }
    }
    if (tracer === null && !o.signal?.aborted) {
      tracer = (await startProbes(o, target, experiments, notes)).tracer;
      if (tracer) await sampleIdle(tracer);
    }
    recheck = await checkAgain(observations(), plan, {
      rerun: async (p) => {
        const again = await runOne(p, o, p.probes ? tracer : null, metricsOn ? metrics : null, info.pid);
        if ('failed' in again || again.overall.attempted === 0) return false;
        experiments.splice(experiments.findIndex((e) => e.id === again.id), 1, again);
        return true;
      },
      resampleIdle: async () => { if (tracer) await sampleIdle(tracer); return tracer !== null; },
      timeLeft: () => (o.signal?.aborted ? 0 : o.deadline - performance.now()),
      overheadMs: Math.max(DEFAULT_OVERHEAD_MS, ...overheads),
      onStep: o.onStep,
    }, observations);
  } finally {
    await tracer?.close();
    await metrics?.close();
  }
  const busy = busyBefore ?? machineNote();
  if (busy) notes.push(busy);
  if (!o.serverSignals) notes.push(noteOf('server signals ignored (--no-server-signals): client-side evidence only'));
  else if (!usedTiming()) notes.push(noteOf('the target exposes no /metrics and no Server-Timing: client-side evidence only'));
  return { observations: observations(), plan, notes, partial };

  function observations(): Observations {
    return {
      mode: usedTiming() ? 'server+client' : 'client-only',
      target: info,
      requests: describeRequests(o.base),
      flows: plan.flows,
      idleProbes: observeProbes(strip(idle, o.serverSignals)),
      idleNoise,
      experiments,
      unrun,
      rejections: limits.rejections,
      recovery: limits.recovery,
      connectionProbe: limits.connectionProbe,
      recheck,
    };
  }
}

async function startProbes(
  o: ExperimentRunOptions, target: ReturnType<typeof parseTargetUrl>, done: ExperimentObservation[], notes: DiagnosisNote[],
): Promise<{ tracer: Tracer | null; vars: Vars | null }> {
  const health = await hasHealth(target);
  if (!health) notes.push(noteOf('GET /health does not answer 2xx: a blocked event loop and a held pool cannot be told apart'));
  const observed = { experiments: done };
  const reads = readCandidates(o.base).sort((a, b) => (serviceTime(observed, a) ?? Infinity) - (serviceTime(observed, b) ?? Infinity));
  const vars = reads.length > 0 ? await probeIdentity(o.base, target, o.signal) : null;
  if (reads.length > 0 && !vars) notes.push(noteOf('the scenario\'s setup failed for the probe user: no authenticated probes'));
  const specs = probeSpecs(o.base, target, health, reads[0], vars);
  return { tracer: specs.length === 0 ? null : new Tracer({ url: target.origin, probes: specs, intervalMs: 20, timeoutMs: 5000 }), vars };
}

async function runOne(
  planned: PlannedExperiment, o: ExperimentRunOptions, tracer: Tracer | null, metrics: MetricsClient | null, pid: number | null,
): Promise<ExperimentObservation | { failed: string; server: ServerWindow | null }> {
  const began = performance.now();
  const controller = new AbortController();
  const onAbort = () => controller.abort();
  o.signal?.addEventListener('abort', onAbort, { once: true });
  const timer = setTimeout(() => controller.abort(), Math.max(0, o.deadline - performance.now()));
  const before = metrics ? await metrics.scrape() : EMPTY;
  const during: Array<Promise<Scrape>> = [];
  let loadStart: number | null = null;
  let meter: NoiseMeter | null = null;
  tracer?.start();
  let result: RunResult;
  try {
    result = await runScenario(planned.scenario, {
      targetUrl: o.targetUrl,
      bundled: o.bundled,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.phase === 'setup') return;
        loadStart ??= performance.now() - p.elapsedMs;
        // Noise and the target's CPU over the load itself (not the setup logins).
        meter ??= new NoiseMeter(pid);
        if (metrics && p.phase === 'measure') during.push(metrics.scrape());
      },
    });
  } catch (err) {
    if (err instanceof RunInvalidError) {
      await tracer?.stop();
      // What the server was doing when its setup failed (a pool held, a queue): evidence too.
      return { failed: err.message, server: metrics ? serverWindow(before, [], await metrics.scrape()) : null };
    }
    throw err;
  } finally {
    clearTimeout(timer);
    o.signal?.removeEventListener('abort', onAbort);
  }
  const measured = (meter as NoiseMeter | null)?.stop() ?? null;
  // Answers still due get a second at most (never past the deadline): their wait so far is kept.
  const samples = tracer ? await tracer.stop(Math.max(0, Math.min(1000, o.deadline - performance.now()))) : [];
  const after = metrics ? await metrics.scrape() : EMPTY;
  // Probes sent while users logged in (setup) or while the last answers drained say nothing about
  // the load: keep those sent while it ran.
  const from = loadStart === null ? Number.NEGATIVE_INFINITY : loadStart;
  const until = loadStart === null ? Number.POSITIVE_INFINITY : loadStart + planned.durationMs;
  const run = observeRun(result, (name) => planned.scenario.requests[name]?.expect.status ?? []);
  return {
    id: planned.id,
    kind: planned.kind,
    flow: planned.flow,
    connections: planned.connections,
    measuredMs: result.measuredMs,
    tookMs: Math.round(performance.now() - began),
    partial: result.partial,
    valid: result.validity.valid,
    ...run,
    probes: observeProbes(strip(samples.filter((s) => s.at >= from && s.at <= until), o.serverSignals)),
    server: metrics ? serverWindow(before, await Promise.all(during), after) : null,
    targetsMissed: planned.kind === 'mix' ? missed(result) : [],
    noise: measured?.noise ?? null,
    serverCpu: measured?.serverCpu ?? null,
    generatorReasons: result.validity.valid ? [] : result.validity.reasons,
  };
}

function targetInfo(o: ExperimentRunOptions, target: ReturnType<typeof parseTargetUrl>): TargetInfo {
  const local = isLocalHost(target.hostname);
  return { url: target.href, bundled: o.bundled, local, pid: local ? pidListeningOn(target.port) : null };
}

function unrunOf(p: PlannedExperiment, status: UnrunExperiment['status'], reason: string, httpStatus: number | null): UnrunExperiment {
  return { id: p.id, kind: p.kind, flow: p.flow, connections: p.connections, status, reason, httpStatus, server: null };
}

/** The status a failed setup was answered with ("setup step login failed for all 2 users: 503 ..."). */
function setupStatus(message: string): number | null {
  const m = /failed for all \d+ users: (\d{3})\b/.exec(message);
  return m ? Number(m[1]) : null;
}

function missed(result: RunResult): string[] {
  if (result.targets.length === 0 || result.measuredMs === 0) return [];
  return evaluate(result).outcomes.filter((x) => !x.pass).map((x) => `${x.target.endpoint ?? 'overall'} ${x.target.source}`);
}

/** Black-box mode: drop Server-Timing so that nothing server-side reaches the rules. */
function strip(samples: ProbeSample[], keep: boolean): ProbeSample[] {
  return keep ? samples : samples.map((s) => ({ ...s, spans: {} }));
}
