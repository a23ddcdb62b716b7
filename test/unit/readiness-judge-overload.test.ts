import { describe, expect, it } from 'vitest';
import { judgeOverload as judgeOverloadFacts } from '../../cli/readiness/judge-overload.js';
import type { HttpObservation } from '../../cli/readiness/types.js';
import { obs } from './readiness-fixtures.js';
import { wordItem } from '../../cli/render/readiness-json.js';

// The judges return facts; these word them as every readiness output does.
const judgeOverload = (...a: Parameters<typeof judgeOverloadFacts>) => wordItem(judgeOverloadFacts(...a));

const many = (n: number, o: Partial<HttpObservation>) => Array.from({ length: n }, () => obs({ method: 'POST', path: '/api/auth/login', ...o }));
const shed = (n: number, retry = true) => many(n, { status: 503, ms: 3, headers: retry ? { 'retry-after': '1' } : {}, body: { error: 'overloaded', message: 'busy' } });
const judge = (responses: HttpObservation[]) => judgeOverload({ burst: responses.length, timeoutMs: 5000, responses });

describe('judgeOverload: a login burst larger than any admission queue', () => {
  it('passes when the excess is refused at once with 503 + Retry-After and the rest served', () => {
    const item = judge([...many(68, { status: 200, ms: 1800 }), ...shed(92)]);
    expect(item).toMatchObject({ status: 'pass', score: 1 });
    expect(item.summary).toBe('160 concurrent logins: 68 2xx (p95 1.8 s, max 1.8 s), 92 refused (503 × 92) with Retry-After (p95 3 ms, max 3 ms)');
  });

  it('passes when everything is served fast; fails when everything is served but slowly (queued)', () => {
    expect(judge(many(100, { status: 200, ms: 999 })).status).toBe('pass');
    const slow = judge(many(100, { status: 200, ms: 1000 }));
    expect(slow.status).toBe('fail');
    expect(slow.checks[3]?.evidence).toContain('neither shed nor fast, so requests queue');
  });

  it('a single timeout fails, even with shedding', () => {
    const item = judge([...shed(150), ...many(1, { status: null, error: 'timeout', ms: 5000 }), ...many(9, { status: 200, ms: 900 })]);
    expect(item).toMatchObject({ status: 'fail', score: 0 });
    expect(item.checks[0]?.evidence).toBe('1 of 160 timed out');
  });

  it('a refusal without Retry-After, or another 5xx, fails', () => {
    expect(judge([...shed(10, false), ...many(10, { status: 200, ms: 10 })]).checks[2]?.pass).toBe(false);
    const boom = judge([...shed(10), ...many(1, { status: 500, ms: 10 })]);
    expect(boom.checks[2]?.evidence).toContain('1 other (500 × 1)');
  });

  it('429 with Retry-After counts as shedding; a dropped connection fails', () => {
    expect(judge([...many(5, { status: 429, headers: { 'retry-after': '30' } }), ...many(5, { status: 200, ms: 5 })]).status).toBe('pass');
    const reset = judge([...shed(5), ...many(2, { status: null, error: 'ECONNRESET' })]);
    expect(reset.checks[1]).toMatchObject({ pass: false });
    expect(reset.summary).toContain('2 without an answer (ECONNRESET × 2)');
  });

  it('nothing back at all is a fail, not a vacuous pass', () => {
    expect(judge([]).status).toBe('fail');
  });
});
