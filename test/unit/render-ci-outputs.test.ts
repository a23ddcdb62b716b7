import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkCiOutputs, writeCiOutputs } from '../../cli/commands/ci-outputs.js';
import { renderStepSummary } from '../../cli/render/step-summary.js';
import { UsageError } from '../../cli/core/errors.js';
import { evaluate } from '../../cli/evaluate/evaluate.js';
import { loadFixture } from './markdown-helpers.js';

const result = loadFixture('phase1-fail');
const evaluation = evaluate(result);
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'zb-ci-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('renderStepSummary', () => {
  const summary = renderStepSummary(result, evaluation);

  it('leads with the verdict and each miss with its cause, then targets (misses first) and one line per endpoint', () => {
    const lines = summary.split('\n');
    expect(lines[0]).toBe('### FAIL: phase1');
    expect(lines[2]).toBe('1 of 10 target(s) missed.');
    expect(lines[4]).toBe('- `p95 < 1s` on session_login measured >= 10 s (limit < 1 s): P95 sits on 9 timed-out requests (timeout 10 s), got 401 ×1.');
    expect(lines.find((l) => l.startsWith('| `'))).toContain('**FAIL**');
    expect(summary).toContain('| `p95 < 1s` | session_login | >= 10 s | < 1 s | **FAIL** (session_login (>= 10 s)) |');
    expect(summary).toContain('| session_login | 9.4 | 6.67 % | >= 10 s | >= 10 s |');
    expect(summary).not.toContain('```mermaid');
    expect(summary.length).toBeLessThan(3000);
  });
});

describe('writeCiOutputs', () => {
  it('writes JUnit into a folder it creates and appends the summary to GITHUB_STEP_SUMMARY', async () => {
    const junit = join(dir, 'nested', 'junit.xml');
    const summaryFile = join(dir, 'summary.md');
    await writeFile(summaryFile, 'earlier step\n');
    const out = await writeCiOutputs(result, evaluation, { junit, env: { GITHUB_STEP_SUMMARY: summaryFile } });
    expect(out).toEqual({ junit, stepSummary: summaryFile, problems: [] });
    expect(await readFile(junit, 'utf8')).toContain('<testsuite name="phase1" tests="10" failures="1"');
    const summary = await readFile(summaryFile, 'utf8');
    expect(summary.startsWith('earlier step\n### FAIL: phase1')).toBe(true);
  });

  it('writes nothing when asked for nothing', async () => {
    expect(await writeCiOutputs(result, evaluation, { env: {} })).toEqual({ junit: null, stepSummary: null, problems: [] });
  });

  it('returns a problem instead of throwing when a file cannot be written', async () => {
    const blocker = join(dir, 'file');
    await writeFile(blocker, 'x');
    const out = await writeCiOutputs(result, evaluation, { junit: join(blocker, 'junit.xml'), env: {} });
    expect(out.junit).toBeNull();
    expect(out.problems).toHaveLength(1);
    expect(out.problems[0]).toMatch(/^JUnit file .*junit\.xml not written: /);
  });
});

describe('checkCiOutputs', () => {
  it('refuses a --junit path whose folder cannot be made, before any run', async () => {
    const blocker = join(dir, 'file');
    await writeFile(blocker, 'x');
    await expect(checkCiOutputs({ junit: join(blocker, 'junit.xml') })).rejects.toThrow(UsageError);
    await expect(checkCiOutputs({ junit: join(blocker, 'junit.xml') })).rejects.toThrow(/^--junit: cannot write to folder/);
    await expect(checkCiOutputs({ junit: join(dir, 'ok', 'junit.xml') })).resolves.toBeUndefined();
  });
});
