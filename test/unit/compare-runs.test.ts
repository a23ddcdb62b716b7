import { describe, expect, it } from 'vitest';
import { compareRuns, DEFAULT_COMPARE_OPTIONS, judgeBounds, judgeChange, type Comparison } from '../../cli/compare/compare.js';
import { renderComparison } from '../../cli/compare/render.js';
import { loadFixture } from './markdown-helpers.js';

const O = DEFAULT_COMPARE_OPTIONS;
const worse = (c: Comparison) => c.rows.filter((r) => r.status === 'regression' || r.status === 'missing').map((r) => `${r.endpoint}.${r.metric}`);

describe('judgeBounds: a lower bound is never better than a real value', () => {
  it('211 ms -> >= 150 ms is not better: it cannot tell, since NEW gave up before BASE answered', () => {
    expect(judgeBounds(211, false, 150, true, O)).toEqual({ status: 'unknown', reason: expect.stringMatching(/^cannot tell: timeouts appeared in NEW/) });
  });
  it('a bound beyond tolerance is worse: timeouts appeared; both bounds cannot tell', () => {
    expect(judgeBounds(211, false, 1000, true, O)).toEqual({ status: 'regression', reason: 'worse: timeouts appeared' });
    expect(judgeBounds(1000, true, 1000, true, O).status).toBe('unknown');
    expect(judgeBounds(1000, true, 5000, true, O).status).toBe('unknown');
  });
  it('a real value well below a BASE bound is better; at or above it cannot tell', () => {
    expect(judgeBounds(1000, true, 200, false, O)).toEqual({ status: 'improvement', reason: 'better: the timeouts are gone' });
    expect(judgeBounds(1000, true, 1500, false, O).status).toBe('unknown');
    expect(judgeBounds(1000, true, 950, false, O).status).toBe('unknown');
  });
  it('the markdown says it in words, never as a percentage change against a bound', async () => {
    const base = await loadFixture('phase1-pass');
    const next = structuredClone(base);
    const me = next.endpoints.find((e) => e.name === 'me')!;
    me.latency.p95 = Math.max(1, base.endpoints.find((e) => e.name === 'me')!.latency.p95 * 0.7);
    me.atLeast = ['p95'];
    const c = compareRuns(base, next);
    const row = c.rows.find((r) => r.endpoint === 'me' && r.metric === 'p95')!;
    expect(row.status).toBe('unknown');
    const md = renderComparison(c);
    expect(md).toMatch(/Cannot tell \(a lower bound on timed-out requests\):\n\n- me p95: .*→ >= .* cannot tell: timeouts appeared in NEW/);
    expect(md).not.toMatch(/me p95: .*better/);
  });
});

describe('judgeChange', () => {
  it('flags latency above BASE + tolerance, but not within it', () => {
    expect(judgeChange('p95', 100, 110, O)).toBe('same');
    expect(judgeChange('p95', 100, 110.5, O)).toBe('regression');
    expect(judgeChange('p95', 100, 89, O)).toBe('improvement');
  });

  it('ignores sub-millisecond jitter below the absolute floor', () => {
    expect(judgeChange('p50', 0.3, 0.9, O)).toBe('same'); // +200 %, but only 0.6 ms
    expect(judgeChange('p50', 0.3, 1.4, O)).toBe('regression');
    expect(judgeChange('p50', 0.3, 0.9, { ...O, floorMs: 0.1 })).toBe('regression');
  });

  it('judges error rate in percentage points, and throughput by its drop', () => {
    expect(judgeChange('error_rate', 0.02, 0.029, O)).toBe('same');
    expect(judgeChange('error_rate', 0.02, 0.031, O)).toBe('regression');
    expect(judgeChange('error_rate', 0, 0.011, O)).toBe('regression');
    expect(judgeChange('rps', 100, 91, O)).toBe('same');
    expect(judgeChange('rps', 100, 89, O)).toBe('regression');
    expect(judgeChange('rps', 100, 120, O)).toBe('improvement');
  });
});

