// What a shard changes in a run: its slice of the load, its own users, and the `shard` stanza
// (digest of the whole plan, the whole load, histogram settings, its clock) the merge needs.
import { checkShardUsers, scenarioDigest, shardLoad, shardUsers, type ShardSpec } from '../plan/shard.js';
import type { Scenario } from '../plan/types.js';
import type { ShardStanza } from '../results/shard-types.js';
import { HISTOGRAM_SETTINGS } from '../results/summarize.js';
import { userCount } from './users.js';

/** The scenario this shard runs (its share of the load); `whole` unchanged without a shard. */
export function shardScenario(whole: Scenario, shard: ShardSpec | undefined): Scenario {
  if (!shard) return whole;
  const defined = userCount(whole.users, whole.file);
  if (Number.isFinite(defined)) checkShardUsers(defined, shard);
  return { ...whole, load: shardLoad(whole.load, shard) };
}

/** This shard's identities among those the whole run would log in (user u to shard u mod N). */
export function identitiesOf<T>(everyone: T[], shard: ShardSpec | undefined): T[] {
  return shard ? shardUsers(everyone, shard) : everyone;
}

/** When the load was asked to begin (epoch ms, or null) and when it did. */
export interface ShardClockTimes { plannedStart: number | null; loadStartedAt: number }

export function shardStanza(whole: Scenario, shard: ShardSpec, clock: ShardClockTimes): ShardStanza {
  const iso = (ms: number) => new Date(ms).toISOString();
  return {
    index: shard.index,
    count: shard.count,
    digest: scenarioDigest(whole),
    load: whole.load,
    histograms: HISTOGRAM_SETTINGS,
    clock: {
      startAt: clock.plannedStart === null ? null : iso(clock.plannedStart),
      loadStartedAt: iso(clock.loadStartedAt),
      windowStartedAt: iso(clock.loadStartedAt + whole.load.warmupMs),
      lateMs: clock.plannedStart === null ? 0 : clock.loadStartedAt - clock.plannedStart,
    },
  };
}
