import { describe, expect, it } from 'vitest';
import { renderMarkdown, verdictLine } from '../../cli/render/markdown.js';
import { evaluate } from '../../cli/evaluate/evaluate.js';
import type { Evaluation } from '../../cli/evaluate/types.js';
import { loadFixture, mermaidBlocks } from './markdown-helpers.js';

const failing = loadFixture('phase1-fail');
const failingReport = renderMarkdown(failing, evaluate(failing));

describe('renderMarkdown snapshots', () => {
  it('renders the failing phase 1 run', async () => {
    await expect(failingReport).toMatchFileSnapshot('./__snapshots__/markdown-phase1-fail.md');
  });

  it('renders the invalid open-model run', async () => {
    const r = loadFixture('phase2-invalid');
    await expect(renderMarkdown(r, evaluate(r))).toMatchFileSnapshot('./__snapshots__/markdown-phase2-invalid.md');
  });
});

describe('renderMarkdown verdict', () => {
  it('puts the verdict on the first line, then each miss with its cause before any evidence', () => {
    const [first, blank, why, blank2, miss] = failingReport.split('\n');
    expect(first).toBe('# FAIL: phase1');
    expect(blank).toBe('');
    expect(why).toBe('1 of 10 target(s) missed.');
    expect(blank2).toBe('');
    expect(miss).toBe('- `p95 < 1s` on session_login measured >= 10 s (limit < 1 s): P95 sits on 9 timed-out requests (timeout 10 s), got 401 ×1.');
    expect(failingReport.indexOf(miss!)).toBeLessThan(failingReport.indexOf('## Run'));
  });

  it('lists missed targets before the met ones in the targets table', () => {
    const rows = failingReport.split('\n').filter((l) => l.startsWith('| `p95') || l.startsWith('| `error_rate'));
    expect(rows).toHaveLength(10);
    expect(rows[0]).toContain('| session_login | >= 10 s | < 1 s | **FAIL** |');
    expect(rows.slice(1).every((row) => row.includes('| pass |'))).toBe(true);
  });

  it('names setup failures and status codes in the causes', () => {
    const r = loadFixture('phase2-invalid');
    const md = renderMarkdown(r, evaluate(r));
    expect(md).toContain('- `p95 < 500ms` overall measured 1.81 s (limit < 500 ms): session_login 2.11 s: 10 timed out (timeout 5 s), got 429 ×30.');
    expect(md).toContain('- Setup: 19 of 20 virtual users ready: login: 429 too_many_requests (1).');
  });

  it('passes a healthy run with every target listed as met', () => {
    const r = loadFixture('phase1-pass');
    const md = renderMarkdown(r, evaluate(r));
    expect(md.split('\n')[0]).toBe('# PASS: phase1');
    expect(md).toContain('All 10 target(s) met.');
    expect(md).not.toContain('**FAIL**');
  });

  it('says INVALID with the reason, even though targets also failed', () => {
    const r = loadFixture('phase2-invalid');
    const line = verdictLine(r, evaluate(r));
    expect(line.word).toBe('INVALID');
    expect(line.why).toContain('412 arrivals were dropped because maxInFlight was reached');
  });

  it('says PARTIAL for a run stopped early, and still reports the misses on what ran', () => {
    const r = { ...loadFixture('phase1-fail'), partial: true, measuredMs: 4200 };
    const line = verdictLine(r, evaluate(r));
    expect(line.word).toBe('PARTIAL');
    expect(line.why).toBe('The run was stopped early after 4.2 s measured; on what ran, 1 of 10 target(s) missed.');
    expect(renderMarkdown(r, evaluate(r))).toContain('- `p95 < 1s` on session_login measured >= 10 s (limit < 1 s): P95 sits');
  });

  it('names the offenders of an overall target with their own values, worst first', () => {
    const r = loadFixture('phase1-fail');
    const evaluation: Evaluation = {
      verdict: 'fail',
      invalidReasons: [],
      outcomes: [{
        target: { metric: 'p95', op: '<', value: 200, endpoint: null, source: 'p95 < 200ms' },
        actual: r.overall.latency.p95, atLeast: false, pass: false, brokenBy: ['session_login', 'email_verify'],
      }],
    };
    const md = renderMarkdown(r, evaluation);
    expect(md).toContain('- `p95 < 200ms` overall measured 209 ms (limit < 200 ms): session_login >= 10 s: P95 sits on 9 timed-out requests (timeout 10 s), got 401 ×1; email_verify 555 ms: got 503 ×6.');
    expect(md).toContain('| `p95 < 200ms` | overall | 209 ms | < 200 ms | **FAIL** | session_login (>= 10 s), email_verify (555 ms) |');
  });

  it('says when there were no targets to judge', () => {
    const r = { ...loadFixture('phase1-pass'), targets: [] };
    const md = renderMarkdown(r, evaluate(r));
    expect(md).toContain('No targets were set, so nothing was judged.');
    expect(md).toContain('No targets were set for this scenario.');
  });
});

