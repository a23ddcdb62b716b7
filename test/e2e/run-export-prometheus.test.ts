// --export prometheus-rw=URL against a real remote-write receiver on loopback, written here: it
// snappy-decompresses and protobuf-decodes each WriteRequest (the message as Prometheus' prompb
// defines it, declared below, not taken from the sender's package) and compares with the results.
import { join } from 'node:path';
import protobuf from 'protobufjs';
import SnappyJS from 'snappyjs';
import { describe, expect, it } from 'vitest';
import { cleanupAfterEach, endpoint, readOutputs, runCli, startServer, writeScenario } from './cli-harness.js';
import { exportedApi, exportScenario } from './export-fixtures.js';

const { defer, out } = cleanupAfterEach();

/** prometheus/prompb remote.proto and types.proto, the fields remote write 1.0 uses. */
const WriteRequest = protobuf.Root.fromJSON({
  nested: {
    WriteRequest: { fields: { timeseries: { rule: 'repeated', type: 'TimeSeries', id: 1 } } },
    TimeSeries: { fields: { labels: { rule: 'repeated', type: 'Label', id: 1 }, samples: { rule: 'repeated', type: 'Sample', id: 2 } } },
    Label: { fields: { name: { type: 'string', id: 1 }, value: { type: 'string', id: 2 } } },
    Sample: { fields: { value: { type: 'double', id: 1 }, timestamp: { type: 'int64', id: 2 } } },
  },
}).lookupType('WriteRequest');

interface Decoded { timeseries: Array<{ labels: Array<{ name: string; value: string }>; samples: Array<{ value: number }> }> }

async function receiver(failAfter = Number.POSITIVE_INFINITY) {
  const writes: Array<{ headers: Record<string, unknown>; doc: Decoded }> = [];
  let posts = 0;
  const server = await startServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (d: Buffer) => chunks.push(d)).on('end', () => {
      posts++;
      if (req.method !== 'POST' || req.url !== '/api/v1/write') { res.writeHead(404); return res.end(); }
      if (posts > failAfter) { res.writeHead(500); return res.end('storage full'); }
      const raw = SnappyJS.uncompress(Buffer.concat(chunks));
      writes.push({ headers: req.headers, doc: WriteRequest.toObject(WriteRequest.decode(raw), { longs: Number }) as Decoded });
      res.writeHead(204);
      res.end();
    });
  });
  defer(() => server.close());
  return { url: `${server.url}/api/v1/write`, writes, posts: () => posts };
}

const api = () => exportedApi(defer);
const scenario = (target: string) => exportScenario('written', target);

const label = (s: Decoded['timeseries'][number], name: string) => s.labels.find((l) => l.name === name)?.value;
const sum = (doc: Decoded, where: (s: Decoded['timeseries'][number]) => boolean) =>
  doc.timeseries.filter(where).reduce((n, s) => n + s.samples.at(-1)!.value, 0);

describe('run --export prometheus-rw=URL', () => {
  it('pushes cumulative counters and a histogram during the run, the last push equal to the results', async () => {
    const target = await api();
    const rx = await receiver();
    const dir = await out();
    const file = await writeScenario(dir, 'written.yaml', scenario(target.url));
    const results = join(dir, 'out');
    const r = await runCli(['run', file, '--out', results, '--export', `prometheus-rw=${rx.url}`, '--export-interval', '500ms']);
    const { json } = await readOutputs(results);
    expect(r.code, r.stderr).toBe(json.validity.valid ? 0 : 3);
    expect(r.stderr).not.toContain('live export');
    expect(rx.writes.length).toBeGreaterThanOrEqual(3);
    expect(rx.writes[0]!.headers['content-type']).toBe('application/x-protobuf');
    const last = rx.writes.at(-1)!.doc;
    // Remote write wants each series' labels sorted by name.
    for (const s of last.timeseries) expect(s.labels.map((l) => l.name)).toEqual(s.labels.map((l) => l.name).sort());
    for (const name of ['ok', 'refresh']) {
      const e = endpoint(json, name);
      const mine = (metric: string) => (s: Decoded['timeseries'][number]) =>
        label(s, '__name__') === metric && label(s, 'endpoint') === name && label(s, 'scenario') === 'written' && label(s, 'shard') === '0/1';
      expect(sum(last, mine('zimmer_bench_requests_total')), name).toBe(e.attempted);
      expect(sum(last, mine('zimmer_bench_request_duration_milliseconds_count')), name).toBe(e.latency.count);
      expect(sum(last, (s) => mine('zimmer_bench_request_duration_milliseconds_bucket')(s) && label(s, 'le') === '+Inf'), name).toBe(e.latency.count);
      for (const [cls, n] of Object.entries(e.errorClasses as Record<string, number>)) {
        expect(sum(last, (s) => mine('zimmer_bench_errors_total')(s) && label(s, 'error_class') === cls), `${name} ${cls}`).toBe(n);
      }
    }
    expect(sum(last, (s) => label(s, '__name__') === 'zimmer_bench_requests_total' && label(s, 'status') === '401'))
      .toBe(endpoint(json, 'refresh').statuses['401']);
    expect(sum(rx.writes[0]!.doc, (s) => label(s, '__name__') === 'zimmer_bench_requests_total')).toBeLessThan(json.overall.attempted);
  });

  it('warns once when the receiver starts failing, and the run\'s files keep every count', async () => {
    const target = await api();
    const rx = await receiver(1);
    const dir = await out();
    const file = await writeScenario(dir, 'written.yaml', scenario(target.url));
    const results = join(dir, 'out');
    const r = await runCli(['run', file, '--out', results, '--export', `prometheus-rw=${rx.url}`, '--export-interval', '400ms']);
    const { json } = await readOutputs(results);
    expect(r.code, r.stderr).toBe(json.validity.valid ? 0 : 3);
    expect(rx.posts()).toBeGreaterThan(2);
    const warnings = r.stderr.split('\n').filter((l) => l.includes('live export'));
    expect(warnings).toEqual([expect.stringMatching(/^zimmer-bench: warning: live export to prometheus-rw http:\/\/127\.0\.0\.1:\d+\/api\/v1\/write failed \(HTTP 500: storage full\); the run goes on/)]);
    expect(json.overall.attempted).toBe(endpoint(json, 'ok').attempted + endpoint(json, 'refresh').attempted);
    expect(endpoint(json, 'ok').attempted).toBeGreaterThan(10);
  });

  it('tags a shard\'s series with its shard, as --shard writes it', async () => {
    const target = await api();
    const rx = await receiver();
    const dir = await out();
    const file = await writeScenario(dir, 'written.yaml', scenario(target.url));
    const results = join(dir, 'out');
    const r = await runCli(['run', file, '--out', results, '--shard', '1/2', '--export', `prometheus-rw=${rx.url}`, '--export-interval', '500ms']);
    expect([0, 3], r.stderr).toContain(r.code);
    const last = rx.writes.at(-1)!.doc;
    const shards = new Set(last.timeseries.map((s) => label(s, 'shard')));
    expect([...shards]).toEqual(['1/2']);
    const { json } = await readOutputs(results);
    expect(sum(last, (s) => label(s, '__name__') === 'zimmer_bench_requests_total')).toBe(json.overall.attempted);
  });
});
