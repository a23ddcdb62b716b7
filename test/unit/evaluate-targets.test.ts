import { describe, expect, it } from 'vitest';
import { evaluate } from '../../cli/evaluate/evaluate.js';
import { makeEndpoint, makeRun, target } from '../fixtures/make-run-result.js';

// Distinct value per field, so reading the wrong one shows.
const latency = { mean: 21, p50: 11, p75: 16, p90: 31, p95: 51, p99: 121, 'p99.9': 301, max: 901 };

describe('evaluate: reading each metric of a named endpoint', () => {
  const login = makeEndpoint({
    name: 'login', attempted: 400, errors: 12, errorRate: 0.03, rps: 40.5, latency,
    errorClasses: { timeout: 5, http5xx: 7 },
  });
  const run = makeRun([login, makeEndpoint({ name: 'me', latency })]);

  it.each(Object.entries(latency))('%s is read from the latency summary in ms', (metric, value) => {
    const [o] = evaluate(run, [target(metric as never, '<', 1000, 'me')]).outcomes;
    expect(o).toMatchObject({ actual: value, pass: true, atLeast: false, brokenBy: [] });
  });

  it.each([
    ['error_rate', 0.03],
    ['rps', 40.5],
    ['timeouts', 5], // errorClasses.timeout, not every error
    ['errors', 12],
  ] as const)('%s reads %s', (metric, value) => {
    const [o] = evaluate(run, [target(metric, '==', value, 'login')]).outcomes;
    expect(o).toMatchObject({ actual: value, pass: true });
  });

  it('names the endpoint when its own target fails', () => {
    const [o] = evaluate(run, [target('p95', '<', 50, 'login')]).outcomes;
    expect(o).toMatchObject({ actual: 51, pass: false, brokenBy: ['login'] });
    expect(o?.note).toBeUndefined();
  });
});

describe('evaluate: comparison operators at the boundary', () => {
  const run = makeRun([makeEndpoint({ name: 'me', latency: { p95: 200 } })]);
  it.each([
    ['<', 200, false], ['<', 201, true],
    ['<=', 200, true], ['<=', 199, false],
    ['>', 200, false], ['>', 199, true],
    ['>=', 200, true], ['>=', 201, false],
    ['==', 200, true], ['==', 199, false],
  ] as const)('p95=200 %s %s -> %s', (op, limit, pass) => {
    expect(evaluate(run, [target('p95', op, limit, 'me')]).outcomes[0]?.pass).toBe(pass);
  });
});

describe('evaluate: percentiles that landed on timed-out requests are lower bounds', () => {
  const slow = makeEndpoint({
    name: 'slow', latency: { p50: 12, p95: 300, p99: 300, max: 300 }, atLeast: ['p95', 'p99', 'max'],
    errorClasses: { timeout: 80 }, errors: 80, timeoutMs: 300,
  });
  const run = makeRun([slow]);

  it('marks the outcome atLeast and never proves a ceiling, even one above the bound', () => {
    const [o] = evaluate(run, [target('p95', '<', 1000, 'slow')]).outcomes;
    expect(o).toMatchObject({ actual: 300, atLeast: true, pass: false, brokenBy: ['slow'] });
  });

  it('does prove a floor the bound already meets', () => {
    expect(evaluate(run, [target('p99', '>=', 250, 'slow')]).outcomes[0]).toMatchObject({ atLeast: true, pass: true });
  });

  it('leaves percentiles outside the atLeast list exact', () => {
    expect(evaluate(run, [target('p50', '<', 100, 'slow')]).outcomes[0]).toMatchObject({ atLeast: false, pass: true });
  });

  it('treats the mean as a lower bound once any request timed out', () => {
    expect(evaluate(run, [target('mean', '<', 10_000, 'slow')]).outcomes[0]).toMatchObject({ atLeast: true, pass: false });
    const clean = makeRun([makeEndpoint({ name: 'ok' })]);
    expect(evaluate(clean, [target('mean', '<', 10_000, 'ok')]).outcomes[0]).toMatchObject({ atLeast: false, pass: true });
  });
});

describe('evaluate: nothing to judge', () => {
  it('fails an endpoint where nothing was attempted, with actual null', () => {
    const run = makeRun([makeEndpoint({ name: 'idle', attempted: 0, errors: 0 })]);
    for (const metric of ['p95', 'error_rate', 'rps', 'timeouts', 'errors'] as const) {
      const [o] = evaluate(run, [target(metric, '<=', 1e9, 'idle')]).outcomes;
      expect(o).toMatchObject({ actual: null, pass: false, brokenBy: ['idle'] });
      expect(o?.note).toMatch(/nothing measured/);
    }
  });

  it('fails a target naming an endpoint absent from the results, and says so', () => {
    const run = makeRun([makeEndpoint({ name: 'me' }), makeEndpoint({ name: 'login' })]);
    const [o] = evaluate(run, [target('p95', '<', 1e9, 'logout')]).outcomes;
    expect(o).toMatchObject({ actual: null, pass: false, brokenBy: ['logout'] });
    expect(o?.note).toBe('endpoint "logout" is not in the results (known: me, login)');
  });

  it('fails an overall target when the whole run attempted nothing', () => {
    const run = makeRun([makeEndpoint({ name: 'me', attempted: 0 })]);
    const [o] = evaluate(run, [target('error_rate', '<', 0.01)]).outcomes;
    expect(o).toMatchObject({ actual: null, pass: false, brokenBy: [] });
    expect(o?.note).toMatch(/nothing measured/);
  });
});
