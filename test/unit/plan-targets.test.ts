import { describe, expect, it } from 'vitest';
import { isTargetProblem, parseTarget } from '../../cli/plan/targets.js';

describe('parseTarget', () => {
  it.each([
    ['p95 < 200ms', 'p95', '<', 200], ['p99 <= 1s', 'p99', '<=', 1000], ['error_rate < 1%', 'error_rate', '<', 0.01],
    ['rps > 100', 'rps', '>', 100], ['timeouts == 0', 'timeouts', '==', 0], ['errors == 0', 'errors', '==', 0],
    ['mean < 50ms', 'mean', '<', 50], ['max < 2s', 'max', '<', 2000], ['p99.9 < 1s', 'p99.9', '<', 1000],
    ['p50<500us', 'p50', '<', 0.5], ['p(95) < 200ms', 'p95', '<', 200], ['error_rate <= 0.05', 'error_rate', '<=', 0.05],
    ['rps >= 50/s', 'rps', '>=', 50], ['p90 = 1s', 'p90', '==', 1000], ['P75 > 1.5s', 'p75', '>', 1500],
  ])('%s', (text, metric, op, value) => {
    const t = parseTarget(text, 'me');
    expect(t).toEqual({ metric, op, value, endpoint: 'me', source: text.trim() });
  });

  it('keeps a null endpoint for whole-run targets', () => {
    expect(parseTarget('rps > 1', null)).toMatchObject({ endpoint: null });
  });

  it.each([
    ['pp95 < 200ms', /unknown metric "pp95"/, /did you mean "p95"\?/],
    ['latency < 200ms', /unknown metric/, /metrics: p50/],
    ['eror_rate < 1%', /unknown metric/, /did you mean "error_rate"/],
    ['p95 200ms', /missing operator/, /operators/],
    ['p95 !== 200ms', /unsupported operator|cannot read/, /./],
    ['p95 <', /missing value/, /p95 < 200ms/],
    ['p95 < 200', /p95 needs a unit/, /200ms or 200s/],
    ['p95 < fast', /invalid latency/, /200ms/],
    ['error_rate < 5', /invalid error rate/, /5%|0\.01/],
    ['rps > lots', /invalid rate/, /100/],
    ['timeouts == 1.5', /invalid count/, /whole number/],
    ['', /cannot read target/, /<metric> <op> <value>/],
  ])('rejects %j', (text, problem, hint) => {
    const t = parseTarget(text, null);
    expect(isTargetProblem(t)).toBe(true);
    if (!isTargetProblem(t)) return;
    expect(t.problem).toMatch(problem);
    expect(t.hint).toMatch(hint);
  });
});