describe('renderMarkdown tables', () => {
  it('shows percentiles that landed on timeouts as lower bounds', () => {
    const row = failingReport.split('\n').find((l) => l.startsWith('| session_login |'));
    expect(row).toBe('| session_login | `POST /api/auth/login` | 150 | 9.4 | 6.67 % | 395 ms | 1.08 s | >= 10 s | >= 10 s | >= 10 s | >= 10 s |');
    expect(failingReport).toContain('| session_login | 10 | timeout ×9, http4xx ×1 | 200 ×140, 401 ×1 | 10 s |');
  });

  it('escapes pipes in names so a row keeps its column count', () => {
    const r = loadFixture('phase1-fail');
    const refresh = r.endpoints.find((e) => e.name === 'refresh')!;
    refresh.name = 'refresh|v2';
    refresh.path = '/api/auth/refresh?a=1|2';
    const md = renderMarkdown(r, evaluate(r));
    const row = md.split('\n').find((l) => l.startsWith('| refresh'))!;
    expect(row).toContain('refresh\\|v2');
    expect(row.split(/(?<!\\)\|/).length - 2).toBe(11);
  });

  it('says once why several targets measured nothing, naming each', () => {
    const r = loadFixture('phase1-fail');
    const logout = r.endpoints.find((e) => e.name === 'logout')!;
    Object.assign(logout, { attempted: 0, succeeded: 0, errors: 0, errorRate: 0, rps: 0, statuses: {}, histogram: '' });
    const md = renderMarkdown(r, evaluate(r, [
      { metric: 'p95', op: '<', value: 1000, endpoint: 'logout', source: 'p95 < 1s' },
      { metric: 'error_rate', op: '<', value: 0.1, endpoint: 'logout', source: 'error_rate < 10%' },
    ]));
    expect(md).toContain('- 2 targets, nothing measured: no request was attempted: `p95 < 1s` on logout, `error_rate < 10%` on logout.');
    expect(md.match(/no request was attempted/g)).toHaveLength(1 + 2); // the bullet, and each row's note in the targets table
  });

  it('shows an endpoint that measured nothing with dashes, no chart, and the evaluation\'s note', () => {
    const r = loadFixture('phase1-fail');
    const logout = r.endpoints.find((e) => e.name === 'logout')!;
    Object.assign(logout, { attempted: 0, succeeded: 0, errors: 0, errorRate: 0, rps: 0, statuses: {}, histogram: '' });
    const md = renderMarkdown(r, evaluate(r, [
      { metric: 'p95', op: '<', value: 1000, endpoint: 'logout', source: 'p95 < 1s' },
      { metric: 'p95', op: '<', value: 1000, endpoint: 'health', source: 'p95 < 1s' },
    ]));
    expect(md).toContain('| logout | `POST /api/auth/logout` | 0 | 0 | 0 % | — | — | — | — | — | — |');
    expect(md).toContain('**logout — POST /api/auth/logout**: no latency recorded.');
    expect(md).toMatch(/\| `p95 < 1s` \| logout \| — \| < 1 s \| \*\*FAIL\*\* \| logout; nothing measured[^|]*\|/);
    expect(md).toMatch(/\| `p95 < 1s` \| health \| — \| < 1 s \| \*\*FAIL\*\* \| health; endpoint "health" is not in the results[^|]*\|/);
    // Each reason said once at the top, with the targets it stopped.
    expect(md).toContain('- `p95 < 1s` on logout (limit < 1 s): nothing measured: no request was attempted.');
    expect(md).toMatch(/^- `p95 < 1s` on health \(limit < 1 s\): endpoint "health" is not in the results/m);
  });

  it('is deterministic and holds no date but the run\'s own', () => {
    const again = renderMarkdown(loadFixture('phase1-fail'), evaluate(loadFixture('phase1-fail')));
    expect(again).toBe(failingReport);
    const dates = new Set(failingReport.match(/\d{4}-\d{2}-\d{2}T[\d:.]+Z/g));
    expect([...dates].sort()).toEqual([failing.startedAt, failing.endedAt].sort());
  });
});

