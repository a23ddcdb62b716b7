// Closed-model connections that waited through the whole window on warm-up requests are named in
// a warning: an empty window is the server's slowness, not a run that measured nothing.
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../cli/evaluate/evaluate.js';
import { renderMarkdown } from '../../cli/render/markdown.js';
import { makeEndpoint, makeRun, target } from '../fixtures/make-run-result.js';

const waited = (connections: number, attempted: number) => {
  const run = makeRun([makeEndpoint({ name: 'me', attempted, errors: 0 })], { overall: makeEndpoint({ name: 'overall', attempted, errors: 0 }) });
  return { ...run, validity: { ...run.validity, waitingFromWarmup: { connections, of: 10, oldestMs: 7730 } } };
};

describe('connections that waited through the window', () => {
  it('says nothing was sent, how many waited and for how long, and keeps the verdict', () => {
    const run = waited(10, 0);
    const e = evaluate(run, [target('p95', '<', 1000)]);
    expect(e.verdict).toBe('fail');
    expect(e.warnings).toEqual([
      'nothing was sent in the measured window: 10 of 10 connections waited through the whole window for answers to requests sent in the warm-up (the oldest for 7.73 s), and the window counts none of them; measure a window longer than the requests\' timeout to count them',
    ]);
    expect(renderMarkdown(run, e)).toContain('**Warning:** nothing was sent in the measured window: 10 of 10 connections');
  });

  it('names the waiting connections of a window that measured others', () => {
    const [w] = evaluate(waited(3, 120), [target('p95', '<', 1000)]).warnings ?? [];
    expect(w).toMatch(/^3 of 10 connections waited through the whole window/);
  });

  it('says nothing when no connection waited', () => {
    expect(evaluate(makeRun([makeEndpoint({ name: 'me' })]), [target('p95', '<', 1000)]).warnings).toBeUndefined();
  });
});
