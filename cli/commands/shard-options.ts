// --shard, --shards and --start-at, shared by every run-style command: how one run is split over
// processes or machines. Checked with the other run options, every problem reported together.
import type { Command } from 'commander';
import { MAX_SHARDS, parseShard, parseStartAt, type ShardSpec } from '../plan/shard.js';

export interface RawShardOptions {
  shard?: string;
  shards?: string;
  startAt?: string;
  junit?: string;
}

export interface ShardOptions {
  /** `--shard I/N`: run one slice of the load, judge nothing (exit 0 valid, 3 invalid). */
  shard?: ShardSpec;
  /** `--shards N`: N local generator processes, merged into one verdict. */
  shards?: number;
  /** `--start-at`: begin the load at this instant (epoch ms), once setup is done. */
  startAt?: number;
}

export function addShardOptions(cmd: Command): Command {
  return cmd
    .option('--shard <I/N>', 'run the I-th of N slices of the load (I from 0) and judge nothing; see `merge`')
    .option('--shards <n>', 'run the load as N generator processes on this machine, merged into one verdict')
    .option('--start-at <time>', 'begin the load at this ISO time, or after a delay such as +30s (same instant on every shard)');
}

/** The shard options; each bad value or conflict is added to `problems`. */
export function parseShardOptions(raw: RawShardOptions, problems: string[], now = Date.now()): ShardOptions {
  const out: ShardOptions = {};
  const check = <T>(flag: string, value: string | undefined, parse: (v: string) => T, set: (v: T) => void) => {
    if (value === undefined) return;
    try {
      set(parse(value));
    } catch (err) {
      problems.push(`${flag}: ${err instanceof Error ? err.message : String(err)}`);
    }
  };
  check('--shard', raw.shard, parseShard, (v) => { out.shard = v; });
  check('--shards', raw.shards, shardCount, (v) => { out.shards = v; });
  check('--start-at', raw.startAt, (v) => parseStartAt(v, now), (v) => { out.startAt = v; });
  if (raw.shard !== undefined && raw.shards !== undefined) {
    problems.push('--shard and --shards cannot be used together: --shard I/N runs one slice (on each machine), '
      + '--shards N runs all N slices on this machine');
  }
  if (raw.shard !== undefined && raw.junit !== undefined) {
    problems.push('--junit: a shard judges nothing; pass --junit to `zimmer-bench merge` instead');
  }
  return out;
}

function shardCount(text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || n < 1 || n > MAX_SHARDS) {
    throw new Error(`"${text}" is not a whole number of shards from 1 to ${MAX_SHARDS}, e.g. --shards 4`);
  }
  return n;
}
