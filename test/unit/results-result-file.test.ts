import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseResultDocument, parseResultText, readResultFile } from '../../cli/results/result-file.js';
import { UsageError } from '../../cli/core/errors.js';
import { evaluate } from '../../cli/evaluate/evaluate.js';
import { renderJson } from '../../cli/render/json.js';
import { fixturePath, loadFixture } from './markdown-helpers.js';

function problem(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    const message = (err as Error).message;
    expect(message).not.toContain('\n');
    return message;
  }
  throw new Error('expected a UsageError');
}

describe('parseResultDocument', () => {
  it('accepts every fixture and returns the same data', () => {
    for (const name of ['phase1-fail', 'phase1-pass', 'phase2-invalid'] as const) {
      const r = loadFixture(name);
      expect(parseResultDocument(r, 'x.json')).toEqual(r);
    }
  });

  it('accepts the run document (result with its evaluation beside it) and drops the evaluation', () => {
    const r = loadFixture('phase1-fail');
    const parsed = parseResultText(renderJson(r, evaluate(r)), 'run.json');
    expect(parsed).toEqual(r);
    expect('evaluation' in parsed).toBe(false);
  });

  it('refuses a foreign document, saying what it expected', () => {
    expect(problem(() => parseResultDocument({ name: 'package' }, 'package.json'))).toBe(
      'package.json: not a zimmer-bench results file (no "schema" field, expected "zimmer-bench/result@1"): ' +
        'pass the .json that `zimmer-bench run` or `phase1` wrote',
    );
    expect(problem(() => parseResultDocument({ schema: 'k6/summary' }, 'k.json'))).toContain('(schema "k6/summary", expected');
    expect(problem(() => parseResultDocument([1, 2], 'a.json'))).toContain('not a zimmer-bench results file');
  });

  it('names the first damaged field by its path and counts the others', () => {
    const r = loadFixture('phase1-fail') as unknown as { endpoints: Array<{ latency: Record<string, unknown> }>; timeline: unknown };
    r.endpoints[2]!.latency.p95 = 'fast';
    r.timeline = 'none';
    expect(problem(() => parseResultDocument(r, 'r.json'))).toMatch(
      /^r\.json: damaged zimmer-bench\/result@1 document: endpoints\[2\]\.latency\.p95: .*number.* \(and 1 more problem\(s\)\): /,
    );
  });

  it('names a histogram that does not decode, and one that disagrees with its summary', () => {
    const r = loadFixture('phase1-pass');
    r.endpoints[1]!.histogram = r.endpoints[1]!.histogram.slice(0, 40);
    expect(problem(() => parseResultDocument(r, 'h.json'))).toMatch(
      /^h\.json: damaged zimmer-bench\/result@1 document: endpoints\[1\]\.histogram: not a readable HDR histogram \(.+\): /,
    );
    const s = loadFixture('phase1-pass');
    s.overall.histogram = s.endpoints[0]!.histogram;
    expect(problem(() => parseResultDocument(s, 's.json'))).toContain(
      `overall.histogram: holds ${s.endpoints[0]!.latency.count} request(s) where latency.count says ${s.overall.latency.count}`,
    );
  });

  it('refuses bad JSON with the parser\'s position', () => {
    expect(problem(() => parseResultText('{"schema": ', 'cut.json'))).toMatch(/^cut\.json: not valid JSON \(.+\): pass a results \.json file$/);
  });
});

describe('readResultFile', () => {
  it('reads a fixture from disk', async () => {
    const r = await readResultFile(fixturePath('phase1-pass'));
    expect(r).toEqual(JSON.parse(readFileSync(fixturePath('phase1-pass'), 'utf8')));
  });

  it('says which file could not be read', async () => {
    await expect(readResultFile('/nonexistent/r.json')).rejects.toThrow('cannot read results file /nonexistent/r.json (ENOENT): check the path');
  });
});
