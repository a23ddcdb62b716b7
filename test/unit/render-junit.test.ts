import { describe, expect, it } from 'vitest';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { renderJUnit, xmlEscape } from '../../cli/render/junit.js';
import { evaluate } from '../../cli/evaluate/evaluate.js';
import type { Evaluation } from '../../cli/evaluate/types.js';
import type { RunResult } from '../../cli/results/types.js';
import { loadFixture } from './markdown-helpers.js';

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

describe('renderJUnit', () => {
  it('has one testcase per target and one failure carrying the measured value', () => {
    const r = loadFixture('phase1-fail');
    const { suites, suite, cases } = parse(r, evaluate(r));
    expect(suites).toMatchObject({ tests: '10', failures: '1', errors: '0' });
    expect(suite).toMatchObject({ name: 'phase1', tests: '10', failures: '1', errors: '0', skipped: '0', time: '15.000', timestamp: '2026-11-28T10:00:00' });
    expect(cases.map((c) => c.name).slice(0, 3)).toEqual(['p95 < 1s [overall]', 'error_rate < 10% [overall]', 'p95 < 1s [me]']);
    expect(cases.every((c) => c.classname === 'phase1')).toBe(true);
    const failed = cases.filter((c) => c.failure);
    expect(failed).toHaveLength(1);
    expect(failed[0]!.name).toBe('p95 < 1s [session_login]');
    expect(failed[0]!.failure!.message).toBe('measured >= 10 s, limit < 1 s');
    expect(failed[0]!.failure!['#text']).toBe('measured >= 10 s, limit < 1 s');
  });

  it('names the offenders of an overall target with their values', () => {
    const r = loadFixture('phase1-fail');
    const evaluation = evaluate(r, [{ metric: 'p95', op: '<', value: 100, endpoint: null, source: 'p95 < 100ms' }]);
    const { cases } = parse(r, evaluation);
    expect(cases[0]!.failure!.message).toBe('measured 209 ms, limit < 100 ms; broken by session_login (>= 10 s), email_verify (555 ms)');
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

  it('escapes the five XML specials and replaces characters XML cannot hold', () => {
    expect(xmlEscape(`<a href="x">&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;');
    expect(xmlEscape('a\u0000b\ud800c')).toBe('a\ufffdb\ufffdc');
  });
});