describe('renderMarkdown charts', () => {
  const blocks = mermaidBlocks(failingReport);

  it('draws a percentile curve per endpoint plus overall, and two charts over time', () => {
    expect(blocks).toHaveLength(failing.endpoints.length + 1 + 2);
    for (const e of failing.endpoints) expect(failingReport).toContain(`title "${e.name} — ${e.method} ${e.path}: latency by percentile (ms)"`);
  });

  it('writes well-formed xychart-beta blocks: one value per category, finite numbers, y axis from 0 above the data', () => {
    for (const b of blocks) {
      expect(b.lines[0]).toMatch(/^%%\{init: \{.*\}\}%%$/);
      const directive = JSON.parse(b.lines[0]!.slice(2, -2).replace(/^\{init: /, '{"init": ')) as {
        init: { themeVariables: { xyChart: { plotColorPalette: string } } };
      };
      expect(directive.init.themeVariables.xyChart.plotColorPalette.split(', ')).toHaveLength(b.series.length);
      expect(b.lines[1]).toBe('xychart-beta');
      expect(b.series.length).toBeGreaterThan(0);
      const [, bottom, top] = b.lines.find((l) => l.includes('y-axis'))!.match(/ (\d[\d.]*) --> ([\d.]+)$/)!.map(Number);
      for (const s of b.series) {
        expect(s.values).toHaveLength(b.categories.length);
        for (const v of s.values) {
          expect(Number.isFinite(v)).toBe(true);
          expect(v).toBeGreaterThanOrEqual(bottom!);
          expect(v).toBeLessThanOrEqual(top!);
        }
      }
    }
  });

  it('plots the timeline second by second, with p50/p95/p99 lines and completed/s bars', () => {
    const [latency, throughput] = blocks.slice(-2);
    expect(latency!.categories).toEqual(failing.timeline.map((p) => String(p.second)));
    // A log axis (the run spans 2 ms to 1 s): log10 of each second's percentile, then the p95 limit.
    const log = (ms: number) => Number(Math.log10(ms).toFixed(3));
    expect(latency!.lines.find((l) => l.includes('y-axis'))).toContain('log scale');
    expect(latency!.series.map((s) => s.values)).toEqual([
      failing.timeline.map((p) => log(p.p50)), failing.timeline.map((p) => log(p.p95)), failing.timeline.map((p) => log(p.p99)),
      failing.timeline.map(() => 3),
    ]);
    expect(throughput!.series[0]).toEqual({ kind: 'bar', values: failing.timeline.map((p) => p.completed) });
  });
});
