import { describe, expect, it } from 'vitest';
import { ITEM_ORDER, ITEMS, makeItem } from '../../cli/readiness/items.js';
import { LEFT_PER_ITEM, scoreItems as scoreFacts } from '../../cli/readiness/score.js';
import type { ItemId, ReadinessItem } from '../../cli/readiness/types.js';
import { note } from '../../cli/readiness/evidence.js';
import { invalidReasonText, leftText } from '../../cli/render/readiness-evidence.js';

/** The score with what is left and why it is invalid worded, as every readiness output shows them. */
function scoreItems(items: ReadinessItem[]) {
  const s = scoreFacts(items);
  return { ...s, left: s.left.map(leftText), invalidReasons: s.invalidReasons.map(invalidReasonText) };
}

const pass = (id: ItemId) => makeItem(id, [{ name: 'ok', pass: true, evidence: note('fine') }]);
const allPass = () => ITEM_ORDER.map(pass);

function replace(items: ReadinessItem[], item: ReadinessItem): ReadinessItem[] {
  return items.map((i) => (i.id === item.id ? item : i));
}

describe('readiness score', () => {
  it('the weights follow the plan: timeouts 60, performance 25, monitoring & security 15, 100 in all', () => {
    const by = (g: string) => Object.values(ITEMS).filter((d) => d.group === g).reduce((n, d) => n + d.weight, 0);
    expect([by('timeouts'), by('performance'), by('monitoring-security')]).toEqual([60, 25, 15]);
  });

  it('100 % and pass only when every item passed', () => {
    expect(scoreItems(allPass())).toMatchObject({ percent: 100, verdict: 'pass', left: [], invalidReasons: [] });
  });

  it('a failed item loses its weight; a partial item a share of it', () => {
    const items = replace(replace(allPass(), makeItem('phase3', [{ name: 'p95 < 200ms', pass: false, evidence: note('measured 250 ms') }])),
      makeItem('coverage', [...Array(6).fill({ name: 'x', pass: true, evidence: note('') }), { name: 'GET /api/me', pass: false, evidence: note('404') }]));
    const s = scoreItems(items);
    expect(s.verdict).toBe('fail');
    expect(s.percent).toBeCloseTo(100 - 10 - 10 / 7, 2);
    expect(s.left[0]).toBe('Phase 3 gate (P95 < 200 ms, errors < 1 %, > 100 req/s) — p95 < 200ms: measured 250 ms');
    expect(s.left[1]).toBe('Endpoint coverage (missing items) — GET /api/me: 404');
  });

  it('never rounds a miss up to 100 %', () => {
    const checks = Array.from({ length: 10_000 }, (_, i) => ({ name: `c${i}`, pass: i > 0, evidence: note('') }));
    const s = scoreItems(replace(allPass(), makeItem('coverage', checks)));
    expect(s.percent).toBe(99.99);
    expect(s.verdict).toBe('fail');
  });

  it('an invalid item makes the verdict invalid, with its first failed check as the reason', () => {
    const bad = makeItem('phase2', [{ name: 'run validity', pass: false, evidence: note('generator short of CPU') }], { invalid: true });
    const s = scoreItems(replace(allPass(), bad));
    expect(s).toMatchObject({ verdict: 'invalid', percent: 90 });
    expect(s.invalidReasons).toEqual(['Phase 2 gate (P95 < 500 ms, errors < 5 %, > 50 req/s): generator short of CPU']);
  });

  it('a failure measured on trustworthy numbers outranks an invalid item: below 100 % for sure', () => {
    const bad = makeItem('phase2', [{ name: 'run validity', pass: false, evidence: note('generator short of CPU') }], { invalid: true });
    const timeout = makeItem('overload', [{ name: 'no request timed out', pass: false, evidence: note('3 of 160 timed out') }]);
    const s = scoreItems(replace(replace(allPass(), bad), timeout));
    expect(s).toMatchObject({ verdict: 'fail', percent: 80 });
    expect(s.invalidReasons).toHaveLength(1);
  });

  it('what is left: heaviest loss first, at most a few checks per item then a count', () => {
    const many = Array.from({ length: LEFT_PER_ITEM + 2 }, (_, i) => ({ name: `t${i}`, pass: false, evidence: note('missed') }));
    const items = replace(replace(allPass(), makeItem('health', [{ name: 'fast', pass: false, evidence: note('slow') }])), makeItem('phase1', many));
    const left = scoreItems(items).left;
    expect(left[0]).toMatch(/^Phase 1 gate/);
    expect(left[LEFT_PER_ITEM]).toBe('Phase 1 gate (P95 < 1 s, errors < 10 %) — and 2 more failed checks (see the evidence)');
    expect(left[left.length - 1]).toBe('Lightweight /health — fast: slow');
  });

  it('an item with no checks is a fail, never a vacuous pass', () => {
    expect(makeItem('health', [])).toMatchObject({ status: 'fail', score: 0 });
  });
});
