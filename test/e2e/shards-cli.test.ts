// Sharded runs end to end on loopback: `--shards 2` against one process at the same total rate, an
// invalid shard making the merge invalid, and each refusal of `merge` exiting 2 with its file.
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupAfterEach, readOutputs, runCli, startServer, writeScenario, type TestServer } from './cli-harness.js';

const { defer, out } = cleanupAfterEach();

const json = JSON.stringify({ ok: true });

/** One answer in ten is held 100 ms by a timer (the server's own latency), the rest answered at once. */
async function mixedServer(owned?: TestServer[]): Promise<TestServer> {
  let n = 0;
  const server = await startServer((_req, res) => {
    const slow = n++ % 10 === 9;
    if (slow) setTimeout(() => res.end(json), 100);
    else res.end(json);
  });
  if (owned) owned.push(server);
  else defer(() => server.close());
  return server;
}

const SCENARIO = `name: mixed
requests:
  tick: { method: GET, path: /tick }
load:
  model: open
  warmup: 300ms
  stages: [{ duration: 1s, rate: 40, to: 80 }, { duration: 1s, rate: 80 }]
targets:
  overall: ["p95 < 5s", "p50 < 90ms", "error_rate < 1%"]
`;
/** The same load, with room for only 3 requests in flight: a stalled target makes a shard drop arrivals. */
const TIGHT = SCENARIO.replace('targets:', '  max_in_flight: 3\ntargets:');

async function shardFiles(dir: string): Promise<string[]> {
  const sub = (await readdir(dir)).find((n) => n.startsWith('shards-'));
  if (!sub) throw new Error(`no shards folder in ${dir}`);
  return (await readdir(join(dir, sub))).filter((n) => n.endsWith('.json')).sort().map((n) => join(dir, sub, n));
}

const readJson = async (file: string) => JSON.parse(await readFile(file, 'utf8')) as Record<string, any>;

describe('sharded runs', () => {
  it('--shards 2 and one process at the same total rate: same verdict, same arrivals, true percentiles', async () => {
    const server = await mixedServer();
    const dir = await out();
    const file = await writeScenario(dir, 'mixed.yaml', SCENARIO);
    const single = await runCli(['run', file, '--target', server.url, '--out', join(dir, 'single'), '--quiet'], { killAfterMs: 60_000 });
    const sharded = await runCli(['run', file, '--target', server.url, '--out', join(dir, 'sharded'), '--shards', '2', '--quiet'], { killAfterMs: 60_000 });
    expect([0, 3], single.stderr).toContain(single.code);
    expect([0, 3], sharded.stderr).toContain(sharded.code);
    const a = (await readOutputs(join(dir, 'single'))).json;
    const b = (await readOutputs(join(dir, 'sharded'))).json;
    // Validity depends on this machine's load; the targets' judgement must not depend on sharding.
    expect(b.evaluation.outcomes.map((o: any) => o.pass)).toEqual(a.evaluation.outcomes.map((o: any) => o.pass));
    if (a.validity.valid && b.validity.valid) expect(sharded.code).toBe(single.code);
    // Arrivals are counted by their intended time: the union of the shards is the single schedule.
    expect(b.overall.attempted).toBe(a.overall.attempted);
    const shards = (await Promise.all((await shardFiles(join(dir, 'sharded'))).map(readJson)))
      .sort((x, y) => x.shard.index - y.shard.index);
    expect(shards.map((s) => s.shard.index)).toEqual([0, 1]);
    expect(shards[0].overall.attempted + shards[1].overall.attempted).toBe(b.overall.attempted);
    expect(b.merged.count).toBe(2);
    for (const r of [a, b]) {
      // One in ten held 100 ms: p95 and p99 are held answers, p50 an immediate one.
      expect(r.overall.latency.p50).toBeLessThan(100);
      expect(r.overall.latency.p95).toBeGreaterThanOrEqual(99.9);
      expect(r.overall.latency.p99).toBeGreaterThanOrEqual(99.9);
      expect(r.overall.latency.p99).toBeLessThan(r.overall.latency.max + 0.001);
    }
  });

});

