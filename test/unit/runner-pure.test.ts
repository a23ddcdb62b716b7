// Pure parts of the runner: summaries, mix cycle, users, outcome classes, URL joining.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../cli/core/errors.js';
import { atLeastPercentiles, decodeHistogram, encodeHistogram, newLatencyHistogram, summarizeLatency } from '../../cli/results/summarize.js';
import { flowSequence } from '../../cli/runner/mix.js';
import { judgeValidity } from '../../cli/runner/open-validity.js';
import { classifyError, classifyStatus, describeAnswer, judgeBody } from '../../cli/runner/outcome.js';
import { joinPath, parseTargetUrl } from '../../cli/runner/target-url.js';
import { expandUsers } from '../../cli/runner/users.js';
import { closed, request, scenario } from './runner-fixtures.js';

describe('summarize', () => {
  it('turns microseconds into a millisecond summary, and flags percentiles on timeouts', () => {
    const h = newLatencyHistogram();
    for (let i = 1; i <= 90; i++) h.recordValue(i * 1000); // 1..90 ms
    for (let i = 0; i < 10; i++) h.recordValue(300_000); // ten timeouts of 300 ms
    const s = summarizeLatency(h);
    expect(s.count).toBe(100);
    expect(s.min).toBe(1);
    expect(s.p50).toBeCloseTo(50, 0);
    expect(s.p90).toBeCloseTo(90, 0);
    expect(s.p95).toBe(300); // clamped to the recorded maximum, not the bucket's top
    expect(s.max).toBe(300);
    expect(atLeastPercentiles(h, 300, 10)).toEqual(['p95', 'p99', 'p99.9', 'max']);
    expect(atLeastPercentiles(h, 300, 0)).toEqual([]);
    expect(summarizeLatency(decodeHistogram(encodeHistogram(h))).p90).toBe(s.p90);
    expect(summarizeLatency(newLatencyHistogram()).count).toBe(0);
  });
});

describe('mix', () => {
  it('spreads flows by weight through a smooth cycle', () => {
    const seq = flowSequence([{ weight: 3, run: ['a'] }, { weight: 1, run: ['b'] }]);
    expect(seq).toEqual([0, 0, 1, 0]);
    const big = flowSequence([{ weight: 0.7, run: ['a'] }, { weight: 0.3, run: ['b'] }]);
    expect(big).toHaveLength(1000);
    expect(big.filter((i) => i === 1)).toHaveLength(300);
  });
});

describe('users', () => {
  it('expands patterns with $n after the scenario variables', () => {
    const s = scenario([request('r', '/')], [{ weight: 1, run: ['r'] }], closed(1, 100), {
      variables: { locale: 'en' }, users: { kind: 'pattern', count: 2, fields: { email: 'u{{n}}@x' } },
    });
    expect(expandUsers(s, 5)).toEqual([{ locale: 'en', email: 'u1@x', $n: '1' }, { locale: 'en', email: 'u2@x', $n: '2' }]);
  });

  it('reads CSV users relative to the scenario file, and reports a missing file as a usage error', () => {
    const dir = mkdtempSync(join(tmpdir(), 'zb-users-'));
    try {
      writeFileSync(join(dir, 'users.csv'), 'email,password\n"a,b@x","p""1"\nc@x,p2\n');
      const s = scenario([request('r', '/')], [{ weight: 1, run: ['r'] }], closed(1, 100), {
        file: join(dir, 'load.yaml'), users: { kind: 'csv', file: 'users.csv' },
      });
      expect(expandUsers(s, 1)).toEqual([{ email: 'a,b@x', password: 'p"1', $n: '1' }]);
      expect(() => expandUsers({ ...s, users: { kind: 'csv', file: 'nope.csv' } }, 1)).toThrow(UsageError);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('outcome', () => {
  const spec = request('r', '/', { expect: { status: [200, 429], fields: ['data.id'] }, capture: { id: 'data.id' } });
  it('classifies statuses, bodies and connection errors', () => {
    expect(classifyStatus(spec, 429)).toBeNull();
    expect(classifyStatus(spec, 401)).toBe('http4xx');
    expect(classifyStatus(spec, 503)).toBe('http5xx');
    expect(classifyStatus(spec, 302)).toBe('expectation');
    expect(judgeBody(spec, 200, '{"data":{"id":7}}')).toEqual({ error: null, captured: { id: '7' } });
    expect(judgeBody(spec, 200, '{"data":{}}').error).toBe('expectation');
    expect(judgeBody(spec, 200, 'not json').error).toBe('expectation');
    expect(classifyError(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }))).toBe('refused');
    expect(classifyError(Object.assign(new Error('x'), { code: 'EPIPE' }))).toBe('reset');
    expect(classifyError(new Error('socket hang up'))).toBe('reset');
    expect(classifyError(new Error('TLS'))).toBe('other');
    expect(describeAnswer(401, '{"error":"invalid_credentials"}')).toBe('401 invalid_credentials');
  });
});

describe('target URL', () => {
  it('keeps the base path and joins request paths with one slash', () => {
    const t = parseTargetUrl('http://127.0.0.1:8080/staging/');
    expect(t).toMatchObject({ hostname: '127.0.0.1', port: 8080, basePath: '/staging', href: 'http://127.0.0.1:8080/staging' });
    expect(joinPath(t.basePath, '/api/me?x=1')).toBe('/staging/api/me?x=1');
    expect(joinPath('', 'api/me')).toBe('/api/me');
    expect(parseTargetUrl('http://[::1]:9000').hostname).toBe('::1');
    expect(() => parseTargetUrl('localhost:3000')).toThrow(/invalid target URL "localhost:3000"/);
  });
});

describe('open-model validity', () => {
  const loop = (p99Ms: number) => ({ count: 100, percentile: () => p99Ms * 1e6 }) as never;
  const lag = (ms: number) => { const h = newLatencyHistogram(); for (let i = 0; i < 100; i++) h.recordValue(ms * 1000); return h; };
  it('is valid when the generator kept the schedule, with one sentence per reason otherwise', () => {
    const ok = judgeValidity({ measuredMs: 2000, asked: 400, sent: 398, dropped: 0, lag: lag(1), loopDelay: loop(5) });
    expect(ok).toMatchObject({ valid: true, reasons: [], askedRate: 200, achievedRate: 199, dropped: 0 });
    expect(ok.scheduleLagMs?.p99).toBe(1);
    const bad = judgeValidity({ measuredMs: 2000, asked: 400, sent: 300, dropped: 7, lag: lag(80), loopDelay: loop(60) });
    expect(bad.valid).toBe(false);
    expect(bad.reasons).toHaveLength(4);
    expect(bad.reasons[0]).toMatch(/^7 arrivals were dropped/);
    expect(bad.reasons[1]).toMatch(/sent 150 arrivals\/s of the 200 asked/);
  });
});
