// Merging shards: N recorders fed disjoint parts of known samples merge into the numbers one
// recorder fed every sample gives (to HDR precision), in any order; bad sets of files are refused.
import { describe, expect, it } from 'vitest';
import { mergeShards, type ShardFile } from '../../cli/results/merge.js';
import { Recorder, type EndpointInfo } from '../../cli/results/recorder.js';
import { HISTOGRAM_SETTINGS } from '../../cli/results/summarize.js';
import type { ErrorClass, RunResult } from '../../cli/results/types.js';
import { makeRun } from '../fixtures/make-run-result.js';

const ENDPOINTS: EndpointInfo[] = [
  { name: 'login', method: 'POST', path: '/login', timeoutMs: 400 },
  { name: 'me', method: 'GET', path: '/me', timeoutMs: 1000 },
];
const WINDOW_MS = 10_000;
const T0 = Date.parse('2026-01-01T12:00:00.000Z');

interface Sample { endpoint: number; startedAt: number; latencyMs: number | null; status: number | null; error: ErrorClass | null }

/** Deterministic samples: mostly fast, one in ten slow, a few timeouts, 5xx and refused connections. */
function samples(n: number): Sample[] {
  let seed = 12345;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  return Array.from({ length: n }, (_, k) => {
    const endpoint = k % 3 === 0 ? 0 : 1;
    const startedAt = (k / n) * WINDOW_MS;
    const r = rand();
    if (r < 0.01) return { endpoint, startedAt, latencyMs: ENDPOINTS[endpoint]!.timeoutMs, status: null, error: 'timeout' };
    if (r < 0.02) return { endpoint, startedAt, latencyMs: null, status: null, error: 'refused' };
    if (r < 0.05) return { endpoint, startedAt, latencyMs: 5 + rand() * 20, status: 503, error: 'http5xx' };
    const latencyMs = r < 0.15 ? 100 + rand() * 200 : 1 + rand() * 30;
    return { endpoint, startedAt, latencyMs, status: 200, error: null };
  });
}

function feed(recorder: Recorder, list: Sample[]): void {
  for (const s of list) {
    recorder.record(s.endpoint, s.startedAt, s.startedAt + (s.latencyMs ?? 0), s.latencyMs, s.status, s.error);
  }
}

function recorded(list: Sample[]): ReturnType<Recorder['results']> {
  const r = new Recorder(ENDPOINTS);
  r.setWindow(0, WINDOW_MS);
  feed(r, list);
  return r.results(WINDOW_MS);
}

function shardDoc(list: Sample[], index: number, count: number, extra: { startOffsetMs?: number; digest?: string } = {}): RunResult {
  const { overall, endpoints, timeline } = recorded(list);
  const windowStartedAt = new Date(T0 + (extra.startOffsetMs ?? 0)).toISOString();
  return makeRun(endpoints, {
    overall, timeline, measuredMs: WINDOW_MS,
    shard: {
      index, count, digest: extra.digest ?? 'a'.repeat(64), load: { model: 'closed', connections: 10 },
      histograms: HISTOGRAM_SETTINGS,
      clock: { startAt: null, loadStartedAt: windowStartedAt, windowStartedAt, lateMs: 0 },
    },
  });
}

function split(list: Sample[], n: number): ShardFile[] {
  return Array.from({ length: n }, (_, i) => ({
    file: `shard-${i}.json`, result: shardDoc(list.filter((_, k) => k % n === i), i, n),
  }));
}

function merged(files: ShardFile[]): RunResult {
  const out = mergeShards(files);
  if (!out.ok) throw new Error(out.problems.map((p) => `${p.file}: ${p.message}`).join('\n'));
  return out.result;
}

/** HDR with 3 significant digits: any value is within 0.1 % of the truth. */
const withinHdr = (actual: number, expected: number) => expect(Math.abs(actual - expected)).toBeLessThanOrEqual(expected * 0.001 + 0.001);

