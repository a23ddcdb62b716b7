import { describe, expect, it } from 'vitest';
import { evaluate } from '../../cli/evaluate/evaluate.js';
import { EXIT, exitCodeForVerdict } from '../../cli/exit-codes.js';
import { makeEndpoint, makeRun, target } from '../fixtures/make-run-result.js';

const endpoints = [
  makeEndpoint({ name: 'login', latency: { p95: 900 }, errors: 30, errorClasses: { timeout: 30 }, rps: 5 }),
  makeEndpoint({ name: 'me', latency: { p95: 80 }, errors: 0, rps: 200 }),
  makeEndpoint({ name: 'refresh', latency: { p95: 1500 }, errors: 10, errorClasses: { http5xx: 10 }, rps: 4 }),
  makeEndpoint({ name: 'idle', attempted: 0 }),
  makeEndpoint({ name: 'profile', latency: { p95: 300 }, errors: 0, rps: 50 }),
];

function runWithOverall(overall: Parameters<typeof makeEndpoint>[0]) {
  return makeRun(endpoints, { overall: makeEndpoint(overall) });
}

describe('evaluate: overall targets', () => {
  it('judges the overall value and names offenders breaking the same limit, worst first', () => {
    const run = runWithOverall({ name: 'overall', latency: { p95: 700 } });
    const [o] = evaluate(run, [target('p95', '<', 200)]).outcomes;
    // idle measured nothing, me is under the limit: neither is an offender.
    expect(o).toMatchObject({ actual: 700, pass: false, brokenBy: ['refresh', 'login', 'profile'] });
  });

  it('orders offenders of a floor lowest first', () => {
    const run = runWithOverall({ name: 'overall', latency: { p95: 10 } });
    const [o] = evaluate(run, [target('p95', '>', 1000)]).outcomes;
    expect(o?.brokenBy).toEqual(['me', 'profile', 'login']);
  });

  it('uses the overall value even when every endpoint alone would pass', () => {
    const run = runWithOverall({ name: 'overall', attempted: 1000, errors: 20, errorRate: 0.02 });
    const [o] = evaluate(run, [target('error_rate', '<', 0.05)]).outcomes;
    expect(o).toMatchObject({ actual: 0.02, pass: true, brokenBy: [] });
  });

  it('names error-rate and timeout offenders from their own counts', () => {
    const run = runWithOverall({ name: 'overall', errors: 40, errorRate: 0.04, errorClasses: { timeout: 30 } });
    const outcomes = evaluate(run, [target('error_rate', '<', 0.01), target('timeouts', '==', 0)]).outcomes;
    expect(outcomes[0]?.brokenBy).toEqual(['login', 'refresh']);
    expect(outcomes[1]).toMatchObject({ actual: 30, pass: false, brokenBy: ['login'] });
  });

  it('names no offender for an overall rps target: throughput belongs to the whole run', () => {
    const run = runWithOverall({ name: 'overall', rps: 45 });
    const [o] = evaluate(run, [target('rps', '>', 100)]).outcomes;
    expect(o).toMatchObject({ actual: 45, pass: false, brokenBy: [] });
  });

  it('reports the overall lower bound when the overall percentile sits on timeouts', () => {
    const run = runWithOverall({ name: 'overall', latency: { p99: 5000 }, atLeast: ['p99'] });
    expect(evaluate(run, [target('p99', '<', 10_000)]).outcomes[0]).toMatchObject({ atLeast: true, pass: false });
  });
});

describe('evaluate: verdict', () => {
  const fast = makeRun([makeEndpoint({ name: 'me', latency: { p95: 10 } })]);

  it('passes when every target is met, and with no targets at all', () => {
    expect(evaluate(fast, [target('p95', '<', 200, 'me')]).verdict).toBe('pass');
    expect(evaluate(fast, [])).toEqual({ verdict: 'pass', outcomes: [], invalidReasons: [] });
  });

  it('fails when any one target is missed, keeping every outcome in target order', () => {
    const e = evaluate(fast, [target('p95', '<', 200, 'me'), target('p95', '<', 5, 'me'), target('errors', '==', 0)]);
    expect(e.verdict).toBe('fail');
    expect(e.outcomes.map((o) => o.pass)).toEqual([true, false, true]);
  });

  it('is invalid when the run cannot be trusted, whatever the targets say, and copies the reasons', () => {
    const reasons = ['dropped 120 arrivals at maxInFlight 64'];
    const run = makeRun(fast.endpoints, { validity: { valid: false, reasons } });
    const e = evaluate(run, [target('p95', '<', 200, 'me')]);
    expect(e).toMatchObject({ verdict: 'invalid', invalidReasons: reasons });
    expect(e.outcomes[0]?.pass).toBe(true);
    expect(e.invalidReasons).not.toBe(reasons);
  });

  it('judges the targets saved in the result by default, or the ones given', () => {
    const run = makeRun(fast.endpoints, { targets: [target('p95', '<', 5, 'me')] });
    expect(evaluate(run).verdict).toBe('fail');
    expect(evaluate(run, [target('p95', '<', 500, 'me')]).verdict).toBe('pass');
  });

  it('does not modify the result it judges', () => {
    const run = runWithOverall({ name: 'overall', latency: { p95: 700 } });
    const before = structuredClone(run);
    evaluate(run, [target('p95', '<', 200), target('rps', '>', 1, 'me')]);
    expect(run).toEqual(before);
  });

  it('maps verdicts to exit codes 0 / 1 / 3', () => {
    expect(exitCodeForVerdict('pass')).toBe(EXIT.OK);
    expect(exitCodeForVerdict('fail')).toBe(1);
    expect(exitCodeForVerdict('invalid')).toBe(3);
  });
});
