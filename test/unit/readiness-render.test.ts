import { describe, expect, it } from 'vitest';
import { XMLParser } from 'fast-xml-parser';
import { ITEM_ORDER, makeItem } from '../../cli/readiness/items.js';
import { scoreItems } from '../../cli/readiness/score.js';
import { note } from '../../cli/readiness/evidence.js';
import { READINESS_SCHEMA, type ReadinessItem, type ReadinessReport } from '../../cli/readiness/types.js';
import { renderReadinessJUnit } from '../../cli/render/readiness-junit.js';
import { renderReadinessMarkdown, renderReadinessStepSummary } from '../../cli/render/readiness-markdown.js';
import { renderReadinessTerminal } from '../../cli/render/readiness-terminal.js';
import { readinessHeadline } from '../../cli/render/readiness-text.js';

function report(items: ReadinessItem[], partial = false): ReadinessReport {
  const s = scoreItems(items);
  return {
    schema: READINESS_SCHEMA, target: { url: 'http://127.0.0.1:4000', bundled: true, faults: ['queue-bottleneck'] },
    startedAt: '2026-01-01T00:00:00.000Z', durationMs: 41_200, phaseDurationMs: 5000, partial,
    percent: s.percent, verdict: s.verdict, items, left: s.left, invalidReasons: s.invalidReasons,
  };
}

const passing = () => ITEM_ORDER.map((id) => makeItem(id, [{ name: `${id} ok`, pass: true, evidence: note(`${id} evidence`) }]));
const failing = () => passing().map((i) => (i.id === 'overload'
  ? makeItem('overload', [{ name: 'no request timed out', pass: false, evidence: note('41 of 160 timed out | after 5 s') }])
  : i));

describe('readiness renderers', () => {
  it('headline: verdict, percentage and the items not yet passing', () => {
    expect(readinessHeadline(report(passing()))).toBe('PASS  readiness 100 %: 10/10 items pass');
    expect(readinessHeadline(report(failing()))).toBe('FAIL  readiness 90 %: 9/10 items pass; not yet: overload');
    expect(readinessHeadline(report(failing(), true))).toMatch(/^FAIL PARTIAL {2}readiness 90 %/);
  });

  it('markdown: verdict, target with faults, items table, what is left and every check with its evidence', () => {
    const md = renderReadinessMarkdown(report(failing()));
    expect(md.startsWith('# FAIL: readiness 90 %\n\n9/10 items pass; not yet: overload\n')).toBe(true);
    expect(md).toContain('(bundled reference server, faults: queue-bottleneck)');
    expect(md).toContain('timeouts 50/60 · performance 25/25 · monitoring & security 15/15');
    expect(md).toContain('| Overload answered with 503 + Retry-After, not timeouts | timeouts | 0/10 | **FAIL** |');
    expect(md).toContain('## What is left\n\n- Overload answered with 503 + Retry-After, not timeouts — no request timed out: 41 of 160 timed out | after 5 s');
    // Inside a table the pipe is escaped so the row keeps its columns.
    expect(md).toContain('| no request timed out | **FAIL** | 41 of 160 timed out \\| after 5 s |');
    expect(md).toContain('| phase1 ok | pass | phase1 evidence |');
    expect(renderReadinessMarkdown(report(failing()))).toBe(md);
  });

  it('markdown of a clean run says nothing is left', () => {
    expect(renderReadinessMarkdown(report(passing()))).toContain('## What is left\n\nNothing: every check passed.');
  });

  it('JUnit: one testcase per item, a failure carrying the failed checks, an error for an invalid item', () => {
    const items = failing().map((i) => (i.id === 'phase3'
      ? makeItem('phase3', [{ name: 'run validity', pass: false, evidence: note('generator short of CPU') }], { invalid: true })
      : i));
    const xml = renderReadinessJUnit(report(items));
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml);
    const suite = doc.testsuites.testsuite;
    expect(suite).toMatchObject({ name: 'readiness', tests: '10', failures: '1', errors: '1' });
    const cases = suite.testcase as Array<Record<string, any>>;
    expect(cases).toHaveLength(10);
    const overload = cases.find((c) => c.name === 'Overload answered with 503 + Retry-After, not timeouts [overload]');
    expect(overload?.failure['#text']).toBe('no request timed out: 41 of 160 timed out | after 5 s');
    expect(cases.find((c) => String(c.name).endsWith('[phase3]'))?.error.type).toBe('RunInvalid');
  });

  it('terminal: one line per item with points, then what is left; no colour codes when off', () => {
    const text = renderReadinessTerminal(report(failing()), { color: false });
    const lines = text.split('\n');
    expect(lines[0]).toBe('FAIL  readiness 90 %: 9/10 items pass; not yet: overload');
    expect(lines.find((l) => l.startsWith('FAIL'))).toBeDefined();
    expect(text).toMatch(/FAIL\s+0\/10 {2}Overload answered/);
    expect(text).toContain('Left to reach 100 % (1):\n  - Overload');
    expect(text).not.toMatch(/\u001b\[/);
    expect(renderReadinessTerminal(report(failing()), { color: true })).toMatch(/\u001b\[/);
  });

  it('step summary: headline and one row per item', () => {
    const summary = renderReadinessStepSummary(report(failing()));
    expect(summary.split('\n')[0]).toBe('### FAIL: readiness 90 %');
    expect(summary.match(/^\| /gm)).toHaveLength(12);
  });
});
