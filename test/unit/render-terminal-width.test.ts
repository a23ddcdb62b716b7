// The terminal view fitted to its width: at 80 columns (the default off a terminal) no line runs
// over, whatever the names and error mixes, and the verdict is both the first and the last line.
import { describe, expect, it } from 'vitest';
import { stripVTControlCharacters } from 'node:util';
import { evaluate } from '../../cli/evaluate/evaluate.js';
import { renderTerminal } from '../../cli/render/terminal.js';
import { wrap } from '../../cli/render/terminal-fit.js';
import { makeEndpoint, makeRun, target } from '../fixtures/make-run-result.js';
import { loadFixture } from './markdown-helpers.js';

const longest = (text: string): number => Math.max(...stripVTControlCharacters(text).split('\n').map((l) => l.length));

const crowded = makeRun([
  makeEndpoint({
    name: 'session_login_with_a_rather_long_request_name', latency: { p50: 400, p95: 10_000, p99: 10_000, max: 10_000 },
    atLeast: ['p95', 'p99', 'max'], errors: 120, errorClasses: { timeout: 56, http4xx: 40, http5xx: 20, reset: 4 },
    statuses: { '200': 880, '401': 40, '503': 20 }, timeoutMs: 10_000,
  }),
  ...['me', 'twofa_status', 'profile_get', 'profile_put', 'email_verify', 'refresh', 'logout'].map((name) => makeEndpoint({ name })),
], { scenario: { name: 'a scenario whose name alone is long enough to need a second line on a narrow terminal', description: '', file: null, model: 'closed', load: { connections: 10 } } });
const crowdedTargets = [
  target('p95', '<', 1000), target('error_rate', '<', 0.01),
  ...crowded.endpoints.map((e) => target('p95', '<', 1000, e.name)),
];

describe('renderTerminal at a given width', () => {
  it.each([80, 60, 50])('keeps every line of a crowded failing run within %i columns', (width) => {
    const text = renderTerminal(crowded, evaluate(crowded, crowdedTargets), { color: true, width });
    expect(longest(text)).toBeLessThanOrEqual(width);
  });

  it('keeps the saved phase 1 and phase 2 runs within 80 columns by default', () => {
    for (const name of ['phase1-fail', 'phase2-invalid', 'phase1-pass'] as const) {
      const r = loadFixture(name);
      expect(longest(renderTerminal(r, evaluate(r), { color: false })), name).toBeLessThanOrEqual(80);
    }
  });

  it('uses the full table when the width allows it, the compact one at 80', () => {
    const r = loadFixture('phase1-fail');
    const wide = renderTerminal(r, evaluate(r), { color: false, width: 200 });
    const narrow = renderTerminal(r, evaluate(r), { color: false, width: 80 });
    expect(wide).toMatch(/│ endpoint +│ requests │ +rps │ errors │ +p50 │/);
    expect(narrow).toMatch(/│ endpoint +│ requests │ errors │ +p95 │ +p99 │ +max │ top errors │/);
    expect(longest(wide)).toBeGreaterThan(80);
  });

  it('puts the verdict first and last, the misses before the passes, the passes on one line', () => {
    const text = stripVTControlCharacters(renderTerminal(crowded, evaluate(crowded, crowdedTargets), { color: true, width: 80 }));
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^FAIL {2}a scenario whose name/);
    expect(lines.at(-1)).toMatch(/^ {6}.*: 2 of 10 targets missed$/);
    expect(lines.at(-2)).toMatch(/^FAIL {2}a scenario whose name/);
    const fails = lines.map((l, i) => (l.startsWith('FAIL  ') && !l.includes('a scenario') ? i : -1)).filter((i) => i >= 0);
    const passes = lines.map((l, i) => (l.startsWith('PASS  ') ? i : -1)).filter((i) => i >= 0);
    expect(fails).toHaveLength(2);
    expect(passes).toHaveLength(1);
    expect(Math.max(...fails)).toBeLessThan(passes[0]!);
    expect(lines[passes[0]!]).toMatch(/^PASS {2}8 met: p95 < 1 s on overall, me, twofa_status, .*…$/);
    expect(text).toContain('P95 sits on 56 timed-out requests (timeout 10 s), got 401 ×40, 503 ×20');
  });
});

describe('renderTerminal folds misses that measured nothing', () => {
  it('says once why several targets could not be judged, and keeps a miss with a value on its own', () => {
    const idle = makeRun([makeEndpoint({ name: 'a', attempted: 0 }), makeEndpoint({ name: 'b', attempted: 0 }), makeEndpoint({ name: 'c', latency: { p95: 2000 } })]);
    const targets = [target('p95', '<', 1000, 'a'), target('p95', '<', 1000, 'b'), target('error_rate', '<', 0.1, 'a'), target('p95', '<', 1000, 'c')];
    const lines = renderTerminal(idle, evaluate(idle, targets), { color: false, width: 80 }).split('\n');
    const at = lines.indexOf('FAIL  3 targets, nothing measured: no request was attempted');
    expect(at).toBeGreaterThan(0);
    expect(lines[at + 1]).toBe('      p95 < 1 s on a, b; error_rate < 10 % on a');
    expect(lines).toContain('FAIL  c p95 < 1 s: actual 2 s');
    expect(lines.filter((l) => l.includes('nothing measured: no request'))).toHaveLength(1);
  });
});

describe('wrap', () => {
  it('breaks on spaces with a hanging indent and cuts a word longer than the line', () => {
    expect(wrap('aaa bbb ccc', 7, 2)).toEqual(['aaa bbb', '  ccc']);
    expect(wrap('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
    expect(wrap('', 10)).toEqual(['']);
  });
});
