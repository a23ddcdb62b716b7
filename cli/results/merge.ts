// The shards of one run merged into the result@1 document a single run of the whole load would
// have written: histograms and counters added, rates over the union of the shards' windows, the run
// invalid when any shard was (with that shard's reasons). Pure: the same files in any order give
// the same document; it judges nothing (targets are evaluated on the merged whole afterwards).
import { mergeProblems, windowOf, type CheckedShard, type MergeProblem, type ShardFile } from './merge-checks.js';
import { mergeEndpoints, mergeOverall, mergeTimelines, sumRecords } from './merge-numbers.js';
import type { MergedStanza } from './shard-types.js';
import type { RunResult, RunValidity } from './types.js';

export type { MergeProblem, ShardFile } from './merge-checks.js';

export type MergeOutcome = { ok: true; result: RunResult } | { ok: false; problems: MergeProblem[] };

/**
 * Shards whose measured windows began further apart than this share of the window did not run the
 * planned load together: the merged numbers describe a lighter, longer load than the one asked for.
 */
export const MAX_START_SKEW_SHARE = 0.05;

export function mergeShards(files: readonly ShardFile[]): MergeOutcome {
  const problems = mergeProblems(files);
  if (problems.length > 0) return { ok: false, problems };
  // Checked above: every file is a shard, indexes 0..N-1 once each.
  const shards = (files as ShardFile[])
    .map((f) => ({ ...f, shard: f.result.shard! }) as CheckedShard)
    .sort((a, b) => a.shard.index - b.shard.index);
  return { ok: true, result: merge(shards) };
}

function merge(shards: CheckedShard[]): RunResult {
  const first = shards[0] as CheckedShard;
  const windows = shards.map(windowOf);
  const unionStart = Math.min(...windows.map((w) => w.start));
  const unionEnd = Math.max(...windows.map((w) => w.end));
  const windowMs = unionEnd - unionStart;
  const interval = first.shard.histograms.timelineIntervalMs;
  const endpoints = mergeEndpoints(shards.map((s) => s.result.endpoints), windowMs);
  const startSkewMs = Math.max(...windows.map((w) => w.start)) - unionStart;
  const results = shards.map((s) => s.result);
  const merged: MergedStanza = {
    count: first.shard.count,
    digest: first.shard.digest,
    startSkewMs,
    shards: shards.map((s) => ({
      index: s.shard.index, file: s.file, hostname: s.result.environment.hostname,
      windowStartedAt: s.shard.clock.windowStartedAt, lateMs: s.shard.clock.lateMs,
      measuredMs: s.result.measuredMs, attempted: s.result.overall.attempted,
      valid: s.result.validity.valid && !s.result.partial, reasons: [...s.result.validity.reasons],
    })),
  };
  const hostnames = [...new Set(results.map((r) => r.environment.hostname))];
  return {
    schema: first.result.schema,
    scenario: { ...first.result.scenario, load: first.shard.load },
    target: first.result.target,
    environment: {
      ...first.result.environment,
      hostname: hostnames.join(', '),
      engine: `${first.result.environment.engine}, ${shards.length} shard(s)`,
    },
    startedAt: earliest(results.map((r) => r.startedAt)),
    endedAt: latest(results.map((r) => r.endedAt)),
    measuredMs: Math.round(windowMs),
    warmupMs: first.result.warmupMs,
    partial: results.some((r) => r.partial),
    validity: mergeValidity(shards, startSkewMs, windowMs),
    setup: {
      users: results.reduce((n, r) => n + r.setup.users, 0),
      ready: results.reduce((n, r) => n + r.setup.ready, 0),
      failures: sumRecords(results.map((r) => r.setup.failures)),
    },
    overall: mergeOverall(results.map((r) => r.overall), endpoints, windowMs),
    endpoints,
    timeline: mergeTimelines(results.map((r) => r.timeline), windows.map((w) => Math.round((w.start - unionStart) / interval))),
    targets: first.result.targets,
    merged,
  };
}

function mergeValidity(shards: CheckedShard[], startSkewMs: number, windowMs: number): RunValidity {
  const reasons: string[] = [];
  for (const s of shards) {
    const name = `shard ${s.shard.index}/${s.shard.count} (${s.file})`;
    if (s.result.partial) reasons.push(`${name}: was interrupted, its numbers cover only part of the window`);
    for (const r of s.result.validity.reasons) reasons.push(`${name}: ${r}`);
  }
  if (startSkewMs > MAX_START_SKEW_SHARE * windowMs) {
    reasons.push(`the shards' measured windows began ${Math.round(startSkewMs)} ms apart (more than `
      + `${MAX_START_SKEW_SHARE * 100} % of the window): start them together with --start-at on synchronised clocks`);
  }
  const v = shards.map((s) => s.result.validity);
  const some = <T>(pick: (x: RunValidity) => T | undefined): T[] => v.map(pick).filter((x): x is T => x !== undefined);
  const lags = some((x) => x.scheduleLagMs);
  const asked = some((x) => x.askedRate);
  const achieved = some((x) => x.achievedRate);
  const dropped = some((x) => x.dropped);
  const loop = some((x) => x.generatorLoopDelayP99Ms);
  const waiting = some((x) => x.waitingFromWarmup);
  const total = (xs: number[]) => Math.round(xs.reduce((a, b) => a + b, 0) * 100) / 100;
  return {
    valid: reasons.length === 0,
    reasons,
    // Each shard's lag percentiles are its own: the worst shard's are an upper bound for the whole.
    ...(lags.length ? { scheduleLagMs: {
      p50: Math.max(...lags.map((l) => l.p50)), p99: Math.max(...lags.map((l) => l.p99)), max: Math.max(...lags.map((l) => l.max)),
    } } : {}),
    ...(asked.length ? { askedRate: total(asked) } : {}),
    ...(achieved.length ? { achievedRate: total(achieved) } : {}),
    ...(dropped.length ? { dropped: total(dropped) } : {}),
    ...(loop.length ? { generatorLoopDelayP99Ms: Math.max(...loop) } : {}),
    // Connections are the shards' own; how many waited, of all of them, and the longest wait.
    ...(waiting.length ? { waitingFromWarmup: {
      connections: total(waiting.map((w) => w.connections)),
      of: shards.reduce((n, s) => n + (s.result.validity.waitingFromWarmup?.of ?? connectionsOf(s.result)), 0),
      oldestMs: Math.max(...waiting.map((w) => w.oldestMs)),
    } } : {}),
  };
}

const earliest = (xs: string[]) => xs.reduce((a, b) => (Date.parse(b) < Date.parse(a) ? b : a));
const latest = (xs: string[]) => xs.reduce((a, b) => (Date.parse(b) > Date.parse(a) ? b : a));

/** A closed-model shard's connections (0 for the open model, which has none of its own). */
function connectionsOf(r: RunResult): number {
  return r.scenario.load.model === 'closed' ? r.scenario.load.connections : 0;
}
