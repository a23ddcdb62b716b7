import { describe, expect, it } from 'vitest';
import { parseExport } from '../../cli/export/spec.js';
import { warnOnce } from '../../cli/export/labels.js';
import { LiveTally, bucketIndex } from '../../cli/export/tally.js';
import { remoteWriteSeries } from '../../cli/export/prometheus-rw.js';

describe('parseExport', () => {
  it('reads KIND=URL and normalises the URL', () => {
    expect(parseExport('otlp=http://127.0.0.1:4318/v1/metrics')).toEqual({ kind: 'otlp', url: 'http://127.0.0.1:4318/v1/metrics' });
    expect(parseExport(' otlp = https://collector.example.test/v1/metrics ')).toEqual({ kind: 'otlp', url: 'https://collector.example.test/v1/metrics' });
  });

  it.each([
    ['influx=http://127.0.0.1:8086', /unknown kind "influx" \(known: otlp/],
    ['otlp', /no URL after otlp=/],
    ['otlp=ftp://127.0.0.1/v1/metrics', /must start with http:\/\/ or https:\/\//],
    ['otlp=127.0.0.1:4318', /127\.0\.0\.1:4318.*e\.g\. --export otlp=http:\/\/127\.0\.0\.1:4318\/v1\/metrics/],
    ['otlp=not a url', /"not a url" is not a URL/],
    ['otlp=http://user:secret@127.0.0.1:4318/v1/metrics', /put no credentials in the URL/],
  ])('refuses %s with the fix', (value, message) => {
    expect(() => parseExport(value)).toThrow(message);
  });
});

describe('warnOnce', () => {
  it('passes the first warning on and drops the rest', () => {
    const said: string[] = [];
    const warn = warnOnce((m) => said.push(m));
    warn('a');
    warn('b');
    expect(said).toEqual(['a']);
  });
});

describe('the live tally and its remote-write series', () => {
  it('puts a latency in the first bucket whose bound holds it, above every bound in the last', () => {
    expect(bucketIndex(0.3)).toBe(0);
    expect(bucketIndex(1)).toBe(0);
    expect(bucketIndex(1.01)).toBe(1);
    expect(bucketIndex(10_000)).toBe(12);
    expect(bucketIndex(90_000)).toBe(15);
  });

  it('writes cumulative buckets, sorted labels and the counts it was told', () => {
    const tally = new LiveTally();
    tally.observer({ endpoint: 'me', status: 200, error: null, latencyMs: 4 });
    tally.observer({ endpoint: 'me', status: 200, error: null, latencyMs: 40 });
    tally.observer({ endpoint: 'me', status: null, error: 'timeout', latencyMs: 300 });
    tally.observer({ endpoint: 'me', status: null, error: 'reset', latencyMs: null });
    const series = remoteWriteSeries(tally, { scenario: 's', shard: '0/1' }, 1000);
    const value = (name: string, extra: Record<string, string> = {}) => series.find((x) =>
      x.labels.__name__ === name && Object.entries(extra).every(([k, v]) => x.labels[k] === v))?.samples[0]?.value;
    expect(value('zimmer_bench_requests_total', { status: '200' })).toBe(2);
    expect(value('zimmer_bench_requests_total', { status: 'none' })).toBe(2);
    expect(value('zimmer_bench_errors_total', { error_class: 'timeout' })).toBe(1);
    expect(value('zimmer_bench_request_duration_milliseconds_bucket', { le: '5' })).toBe(1);
    expect(value('zimmer_bench_request_duration_milliseconds_bucket', { le: '50' })).toBe(2);
    expect(value('zimmer_bench_request_duration_milliseconds_bucket', { le: '+Inf' })).toBe(3);
    expect(value('zimmer_bench_request_duration_milliseconds_count')).toBe(3);
    expect(value('zimmer_bench_request_duration_milliseconds_sum')).toBe(344);
    for (const s of series) expect(Object.keys(s.labels)).toEqual(Object.keys(s.labels).sort());
  });
});
