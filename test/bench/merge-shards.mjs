// Merge cost (run after `npm run build`): S shard files of E endpoints over T seconds, recorded by
// the real Recorder from known samples, merged by the built CLI (`zimmer-bench merge`). Prints the
// wall time and peak memory of the merge, against a baseline measured in the same run: the same
// CLI reading and validating the same files (`report` on each one), which every merge must pay.
//   node test/bench/merge-shards.mjs [shards=16] [endpoints=8] [seconds=300] [requests/s per shard=200]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CLI = join(ROOT, 'dist', 'cli', 'main.js');
const { Recorder } = await import(join(ROOT, 'dist', 'cli', 'results', 'recorder.js'));
const { HISTOGRAM_SETTINGS } = await import(join(ROOT, 'dist', 'cli', 'results', 'summarize.js'));

const [shards, endpoints, seconds, rate] = [16, 8, 300, 200].map((d, i) => Number(process.argv[2 + i] ?? d));
const dir = mkdtempSync(join(tmpdir(), 'zimmer-merge-bench-'));
const T0 = Date.parse('2026-01-01T12:00:00.000Z');

let seed = 7;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);

const wholeLoad = {
  model: 'open', warmupMs: 0, maxConnections: 256, maxInFlight: 10_000,
  stages: [{ durationMs: seconds * 1000, rate: rate * shards, to: rate * shards }],
};
const sliceLoad = { ...wholeLoad, maxConnections: Math.ceil(256 / shards), maxInFlight: Math.ceil(10_000 / shards) };

/** One shard's result document, every request recorded as the runner records it. */
function shardDoc(index) {
  const infos = Array.from({ length: endpoints }, (_, e) => ({ name: `e${e}`, method: 'GET', path: `/e${e}`, timeoutMs: 2000 }));
  const r = new Recorder(infos);
  const windowMs = seconds * 1000;
  r.setWindow(0, windowMs);
  const n = rate * seconds;
  for (let k = 0; k < n; k++) {
    const t = (k / n) * windowMs;
    const slow = rand() < 0.1;
    const ms = slow ? 100 + rand() * 50 : 1 + rand() * 20;
    const err = rand() < 0.01;
    r.record(k % endpoints, t, t + ms, ms, err ? 503 : 200, err ? 'http5xx' : null);
  }
  const { overall, endpoints: eps, timeline } = r.results(windowMs);
  const at = new Date(T0 + (index % 3) * 7).toISOString();
  return {
    schema: 'zimmer-bench/result@1',
    scenario: { name: 'bench', description: '', file: null, model: 'open', load: sliceLoad },
    target: { url: 'http://127.0.0.1:1', bundled: false },
    environment: { zimmerBench: 'bench', node: process.version, platform: process.platform, arch: process.arch, cpus: 1, cpuModel: 'bench', memoryGiB: 1, hostname: `gen-${index}`, engine: 'bench' },
    startedAt: at, endedAt: new Date(T0 + windowMs).toISOString(), measuredMs: windowMs, warmupMs: 0, partial: false,
    validity: { valid: true, reasons: [] }, setup: { users: 0, ready: 0, failures: {} },
    overall, endpoints: eps, timeline,
    targets: [{ metric: 'p95', op: '<', value: 200, endpoint: null, source: 'p95 < 200ms' }],
    shard: {
      index, count: shards, digest: 'b'.repeat(64), load: wholeLoad, histograms: HISTOGRAM_SETTINGS,
      clock: { startAt: null, loadStartedAt: at, windowStartedAt: at, lateMs: 0 },
    },
  };
}

/** Wall time (ms) and peak resident memory (MiB) of one CLI command, from /usr/bin/time. */
function measure(args) {
  const started = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, CLI, ...args], { encoding: 'utf8' });
  const ms = performance.now() - started;
  const kib = Number(r.stderr.trim().split('\n').at(-1));
  return { ms, mib: kib / 1024, code: r.status, out: r.stdout, err: r.stderr };
}

try {
  const genStart = performance.now();
  const files = [];
  for (let i = 0; i < shards; i++) {
    const file = join(dir, `bench-shard${i}of${shards}.json`);
    writeFileSync(file, JSON.stringify(shardDoc(i)));
    files.push(file);
  }
  const bytes = files.reduce((n, f) => n + statSync(f).size, 0);
  console.log(`generated ${shards} shards x ${endpoints} endpoints x ${seconds} s (${rate * seconds * shards} requests, `
    + `${(bytes / 2 ** 20).toFixed(1)} MiB of shard files) in ${Math.round(performance.now() - genStart)} ms`);

  // Baseline: reading and validating one shard file, the least any command on it costs.
  const read = measure(['report', files[0], '--out', join(dir, 'one.md')]);
  const merge = measure(['merge', ...files, '--out', join(dir, 'merged'), '--quiet']);
  if (merge.code !== 0 && merge.code !== 1) throw new Error(`merge exited ${merge.code}: ${merge.err}`);
  const merged = readdirSync(join(dir, 'merged')).find((n) => n.endsWith('.json'));
  console.log(`baseline: report on one shard file   ${read.ms.toFixed(0)} ms, peak ${read.mib.toFixed(0)} MiB`);
  console.log(`merge of ${shards} shard files          ${merge.ms.toFixed(0)} ms, peak ${merge.mib.toFixed(0)} MiB `
    + `(${(merge.ms / read.ms).toFixed(1)}x the baseline's time, ${(merge.mib / read.mib).toFixed(1)}x its memory)`);
  console.log(`merge's own line: ${merge.out.split('\n').find((l) => l.startsWith('merged:'))}`);
  console.log(`merged result: ${(statSync(join(dir, 'merged', merged)).size / 2 ** 20).toFixed(1)} MiB`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
