import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../e2e/cli-harness.js';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { renderJUnit } from '../../cli/render/junit.js';
import { xmlDocument, xmlSafe } from '../../cli/render/xml.js';
import { evaluate } from '../../cli/evaluate/evaluate.js';
import type { Evaluation } from '../../cli/evaluate/types.js';
import type { RunResult } from '../../cli/results/types.js';
import { loadFixture } from './markdown-helpers.js';

const XSD = join(ROOT, 'test', 'fixtures', 'junit', 'junit-10.xsd');

interface Case {
  classname: string;
  name: string;
  failure?: { message: string; type: string; '#text': string };
  error?: { message: string; type: string };
  skipped?: { message: string };
}

function parse(result: RunResult, evaluation: Evaluation) {
  const xml = renderJUnit(result, evaluation);
  expect(XMLValidator.validate(xml)).toBe(true);
  const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => name === 'testcase' }).parse(xml);
  const suite = doc.testsuites.testsuite;
  return { xml, suites: doc.testsuites, suite, cases: suite.testcase as Case[] };
}

/** xmllint (libxml2) against the Jenkins junit-10.xsd fixture; `.ci/run` installs it where apt-get works. */
function validateXsd(xml: string): { ok: boolean; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'zb-junit-'));
  try {
    const file = join(dir, 'junit.xml');
    writeFileSync(file, xml);
    const r = spawnSync('xmllint', ['--noout', '--schema', XSD, file], { encoding: 'utf8' });
    if (r.error) throw new Error(`xmllint is needed for this test (Debian: apt-get install libxml2-utils): ${r.error.message}`);
    return { ok: r.status === 0, output: r.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('JUnit against the common JUnit XSD (junit-10.xsd)', () => {
  it.each(['phase1-pass', 'phase1-fail', 'phase2-invalid'] as const)('the %s run validates', (name) => {
    const r = loadFixture(name);
    const v = validateXsd(renderJUnit(r, evaluate(r)));
    expect(v.ok, v.output).toBe(true);
  });
  it('the schema does refuse a skipped count on testsuites (the check can fail)', () => {
    const v = validateXsd('<?xml version="1.0"?><testsuites skipped="0"><testsuite name="x" tests="0"/></testsuites>');
    expect(v.ok).toBe(false);
    expect(v.output).toMatch(/skipped/);
  });
});

describe('renderJUnit', () => {
  it('has one testcase per target and one failure carrying the measured value', () => {
    const r = loadFixture('phase1-fail');
    const { suites, suite, cases } = parse(r, evaluate(r));
    expect(suites).toMatchObject({ tests: '10', failures: '1', errors: '0' });
    expect(suite).toMatchObject({ name: 'phase1', tests: '10', failures: '1', errors: '0', skipped: '0', time: '15.000', timestamp: '2026-11-28T10:00:00' });
    // The miss first, then the passes in scenario order.
    expect(cases.map((c) => c.name).slice(0, 4)).toEqual(['p95 < 1s [session_login]', 'p95 < 1s [overall]', 'error_rate < 10% [overall]', 'p95 < 1s [me]']);
    expect(cases.every((c) => c.classname === 'phase1')).toBe(true);
    const failed = cases.filter((c) => c.failure);
    expect(failed).toHaveLength(1);
    expect(failed[0]!.name).toBe('p95 < 1s [session_login]');
    const text = 'missed p95 < 1s on session_login: measured >= 10 s (a lower bound: the real value is higher still), the limit is < 1 s' +
      ' — P95 sits on 9 timed-out requests (timeout 10 s), got 401 ×1';
    expect(failed[0]!.failure!.message).toBe(text);
    expect(failed[0]!.failure!['#text']).toBe(text);
  });

  it('names the offenders of an overall target with their values', () => {
    const r = loadFixture('phase1-fail');
    const evaluation = evaluate(r, [{ metric: 'p95', op: '<', value: 100, endpoint: null, source: 'p95 < 100ms' }]);
    const { cases } = parse(r, evaluation);
    expect(cases[0]!.failure!.message).toBe('missed p95 < 100ms overall: measured 209 ms, the limit is < 100 ms' +
      ' — session_login >= 10 s: P95 sits on 9 timed-out requests (timeout 10 s), got 401 ×1; email_verify 555 ms: got 503 ×6');
  });

  it('passes a healthy run with no failure elements', () => {
    const r = loadFixture('phase1-pass');
    const { xml, suite } = parse(r, evaluate(r));
    expect(suite).toMatchObject({ tests: '10', failures: '0', errors: '0' });
    expect(xml).not.toContain('<failure');
  });

  it('reports an invalid run as an error and leaves its targets unjudged', () => {
    const r = loadFixture('phase2-invalid');
    const { suite, cases } = parse(r, evaluate(r));
    expect(suite).toMatchObject({ tests: '4', failures: '0', errors: '1', skipped: '3' });
    const validity = cases.find((c) => c.name === 'run validity')!;
    expect(validity.error!.type).toBe('RunInvalid');
    expect(validity.error!.message).toContain('412 arrivals were dropped because maxInFlight was reached');
    expect(cases.filter((c) => c.skipped)).toHaveLength(3);
  });

  it('stays well-formed whatever the names hold', () => {
    const r = loadFixture('phase1-fail');
    r.scenario.name = 'a<b> & "c" \u0001';
    const target = { metric: 'p95' as const, op: '<' as const, value: 1, endpoint: 'login', source: "p95 < 1ms & 'x'" };
    const { suite, cases } = parse(r, evaluate(r, [target]));
    expect(suite.name).toBe('a<b> & "c" \ufffd');
    expect(cases[0]!.name).toBe("p95 < 1ms & 'x' [login]");
  });

  it('escapes the five XML specials and replaces characters XML cannot hold, in attributes and text', () => {
    expect(xmlSafe('a\u0000b\ud800c\ud83d\ude00')).toBe('a\ufffdb\ufffdc\ud83d\ude00');
    const xml = xmlDocument({ a: { '@x': `<a href="x">&'</a>\u0001`, b: [{ '#text': '</b>&\u0002' }, {}] } });
    expect(xml).toBe('<?xml version="1.0" encoding="UTF-8"?>\n' +
      '<a x="&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;\ufffd">\n  <b>&lt;/b&gt;&amp;\ufffd</b>\n  <b/>\n</a>\n');
    expect(XMLValidator.validate(xml)).toBe(true);
  });
});
