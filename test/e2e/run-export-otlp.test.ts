// --export otlp=URL against a real OTLP/HTTP receiver on loopback, written here: it decodes the
// JSON the official exporter posts and the test compares what arrived with the run's own results.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanupAfterEach, endpoint, readOutputs, runCli, startServer, writeScenario } from './cli-harness.js';
import { exportedApi, exportScenario } from './export-fixtures.js';

const { defer, out } = cleanupAfterEach();

interface KeyValue { key: string; value: { stringValue?: string } }
interface DataPoint { attributes: KeyValue[]; asInt?: number | string; asDouble?: number; count?: number | string }
interface Metric { name: string; sum?: { dataPoints: DataPoint[]; isMonotonic?: boolean }; histogram?: { dataPoints: DataPoint[] } }
interface Export { resourceMetrics: Array<{ resource: { attributes: KeyValue[] }; scopeMetrics: Array<{ metrics: Metric[] }> }> }

/** An OTLP/HTTP metrics receiver: keeps each export it is posted; `fail` makes it answer 503 from then on. */
async function receiver(failAfter = Number.POSITIVE_INFINITY) {
  const exports: Array<{ at: number; doc: Export; contentType: string }> = [];
  let posts = 0;
  const server = await startServer((req, res) => {
    let body = '';
    req.setEncoding('utf8').on('data', (d: string) => { body += d; }).on('end', () => {
      posts++;
      if (req.method !== 'POST' || req.url !== '/v1/metrics') { res.writeHead(404); return res.end(); }
      if (posts > failAfter) { res.writeHead(503); return res.end('{}'); }
      exports.push({ at: Date.now(), doc: JSON.parse(body) as Export, contentType: String(req.headers['content-type']) });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  defer(() => server.close());
  return { url: `${server.url}/v1/metrics`, exports, posts: () => posts };
}

const api = () => exportedApi(defer);
const scenario = (target: string) => exportScenario('exported', target);

const attr = (p: DataPoint, key: string) => p.attributes.find((a) => a.key === key)?.value.stringValue;
const points = (doc: Export, name: string): DataPoint[] => doc.resourceMetrics
  .flatMap((r) => r.scopeMetrics).flatMap((s) => s.metrics).filter((m) => m.name === name)
  .flatMap((m) => m.sum?.dataPoints ?? m.histogram?.dataPoints ?? []);
/** A cumulative counter's total over the points matching `where`. */
const total = (doc: Export, name: string, where: (p: DataPoint) => boolean) =>
  points(doc, name).filter(where).reduce((n, p) => n + Number(p.asInt ?? p.asDouble ?? p.count ?? 0), 0);

describe('run --export otlp=URL', () => {
  it('streams per-endpoint counts, error classes and latency histograms during the run, ending on the run\'s totals', async () => {
    const target = await api();
    const rx = await receiver();
    const dir = await out();
    const file = await writeScenario(dir, 'exported.yaml', scenario(target.url));
    const results = join(dir, 'out');
    const r = await runCli(['run', file, '--out', results, '--export', `otlp=${rx.url}`, '--export-interval', '500ms']);
    const { json } = await readOutputs(results);
    expect(r.code, r.stderr).toBe(json.validity.valid ? 0 : 3);
    expect(r.stderr).not.toContain('live export');
    // Streamed while the run went on: several exports over a 2 s window at 500 ms, not one at the end.
    expect(rx.exports.length).toBeGreaterThanOrEqual(3);
    expect(rx.exports.every((e) => e.contentType.startsWith('application/json'))).toBe(true);
    const last = rx.exports.at(-1)!.doc;
    const resource = last.resourceMetrics[0]!.resource.attributes;
    expect(resource.find((a) => a.key === 'service.name')?.value.stringValue).toBe('zimmer-bench');
    for (const name of ['ok', 'refresh']) {
      const e = endpoint(json, name);
      const mine = (p: DataPoint) => attr(p, 'endpoint') === name && attr(p, 'scenario') === 'exported' && attr(p, 'shard') === '0/1';
      expect(e.attempted).toBeGreaterThan(10);
      expect(total(last, 'zimmer_bench.requests', mine), name).toBe(e.attempted);
      expect(total(last, 'zimmer_bench.request.duration', mine), name).toBe(e.latency.count);
      for (const [cls, n] of Object.entries(e.errorClasses as Record<string, number>)) {
        expect(total(last, 'zimmer_bench.errors', (p) => mine(p) && attr(p, 'error_class') === cls), `${name} ${cls}`).toBe(n);
      }
    }
    const refresh = endpoint(json, 'refresh');
    expect(total(last, 'zimmer_bench.requests', (p) => attr(p, 'endpoint') === 'refresh' && attr(p, 'status') === '401')).toBe(refresh.statuses['401']);
    // An earlier export held less: the numbers grew during the run.
    expect(total(rx.exports[0]!.doc, 'zimmer_bench.requests', () => true)).toBeLessThan(json.overall.attempted);
  });

  it('refuses a bad export URL in one line, exit 2, before anything is sent', async () => {
    let hits = 0;
    const target = await startServer((req, res) => { hits++; req.resume(); res.end(); });
    defer(() => target.close());
    const dir = await out();
    const file = await writeScenario(dir, 'exported.yaml', scenario(target.url));
    for (const bad of ['otlp=127.0.0.1:4318', 'otlp=', 'influx=http://127.0.0.1:8086', 'otlp=ftp://127.0.0.1/v1/metrics']) {
      const r = await runCli(['run', file, '--out', join(dir, 'out'), '--export', bad]);
      expect(r.code, bad).toBe(2);
      expect(r.stderr.trim().split('\n'), bad).toHaveLength(1);
      expect(r.stderr, bad).toMatch(/^zimmer-bench: --export ".*": .*e\.g\. --export otlp=http:\/\/127\.0\.0\.1:4318\/v1\/metrics/);
    }
    expect(hits).toBe(0);
  });

  it('warns once when the receiver fails mid-run, and loses nothing measured', async () => {
    const target = await api();
    const rx = await receiver(1);
    const dir = await out();
    const file = await writeScenario(dir, 'exported.yaml', scenario(target.url));
    const results = join(dir, 'out');
    const r = await runCli(['run', file, '--out', results, '--export', `otlp=${rx.url}`, '--export-interval', '400ms']);
    const { json } = await readOutputs(results);
    expect(r.code, r.stderr).toBe(json.validity.valid ? 0 : 3);
    expect(rx.posts()).toBeGreaterThan(2);
    const warnings = r.stderr.split('\n').filter((l) => l.includes('live export'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^zimmer-bench: warning: live export to otlp http:\/\/127\.0\.0\.1:\d+\/v1\/metrics failed \(.*\); the run goes on/);
    expect(endpoint(json, 'ok').attempted).toBeGreaterThan(10);
    expect(json.overall.attempted).toBe(endpoint(json, 'ok').attempted + endpoint(json, 'refresh').attempted);
  });
});
