// Failed requests that no target limits do not change the verdict, but never pass in silence.
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../cli/evaluate/evaluate.js';
import { renderMarkdown } from '../../cli/render/markdown.js';
import { makeEndpoint, makeRun, target } from '../fixtures/make-run-result.js';

const all404 = makeRun([
  makeEndpoint({ name: 'me', attempted: 200, errors: 200, errorClasses: { http4xx: 200 }, statuses: { '404': 200 } }),
  makeEndpoint({ name: 'health', attempted: 100, errors: 0 }),
], { overall: makeEndpoint({ name: 'overall', attempted: 300, errors: 200, errorRate: 2 / 3 }) });

describe('error budget', () => {
  it('warns when requests failed and no target limits errors, keeping the verdict', () => {
    const e = evaluate(all404, [target('p95', '<', 200)]);
    expect(e.verdict).toBe('pass');
    expect(e.warnings).toEqual([
      'no error budget: 200 of 200 requests (100 %) failed on me and no target limits errors, so the verdict ignores them; add "error_rate < 1%" to targets.overall',
    ]);
    expect(renderMarkdown(all404, e)).toContain('**Warning:** no error budget: 200 of 200 requests (100 %) failed on me');
  });

  it('says nothing when an overall or the failing endpoint\'s own target limits errors', () => {
    expect(evaluate(all404, [target('p95', '<', 200), target('error_rate', '<', 0.01)]).warnings).toBeUndefined();
    expect(evaluate(all404, [{ ...target('errors', '==', 0), endpoint: 'me' }]).warnings).toBeUndefined();
    expect(evaluate(all404, [{ ...target('errors', '==', 0), endpoint: 'health' }]).warnings).toHaveLength(1);
  });

  it('says nothing when nothing failed', () => {
    const clean = makeRun([makeEndpoint({ name: 'me' })]);
    expect(evaluate(clean, [target('p95', '<', 200)]).warnings).toBeUndefined();
  });
});
