import { describe, expect, it } from 'vitest';
import { parseExport } from '../../cli/export/spec.js';
import { warnOnce } from '../../cli/export/labels.js';

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