describe('merge of real shard files', () => {
  let dir = '';
  let file = '';
  let fast: TestServer;
  let s0 = '';
  let s1 = '';
  const servers: TestServer[] = [];

  beforeAll(async () => {
    fast = await mixedServer(servers);
    // Every answer held 200 ms: with max_in_flight 3 (2 per shard) shard 1 must drop arrivals.
    const stuck = await startServer((_req, res) => { setTimeout(() => res.end(json), 200); });
    servers.push(stuck);
    dir = await mkdtemp(join(tmpdir(), 'zimmer-shards-'));
    file = await writeScenario(dir, 'tight.yaml', TIGHT);
    // A delay from each CLI's own start (an absolute instant may pass while a busy machine starts
    // them): the windows overlap, and the merge is invalid anyway because shard 1 drops arrivals.
    const startAt = '+3s';
    const runs = await Promise.all([
      runCli(['run', file, '--target', fast.url, '--out', dir, '--shard', '0/2', '--start-at', startAt, '--quiet'], { killAfterMs: 60_000 }),
      runCli(['run', file, '--target', stuck.url, '--out', dir, '--shard', '1/2', '--start-at', startAt, '--quiet'], { killAfterMs: 60_000 }),
    ]);
    expect(runs[0]!.stdout, runs[0]!.stderr + String(runs[0]!.code)).toMatch(/shard 0\/2: nothing judged here/);
    expect(runs[1]!.code, runs[1]!.stderr).toBe(3);
    // Ordered by shard, not by name: each CLI stamps its file with its own start time, and the two
    // may start on either side of a second.
    const shardOf = (n: string) => Number(/-shard(\d+)of\d+\.json$/.exec(n)?.[1] ?? Number.NaN);
    [s0, s1] = (await readdir(dir)).filter((n) => n.endsWith('.json')).sort((x, y) => shardOf(x) - shardOf(y)).map((n) => join(dir, n)) as [string, string];
    expect(s0).toMatch(/-shard0of2\.json$/);
  }, 90_000);
  afterAll(async () => {
    for (const s of servers) await s.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const refused = async (files: string[], pattern: RegExp) => {
    const r = await runCli(['merge', ...files, '--out', join(dir, 'refused')]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(pattern);
  };
  /** The one result file a run wrote into `sub`. */
  const runShard = async (sub: string, args: string[]) => {
    const r = await runCli(['run', file, '--target', fast.url, '--out', join(dir, sub), '--quiet', ...args], { killAfterMs: 60_000 });
    expect([0, 3], r.stderr).toContain(r.code);
    return join(dir, sub, (await readdir(join(dir, sub))).find((n) => n.endsWith('.json')) as string);
  };

  it('an invalid shard makes the merge invalid, with its reasons', async () => {
    const merged = await runCli(['merge', s0, s1, '--out', join(dir, 'merged')]);
    expect(merged.code, merged.stderr).toBe(3);
    // The terminal wraps a reason at 80 columns in a pipe; read it as one line.
    expect(merged.stdout.replace(/\n +/g, ' ')).toMatch(/shard 1\/2 \(.*shard1of2\.json\): \d+ arrivals were dropped/);
  });

  it('refuses a missing or a repeated shard', async () => {
    await refused([s0], /shard 1\/2 is missing: pass all 2 shard files/);
    await refused([s0, s0, s1], /-shard0of2\.json: is shard 0\/2 again/);
  });

  it('refuses a shard of another load, and histograms of another precision', async () => {
    // Another load (a shorter window) is another run, whatever the scenario file is called.
    const other = await runShard('other', ['--shard', '1/2', '--duration', '1s']);
    await refused([s0, other], /other\/.*shard1of2\.json: is a shard of another scenario or load/);
    // No option writes histograms of another precision: edited here.
    const edited = await readJson(s1);
    edited.shard.histograms.digits = 2;
    const editedFile = join(dir, 'edited.json');
    await writeFile(editedFile, JSON.stringify(edited));
    await refused([s0, editedFile], /edited\.json: recorded its histograms with other settings/);
  });

  it('refuses shards whose windows never overlapped', async () => {
    // The same shard run again later: a real shard of the run, but its window never met shard 0's.
    const later = await runShard('later', ['--shard', '1/2']);
    await refused([s0, later], /later\/.*shard1of2\.json: measured from .* the windows do not overlap; start every shard together with --start-at/);
  });
});

describe('shard options', () => {
  it('bad shard options exit 2 before anything runs', async () => {
    const dir = await out();
    const file = await writeScenario(dir, 'mixed.yaml', SCENARIO);
    const bad = async (args: string[], pattern: RegExp) => {
      const r = await runCli(['run', file, '--target', 'http://127.0.0.1:9', '--out', dir, ...args]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(pattern);
    };
    await bad(['--shard', '2/2'], /--shard: "2\/2": the index counts from 0 to 1/);
    await bad(['--shard', '0/2', '--start-at', '2020-01-01T00:00:00Z'], /--start-at: .* is already past/);
    await bad(['--connections', '2', '--shards', '3'], /2 connection\(s\) cannot be split over 3 shards/);
  });
});
