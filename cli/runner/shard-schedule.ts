// The open model's arrivals of one shard: arrival j of shard I is arrival j·N + I of the whole
// schedule, so every shard keeps the whole schedule's ramps and the shards together send each
// arrival of the single run exactly once.
import type { ShardSpec } from '../plan/shard.js';
import type { ArrivalSchedule } from './open-schedule.js';

export type Schedule = Pick<ArrivalSchedule, 'totalMs' | 'windowStartMs' | 'dueAt' | 'expectedBetween'>;

export function shardSchedule(whole: ArrivalSchedule, shard: ShardSpec | undefined): Schedule {
  if (!shard || shard.count === 1) return whole;
  const { index, count } = shard;
  return {
    totalMs: whole.totalMs,
    windowStartMs: whole.windowStartMs,
    dueAt: (k: number) => whole.dueAt(k * count + index),
    // This shard's expected share: 1/N of the whole's, to within one arrival.
    expectedBetween: (fromMs: number, toMs: number) => whole.expectedBetween(fromMs, toMs) / count,
  };
}