describe('compareRuns', () => {
  it('finds nothing worse when a run is compared with itself', () => {
    const c = compareRuns(loadFixture('phase1-pass'), loadFixture('phase1-pass'));
    expect(c.regressions).toBe(0);
    expect(c.rows.every((r) => r.status === 'same')).toBe(true);
    expect(c.rows).toHaveLength((8 + 1) * 5);
    expect(c.notes).toEqual([]);
  });

  it('flags a planted p95 regression on one endpoint and nothing else', () => {
    const base = loadFixture('phase1-pass');
    const next = loadFixture('phase1-pass');
    const me = next.endpoints.find((e) => e.name === 'me')!;
    me.latency.p95 = base.endpoints.find((e) => e.name === 'me')!.latency.p95 + 5;
    const c = compareRuns(base, next);
    expect(worse(c)).toEqual(['me.p95']);
    const row = c.rows.find((r) => r.endpoint === 'me' && r.metric === 'p95')!;
    expect(row.delta).toBeCloseTo(5, 6);
    expect(row.change).toBeCloseTo(5 / row.base!, 6);
  });

  it('flags the starved sign-in of the failing run, lower bounds included', () => {
    // 2.5 points of error-rate tolerance: email_verify's 4 -> 6 errors in 98 requests is noise.
    const c = compareRuns(loadFixture('phase1-pass'), loadFixture('phase1-fail'), { tolerance: 0.25, floorMs: 2, errorPoints: 0.025 });
    expect(worse(c)).toEqual(['session_login.p50', 'session_login.p95', 'session_login.p99', 'session_login.error_rate', 'overall.p95', 'overall.p99']);
    expect(c.rows.find((r) => r.endpoint === 'session_login' && r.metric === 'p95')!.nextAtLeast).toBe(true);
  });

  it('counts an endpoint missing from NEW as worse and one only in NEW as added', () => {
    const base = loadFixture('phase1-pass');
    const next = loadFixture('phase1-pass');
    next.endpoints = next.endpoints.filter((e) => e.name !== 'logout');
    next.endpoints.push({ ...next.endpoints[0]!, name: 'health' });
    const c = compareRuns(base, next);
    expect(c.rows.filter((r) => r.endpoint === 'logout').map((r) => r.status)).toEqual(Array(5).fill('missing'));
    expect(c.rows.filter((r) => r.endpoint === 'health').map((r) => r.status)).toEqual(Array(5).fill('added'));
    expect(c.regressions).toBe(5);
  });

  it('notes what weakens the comparison', () => {
    const c = compareRuns(loadFixture('phase1-pass'), { ...loadFixture('phase2-invalid'), partial: true });
    expect(c.notes).toEqual([
      'different scenarios: BASE ran "phase1", NEW ran "phase2"',
      'different load models: BASE closed, NEW open',
      'NEW is invalid: 412 arrivals were dropped because maxInFlight was reached: raise load.maxInFlight or lower the rate; '
        + 'the generator sent 39.2 arrivals/s of the 66.7 asked (below 90 %)',
      'NEW was stopped early: its numbers cover only what ran',
    ]);
    expect(c.next.valid).toBe(false);
  });
});

describe('renderComparison', () => {
  it('leads with the verdict and bolds the worse cells', () => {
    const base = loadFixture('phase1-pass');
    const next = loadFixture('phase1-pass');
    next.endpoints.find((e) => e.name === 'me')!.latency.p95 = 20;
    const md = renderComparison(compareRuns(base, next));
    expect(md.split('\n')[0]).toBe('# REGRESSION: 1 value(s) worse than BASE beyond tolerance');
    expect(md).toContain('| me | 1.86 ms → 1.86 ms (+0.0 %) | **4.21 ms → 20 ms (+375 %)** **worse** |');
    expect(md).toContain('- me p95: 4.21 ms → 20 ms (+375 %) worse');
  });

  it('says OK when nothing is worse', () => {
    const md = renderComparison(compareRuns(loadFixture('phase1-pass'), loadFixture('phase1-pass')));
    expect(md.split('\n')[0]).toBe('# OK: no value worse than BASE beyond tolerance');
    expect(md).not.toContain('Worse:');
  });
});
