// One of N disjoint slices of a run (`--shard I/N`), as pure functions of the resolved scenario:
// - open model: arrival k of the whole schedule goes to shard k mod N, so the shards' arrivals
//   together are exactly the single run's schedule, ramps included;
// - closed model: the connections are split so they add up to the total, as evenly as possible;
// - virtual users: user u belongs to shard u mod N, so no two shards share a user.
import { createHash } from 'node:crypto';
import { UsageError } from '../core/errors.js';
import { parseDuration } from './units.js';
import type { LoadSpec, Scenario } from './types.js';

export interface ShardSpec {
  /** 0 .. count-1 (Kubernetes' JOB_COMPLETION_INDEX counts from 0). */
  index: number;
  count: number;
}

/** Most shards of one run: far beyond any real fleet, low enough to keep a merge bounded. */
export const MAX_SHARDS = 1000;
/** Furthest ahead --start-at may be: a start time further out is almost always a typo. */
export const MAX_START_AHEAD_MS = 60 * 60_000;

/** `2/4` -> { index: 2, count: 4 }; throws an Error saying what a valid value looks like. */
export function parseShard(text: string): ShardSpec {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || !(count >= 1) || count > MAX_SHARDS) {
    throw new Error(`"${text}" is not I/N with N from 1 to ${MAX_SHARDS}: write e.g. --shard 0/4 for the first of four`);
  }
  if (index >= count) throw new Error(`"${text}": the index counts from 0 to ${count - 1}, e.g. --shard ${count - 1}/${count}`);
  return { index, count };
}

/**
 * `--start-at`: an ISO time (`2026-01-01T12:00:00Z`) or `+30s` from now. Returns epoch ms. A time
 * already past or more than an hour ahead is refused: either would leave the shards apart.
 */
export function parseStartAt(text: string, now: number): number {
  const t = text.trim();
  const at = t.startsWith('+') ? now + parseDuration(t.slice(1)) : Date.parse(t);
  if (!Number.isFinite(at) || (!t.startsWith('+') && !/^\d{4}-\d\d-\d\dT/.test(t))) {
    throw new Error(`"${text}" is neither an ISO time such as 2026-01-01T12:00:00Z nor a delay such as +30s`);
  }
  if (at <= now) throw new Error(`"${text}" is already past (now ${new Date(now).toISOString()}): give a time after setup will be done, e.g. +30s`);
  if (at - now > MAX_START_AHEAD_MS) throw new Error(`"${text}" is more than an hour ahead: give a time closer to now`);
  return at;
}

/** This shard's share of `total` things split as evenly as possible (the first ones get one more). */
export function shareOf(total: number, shard: ShardSpec): number {
  return Math.floor(total / shard.count) + (shard.index < total % shard.count ? 1 : 0);
}

/** The load this shard runs. Throws a UsageError when N shards cannot each get a part of it. */
export function shardLoad(load: LoadSpec, shard: ShardSpec): LoadSpec {
  if (load.model === 'closed') {
    if (load.connections < shard.count) {
      throw new UsageError(`--shard ${shard.index}/${shard.count}: ${load.connections} connection(s) cannot be split over `
        + `${shard.count} shards: use at most ${load.connections} shards, or more connections`);
    }
    return { ...load, connections: shareOf(load.connections, shard) };
  }
  // Bounds of the generator, not of the load: each shard gets its share, at least one.
  return {
    ...load,
    maxConnections: Math.max(1, Math.ceil(load.maxConnections / shard.count)),
    maxInFlight: Math.max(1, Math.ceil(load.maxInFlight / shard.count)),
  };
}

/** The identities of this shard: user u (counting from 0) belongs to shard u mod N. */
export function shardUsers<T>(users: readonly T[], shard: ShardSpec): T[] {
  return users.filter((_, u) => u % shard.count === shard.index);
}

/** Refuses a split that would leave a shard without a user of its own. */
export function checkShardUsers(defined: number, shard: ShardSpec): void {
  if (defined < shard.count) {
    throw new UsageError(`--shard ${shard.index}/${shard.count}: the scenario defines ${defined} user(s), fewer than `
      + `${shard.count} shards, and two shards must never share a user: add users or run fewer shards`);
  }
}

/**
 * sha256 of the resolved scenario with its whole load, keys sorted: shards of one run share it.
 * Where the file lies and which URL was measured are left out, so machines can differ in both.
 */
export function scenarioDigest(s: Scenario): string {
  const { file: _file, target: _target, ...plan } = s;
  return createHash('sha256').update(canonicalJson(plan)).digest('hex');
}

/** JSON with object keys sorted at every level (a few lines; no library needed for this). */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
