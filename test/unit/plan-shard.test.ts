// Splitting a run into shards: flags, shares that add up, users never shared, and an open-model
// schedule whose shards together are exactly the single run's arrivals.
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../cli/core/errors.js';
import { childArgs } from '../../cli/commands/local-shards.js';
import { parseRunOptions } from '../../cli/commands/run-options.js';
import { parseShard, parseStartAt, scenarioDigest, shardLoad, shardUsers, shareOf, checkShardUsers } from '../../cli/plan/shard.js';
import type { OpenLoad } from '../../cli/plan/types.js';
import { ArrivalSchedule } from '../../cli/runner/open-schedule.js';
import { shardSchedule } from '../../cli/runner/shard-schedule.js';
import { closed, request, scenario } from './runner-fixtures.js';

describe('--shard and --start-at', () => {
  it('reads I/N counting from 0, and says what is wrong otherwise', () => {
    expect(parseShard('0/1')).toEqual({ index: 0, count: 1 });
    expect(parseShard(' 3 / 4 ')).toEqual({ index: 3, count: 4 });
    expect(() => parseShard('4/4')).toThrow(/counts from 0 to 3, e.g. --shard 3\/4/);
    expect(() => parseShard('1/0')).toThrow(/not I\/N with N from 1/);
    expect(() => parseShard('one/two')).toThrow(/not I\/N/);
  });

  it('reads an ISO time or a delay, refusing one already past or over an hour ahead', () => {
    const now = Date.parse('2026-01-01T12:00:00Z');
    expect(parseStartAt('+30s', now)).toBe(now + 30_000);
    expect(parseStartAt('2026-01-01T12:05:00Z', now)).toBe(now + 300_000);
    expect(() => parseStartAt('2026-01-01T11:59:00Z', now)).toThrow(/already past/);
    expect(() => parseStartAt('+2h', now)).toThrow(/more than an hour ahead/);
    expect(() => parseStartAt('noon', now)).toThrow(/neither an ISO time/);
    expect(() => parseStartAt('+soon', now)).toThrow(/invalid duration/);
  });

  it('refuses --shard with --shards or --junit, all problems in one message', () => {
    expect(() => parseRunOptions({ out: 'r', shard: '0/2', shards: '2', junit: 'j.xml' }))
      .toThrow(/--shard and --shards cannot be used together.*; --junit: a shard judges nothing; pass --junit to `zimmer-bench merge`/);
    expect(parseRunOptions({ out: 'r', shards: '3', startAt: '+10s' })).toMatchObject({ shards: 3, startAt: expect.any(Number) });
    expect(() => parseRunOptions({ out: 'r', shards: '0' })).toThrow(/--shards: "0" is not a whole number of shards from 1/);
  });
});

describe('shares of the load and of the users', () => {
  it('connections add up to the total, as evenly as possible', () => {
    for (const [total, n] of [[10, 3], [7, 7], [100, 8], [5, 2]] as const) {
      const shares = Array.from({ length: n }, (_, index) => shareOf(total, { index, count: n }));
      expect(shares.reduce((a, b) => a + b, 0)).toBe(total);
      expect(Math.max(...shares) - Math.min(...shares)).toBeLessThanOrEqual(1);
    }
    const load = closed(10, 1000);
    expect(shardLoad(load, { index: 0, count: 3 })).toMatchObject({ connections: 4 });
    expect(shardLoad(load, { index: 2, count: 3 })).toMatchObject({ connections: 3 });
    expect(() => shardLoad(closed(2, 1000), { index: 0, count: 3 })).toThrow(UsageError);
  });

  it('users are partitioned: every user in exactly one shard', () => {
    const users = Array.from({ length: 11 }, (_, u) => `user${u}`);
    const parts = [0, 1, 2].map((index) => shardUsers(users, { index, count: 3 }));
    expect(parts.flat().sort()).toEqual([...users].sort());
    expect(new Set(parts.flat()).size).toBe(users.length);
    expect(() => checkShardUsers(1, { index: 0, count: 2 })).toThrow(/two shards must never share a user/);
  });

  it('the shards\' arrivals together are exactly the single run\'s schedule, ramps included', () => {
    const load: OpenLoad = {
      model: 'open', warmupMs: 500, maxConnections: 10, maxInFlight: 100,
      stages: [{ durationMs: 1000, rate: 20, to: 200 }, { durationMs: 1000, rate: 200, to: 200 }, { durationMs: 500, rate: 200, to: 0 }],
    };
    const dues = (s: { dueAt(k: number): number | null }) => {
      const out: number[] = [];
      for (let k = 0; ; k++) {
        const d = s.dueAt(k);
        if (d === null) return out;
        out.push(d);
      }
    };
    const whole = new ArrivalSchedule(load);
    const single = dues(whole);
    expect(single.length).toBeGreaterThan(300);
    for (const n of [2, 3, 5]) {
      const shards = Array.from({ length: n }, (_, index) => dues(shardSchedule(whole, { index, count: n })));
      expect(shards.flat().sort((a, b) => a - b)).toEqual(single);
      const asked = shards.map((_, index) => shardSchedule(whole, { index, count: n }).expectedBetween(500, 3000));
      expect(asked.reduce((a, b) => a + b, 0)).toBeCloseTo(whole.expectedBetween(500, 3000), 6);
    }
  });
});

describe('shard digest and local child processes', () => {
  it('the digest follows the plan and its load, not where the file lies or which URL is measured', () => {
    const s = scenario([request('a', '/a')], [{ weight: 1, run: ['a'] }], closed(4, 1000));
    expect(scenarioDigest({ ...s, file: '/elsewhere/x.yaml', target: 'http://127.0.0.1:9' })).toBe(scenarioDigest(s));
    expect(scenarioDigest({ ...s, load: closed(5, 1000) })).not.toBe(scenarioDigest(s));
    expect(scenarioDigest({ ...s, name: 'other' })).not.toBe(scenarioDigest(s));
  });

  it('children get the parent\'s command without the flags they get their own value of', () => {
    expect(childArgs(['run', 'x.yaml', '--shards', '2', '--rate=50', '--out', 'r', '--json', '--target=http://a', '--start-at', '+5s'],
      ['--shard', '0/2'])).toEqual(['run', 'x.yaml', '--rate=50', '--shard', '0/2']);
  });
});
