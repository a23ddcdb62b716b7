import { describe, expect, it } from 'vitest';
import { evaluate } from '../../cli/evaluate/evaluate.js';
import { renderTerminal, topErrorClasses } from '../../cli/render/terminal.js';
import { renderJson } from '../../cli/render/json.js';
import { makeEndpoint, makeRun, target } from '../fixtures/make-run-result.js';

const ANSI = /\u001b\[/;

const run = makeRun([
  makeEndpoint({
    name: 'login', latency: { p50: 40, p95: 300, p99: 300, max: 300 }, atLeast: ['p95', 'p99', 'max'],
    errors: 60, errorClasses: { timeout: 55, http5xx: 5 }, timeoutMs: 300,
  }),
  makeEndpoint({ name: 'me', latency: { p50: 2, p95: 8 } }),
  makeEndpoint({ name: 'idle', attempted: 0 }),
], { overall: makeEndpoint({ name: 'overall', latency: { p95: 280 }, errors: 60, errorRate: 0.03 }) });
const targets = [target('p95', '<', 200), target('error_rate', '<', 0.05), target('p95', '<', 1000, 'login')];

function lines(text: string): string[] {
  return text.split('\n');
}

describe('renderTerminal', () => {
  const text = renderTerminal(run, evaluate(run, targets), { color: false });

  it('puts the verdict on the first line', () => {
    expect(lines(text)[0]).toBe('FAIL  unit: 2 of 3 targets missed');
  });

  it('lists each miss with its cause under it, before the passes, which fold into one line', () => {
    const out = lines(text);
    const first = out.findIndex((l) => l.startsWith('FAIL  overall p95'));
    expect(out.slice(first, first + 5)).toEqual([
      'FAIL  overall p95 < 200 ms: actual 280 ms',
      '      login >= 300 ms: P95 sits on 55 timed-out requests (timeout 300 ms)',
      'FAIL  login p95 < 1 s: actual >= 300 ms',
      '      P95 sits on 55 timed-out requests (timeout 300 ms)',
      'PASS  1 met: error_rate < 5 % on overall',
    ]);
  });

  it('has one table row per endpoint plus overall, lower bounds shown as >=', () => {
    const wide = renderTerminal(run, evaluate(run, targets), { color: false, width: 160 });
    const login = lines(wide).find((l) => l.startsWith('│ login'));
    expect(login?.split('│').map((s) => s.trim())).toEqual([
      '', 'login', '1,000', '100', '6 %', '40 ms', '30 ms', '>= 300 ms', '>= 300 ms', '>= 300 ms', 'timeout 55, http5xx 5', '',
    ]);
    expect(lines(wide).find((l) => l.startsWith('│ idle'))).toMatch(/nothing measured/);
    expect(lines(wide).some((l) => l.startsWith('│ overall'))).toBe(true);
  });

  it('repeats the verdict as the last line', () => {
    const out = lines(text.trimEnd());
    expect(out.at(-1)).toBe('FAIL  unit: 2 of 3 targets missed');
  });

  it('has no colour codes unless asked, and colour when asked', () => {
    expect(text).not.toMatch(ANSI);
    expect(renderTerminal(run, evaluate(run, targets), { color: true })).toMatch(ANSI);
  });

  it('says PASS when every target is met and warns about a partial run', () => {
    const partial = { ...run, partial: true, measuredMs: 4200 };
    const out = renderTerminal(partial, evaluate(partial, [target('p50', '<', 100, 'me')]), { color: false });
    expect(lines(out)[0]).toBe('PASS  unit: the one target met (PARTIAL: stopped early, 4.2 s measured)');
    expect(lines(renderTerminal(run, evaluate(run, []), { color: false }))[0]).toBe('PASS  unit: no targets set');
  });

  it('says INVALID with the reasons when the run cannot be trusted', () => {
    const invalid = { ...run, validity: { valid: false, reasons: ['generator lagged 250 ms behind schedule'] } };
    const out = lines(renderTerminal(invalid, evaluate(invalid, targets), { color: false }));
    expect(out[0]).toBe('INVALID  unit: the numbers of this run cannot be trusted');
    expect(out[1]).toBe('  - generator lagged 250 ms behind schedule');
  });

  it('explains a target that could not be measured', () => {
    const out = renderTerminal(run, evaluate(run, [target('p95', '<', 200, 'logout')]), { color: false });
    expect(out).toMatch(/FAIL {2}logout p95 < 200 ms: actual -\n {6}endpoint "logout" is not in the results/);
  });

  it('lists the most frequent error classes first, at most three, none when clean', () => {
    const e = makeEndpoint({ name: 'x', errorClasses: { reset: 2, timeout: 30, http5xx: 7, other: 1 } });
    expect(topErrorClasses(e)).toBe('timeout 30, http5xx 7, reset 2');
    expect(topErrorClasses(makeEndpoint({ name: 'y' }))).toBe('');
  });
});

describe('renderJson', () => {
  it('keeps the result fields at the top level and adds the evaluation', () => {
    const evaluation = evaluate(run, targets);
    const doc = JSON.parse(renderJson(run, evaluation)) as Record<string, unknown>;
    expect(doc.schema).toBe('zimmer-bench/result@1');
    expect(doc.endpoints).toEqual(run.endpoints);
    expect(doc.evaluation).toEqual(evaluation);
  });
});
