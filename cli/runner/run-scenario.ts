// Runs a validated scenario against a target and returns what was measured, as plain data.
// Order: preflight probe -> per-user setup -> warm-up -> measured window -> drain.
// Never prints, never exits: failures are thrown as core errors, Ctrl-C resolves a partial result.
import type { Scenario } from '../plan/types.js';
import { loadDurationMs } from '../plan/overrides.js';
import { RunInvalidError } from '../core/errors.js';
import { Recorder, type RecordObserver } from '../results/recorder.js';
import { collectEnvironment } from '../results/environment.js';
import { RESULT_SCHEMA, type RunResult, type RunValidity } from '../results/types.js';
import { compileRequests, type CompiledRequest } from './compile-requests.js';
import { PROGRESS_INTERVAL_MS, type DriverContext, type DriverOutcome, type Progress } from './driver.js';
import { checkConnections } from './machine-limits.js';
import { modelOf } from './models/index.js';
import { probeTarget } from './preflight.js';
import { setupUsers } from './setup-users.js';
import { parseTargetUrl, type TargetUrl } from './target-url.js';
import { expandUsers } from './users.js';
import type { ShardSpec } from '../plan/shard.js';
import { identitiesOf, shardScenario, shardStanza, type ShardClockTimes } from './shard-run.js';

export type { Progress } from './driver.js';

export interface RunOptions {
  targetUrl: string;
  /** The target is the reference server started for this run. */
  bundled: boolean;
  /** Abort (Ctrl-C) stops at once; the result then covers what ran and is marked partial. */
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
  /** This run is one slice of a sharded run: its share of the load and users, and a `shard` stanza. */
  shard?: ShardSpec;
  /**
   * Resolves when the load may begin, once setup is done, with the planned start (epoch ms) or
   * null: how shards begin their warm-up and measured window at the same instant.
   */
  startGate?: (signal?: AbortSignal) => Promise<number | null>;
  /** Told of every outcome of the measured window as it is counted (a live metrics export). */
  observer?: RecordObserver;
}

export async function runScenario(whole: Scenario, o: RunOptions): Promise<RunResult> {
  // A shard runs its slice of the load; `whole` stays the plan the shards share (and digest).
  const s = shardScenario(whole, o.shard);
  const target = parseTargetUrl(o.targetUrl);
  checkConnections(s);
  await probeTarget(target, o.signal);
  const startedAt = new Date();
  const compiled = compileRequests(s, target.basePath);
  const recorder = new Recorder(compiled.map((c) => ({
    name: c.name, method: c.spec.method, path: c.spec.path, timeoutMs: c.timeoutMs,
  })), o.observer);

  const model = modelOf(s.load);
  // A shard picks its own users among those of the whole run, so no two shards share one.
  const identities = identitiesOf(expandUsers(whole, modelOf(whole.load).identities(whole.load)), o.shard);
  const setupStart = performance.now();
  const setupProgress = () => o.onProgress?.({
    phase: 'setup', elapsedMs: Math.round(performance.now() - setupStart), totalMs: totalMs(s),
    completed: 0, errors: 0, currentRps: 0,
  });
  setupProgress();
  // Logging many users in can take a while (a password hash each): keep the progress line alive.
  const setupTimer = o.onProgress ? setInterval(setupProgress, PROGRESS_INTERVAL_MS) : null;
  const setup = await setupUsers(s, target, compiled, identities, o.signal)
    .finally(() => { if (setupTimer) clearInterval(setupTimer); });
  const setupSummary = { users: identities.length, ready: setup.ready.length, failures: setup.failures };

  let outcome: DriverOutcome;
  const clock: ShardClockTimes = { plannedStart: null, loadStartedAt: Date.now() };
  if (!o.signal?.aborted && setup.ready.length > 0 && o.startGate) clock.plannedStart = await o.startGate(o.signal);
  if (o.signal?.aborted) {
    outcome = { measuredMs: 0, partial: true, validity: { valid: true, reasons: [] } };
  } else if (setup.ready.length === 0) {
    throw new RunInvalidError(noUserReadyMessage(setup.firstFailure, identities.length), [
      'no virtual user completed the setup steps',
    ]);
  } else {
    const ctx: DriverContext = {
      scenario: s, target, compiled, users: setup.ready, recorder, signal: o.signal, onProgress: o.onProgress,
      ...(o.shard ? { shard: o.shard } : {}),
    };
    clock.loadStartedAt = Date.now();
    outcome = await model.run(ctx, s.load);
  }
  const result = assemble({ scenario: s, options: o, target, compiled, recorder, outcome, setup: setupSummary, startedAt });
  return o.shard ? { ...result, shard: shardStanza(whole, o.shard, clock) } : result;
}

function totalMs(s: Scenario): number {
  return s.load.warmupMs + loadDurationMs(s.load);
}

function noUserReadyMessage(first: { step: string; user: string; answer: string } | null, users: number): string {
  if (!first) return `setup failed for all ${users} users before any step answered`;
  return `setup step ${first.step} failed for all ${users} users: ${first.answer} `
    + `(first: user ${first.user}); check the users' credentials and the setup requests`;
}

/** Everything a finished run hands over to become its RunResult. */
interface Finished {
  scenario: Scenario;
  options: RunOptions;
  target: TargetUrl;
  compiled: CompiledRequest[];
  recorder: Recorder;
  outcome: DriverOutcome;
  setup: RunResult['setup'];
  startedAt: Date;
}

function assemble(f: Finished): RunResult {
  const { scenario: s, outcome, compiled } = f;
  const { overall, endpoints, timeline } = f.recorder.results(outcome.measuredMs);
  const validity: RunValidity = { ...outcome.validity, reasons: [...outcome.validity.reasons] };
  return {
    schema: RESULT_SCHEMA,
    scenario: { name: s.name, description: s.description, file: s.file, model: s.load.model, load: s.load },
    target: { url: f.target.href, bundled: f.options.bundled },
    environment: collectEnvironment(modelOf(s.load).engine()),
    startedAt: f.startedAt.toISOString(),
    endedAt: new Date().toISOString(),
    measuredMs: Math.round(outcome.measuredMs),
    warmupMs: s.load.warmupMs,
    partial: outcome.partial,
    validity,
    setup: f.setup,
    overall,
    endpoints: endpoints.filter((e, i) => e.attempted > 0 || usedInMix(s, compiled[i]?.name)),
    timeline,
    targets: s.targets,
  };
}

function usedInMix(s: Scenario, name: string | undefined): boolean {
  return name !== undefined && s.mix.some((f) => f.run.includes(name));
}