describe('merge of shards', () => {
  const all = samples(20_000);
  const single = recorded(all);

  it('gives the counts, classes, statuses, percentiles, rps and timeline of one recorder fed every sample', () => {
    for (const n of [2, 3, 7]) {
      const m = merged(split(all, n));
      expect(m.validity).toMatchObject({ valid: true, reasons: [] });
      expect(m.measuredMs).toBe(WINDOW_MS);
      for (const [got, want] of [[m.overall, single.overall], ...m.endpoints.map((e, i) => [e, single.endpoints[i]!])] as const) {
        expect(got.name).toBe(want.name);
        expect({ a: got.attempted, s: got.succeeded, e: got.errors, c: got.errorClasses, st: got.statuses, rps: got.rps })
          .toEqual({ a: want.attempted, s: want.succeeded, e: want.errors, c: want.errorClasses, st: want.statuses, rps: want.rps });
        expect(got.latency.count).toBe(want.latency.count);
        for (const k of ['p50', 'p75', 'p90', 'p95', 'p99', 'p99.9', 'max', 'mean'] as const) withinHdr(got.latency[k], want.latency[k]);
        expect(got.atLeast).toEqual(want.atLeast);
      }
      // Timeline intervals keep 2 significant digits: within 1 %.
      expect(m.timeline).toHaveLength(single.timeline.length);
      m.timeline.forEach((p, i) => {
        const want = single.timeline[i]!;
        expect([p.second, p.completed, p.errors]).toEqual([want.second, want.completed, want.errors]);
        for (const k of ['p50', 'p95', 'p99'] as const) expect(Math.abs(p[k] - want[k])).toBeLessThanOrEqual(want[k] * 0.01);
      });
    }
  });

  it('percentiles of the merge are within HDR precision of the raw samples', () => {
    const m = merged(split(all, 4));
    const sorted = all.filter((s) => s.latencyMs !== null).map((s) => s.latencyMs as number).sort((a, b) => a - b);
    const truth = (q: number) => sorted[Math.ceil((q / 100) * sorted.length) - 1] as number;
    withinHdr(m.overall.latency.p50, truth(50));
    withinHdr(m.overall.latency.p95, truth(95));
    withinHdr(m.overall.latency.p99, truth(99));
  });

  it('is the same document whatever order the files come in', () => {
    const files = split(all, 5);
    const a = merged(files);
    expect(merged([...files].reverse())).toEqual(a);
    expect(merged([files[2]!, files[0]!, files[4]!, files[1]!, files[3]!])).toEqual(a);
  });

  it('an invalid shard makes the merge invalid, with that shard\'s reasons', () => {
    const files = split(all, 2);
    files[1]!.result.validity = { valid: false, reasons: ['arrivals left up to 80 ms late'] };
    const m = merged(files);
    expect(m.validity.valid).toBe(false);
    expect(m.validity.reasons).toEqual(['shard 1/2 (shard-1.json): arrivals left up to 80 ms late']);
    expect(m.merged?.shards.map((s) => s.valid)).toEqual([true, false]);
  });

  it('connections that waited through the window on warm-up requests add up; the longest wait is kept', () => {
    const files = split(all, 2);
    files[0]!.result.validity = { valid: true, reasons: [], waitingFromWarmup: { connections: 3, of: 10, oldestMs: 5000 } };
    files[1]!.result.validity = { valid: true, reasons: [], waitingFromWarmup: { connections: 1, of: 10, oldestMs: 7000 } };
    expect(merged(files).validity.waitingFromWarmup).toEqual({ connections: 4, of: 20, oldestMs: 7000 });
    expect(merged(split(all, 2)).validity.waitingFromWarmup).toBeUndefined();
  });

  it('rates cover the union of the windows; the skew is reported, and a large one invalidates', () => {
    const files = [0, 1].map((i) => ({
      file: `s${i}.json`, result: shardDoc(all.filter((_, k) => k % 2 === i), i, 2, { startOffsetMs: i * 2000 }),
    }));
    const m = merged(files);
    expect(m.measuredMs).toBe(WINDOW_MS + 2000);
    expect(m.merged?.startSkewMs).toBe(2000);
    expect(m.overall.rps).toBeCloseTo((single.overall.rps * WINDOW_MS) / (WINDOW_MS + 2000), 1);
    // Shard 1's intervals moved two seconds later on the union's clock.
    expect(m.timeline).toHaveLength(12);
    expect(m.validity.valid).toBe(false);
    expect(m.validity.reasons.join()).toMatch(/began 2000 ms apart.*--start-at/);
  });
});

describe('merge refusals', () => {
  const all = samples(2000);
  const problems = (files: ShardFile[]) => {
    const out = mergeShards(files);
    return out.ok ? [] : out.problems.map((p) => `${p.file ?? '-'}: ${p.message}`);
  };

  it('a missing or duplicated index', () => {
    const files = split(all, 3);
    expect(problems([files[0]!, files[2]!])).toEqual(['-: shard 1/3 is missing: pass all 3 shard files of the run']);
    expect(problems([...files, { ...files[1]!, file: 'copy.json' }])).toEqual(['copy.json: is shard 1/3 again (also shard-1.json): pass each shard once']);
  });

  it('shards of another scenario or load, or of another count', () => {
    const files = split(all, 2);
    files[1] = { file: 'other.json', result: shardDoc(all, 1, 2, { digest: 'b'.repeat(64) }) };
    expect(problems(files)).toEqual([expect.stringMatching(/^other\.json: is a shard of another scenario or load .* than shard-0\.json/)]);
    const three = split(all, 3);
    expect(problems([split(all, 2)[0]!, three[1]!])[0]).toMatch(/^shard-1\.json: is shard 1\/3, but shard-0\.json is one of 2/);
  });

  it('histograms recorded with other settings', () => {
    const files = split(all, 2);
    files[1]!.result.shard!.histograms = { ...HISTOGRAM_SETTINGS, digits: 2 };
    expect(problems(files)[0]).toMatch(/^shard-1\.json: recorded its histograms with other settings \(2 digits/);
    const old = split(all, 2);
    delete old[0]!.result.timeline[0]!.histogram;
    expect(problems(old)).toEqual(['shard-0.json: timeline second 0 has no histogram (written by an older zimmer-bench): run the shard again']);
  });

  it('windows that do not overlap, and files that are not shards', () => {
    const late = [0, 1].map((i) => ({
      file: `s${i}.json`, result: shardDoc(all.filter((_, k) => k % 2 === i), i, 2, { startOffsetMs: i * 60_000 }),
    }));
    expect(problems(late)).toEqual([expect.stringMatching(/^s1\.json: measured from 2026-01-01T12:01:00\.000Z, after s0\.json had ended .*--start-at$/)]);
    const plain = makeRun([]);
    expect(problems([{ file: 'run.json', result: plain }])).toEqual([expect.stringMatching(/^run\.json: is not a shard result/)]);
  });
});
