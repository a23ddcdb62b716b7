// End to end: the built CLI (`npm test` builds dist first) validating good and bad files.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const MAIN = resolve(import.meta.dirname, '../../dist/cli/main.js');

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [MAIN, ...args], { timeout: 20_000 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('zimmer-bench validate', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'zimmer-validate-'));
    await writeFile(join(dir, 'bad.yaml'), [
      'name: bad',
      'requests:',
      '  me: { method: GET, path: /api/me, timeout: soon }',
      'mix: [{ weight: 1, run: [mee] }]',
      'load: { model: closed, connections: 1, duration: 1s }',
      'targets: { overall: ["p95 < 200"] }',
    ].join('\n'));
  });
  afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

  it('exits 0 with a one-line summary for a good file', async () => {
    const r = await cli('validate', resolve(import.meta.dirname, '../../scenarios/phase1.yaml'));
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toBe('ok: phase1 (9 requests, closed model, 10 connections for 15s (+2s warm-up), 18 targets)\n');
  });

  it('accepts a bundled name', async () => {
    const r = await cli('validate', 'phase3');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ok: phase3 \(9 requests, open model/);
  });

  it('exits 2 and prints every problem as file:line:col on stderr', async () => {
    const file = join(dir, 'bad.yaml');
    const r = await cli('validate', file);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n');
    expect(lines[0]).toBe('zimmer-bench: 3 problem(s) in the scenario:');
    expect(lines.slice(1)).toEqual([
      `${file}:3:46: requests.me.timeout: not a duration: write 500ms, 10s, 1m or 1m30s`,
      `${file}:4:26: mix[0].run[0]: unknown request "mee" (did you mean "me"?)`,
      `${file}:6:22: targets.overall[0]: p95 needs a unit in target "p95 < 200" (write 200ms or 200s)`,
    ]);
  });

  it('--json prints the problems as data, still exiting 2', async () => {
    const r = await cli('validate', join(dir, 'bad.yaml'), '--json');
    expect(r.code).toBe(2);
    const out = JSON.parse(r.stdout) as { ok: boolean; problems: Array<{ line: number; path: string }> };
    expect(out.ok).toBe(false);
    expect(out.problems.map((p) => [p.line, p.path])).toEqual([[3, 'requests.me.timeout'], [4, 'mix[0].run[0]'], [6, 'targets.overall[0]']]);
  });

  it('--json prints the validated plan', async () => {
    const r = await cli('validate', 'today', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, scenario: { name: 'today', load: { model: 'closed' } } });
  });

  it('exits 2 for a missing file', async () => {
    const r = await cli('validate', join(dir, 'nope.yaml'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/nope\.yaml: cannot read the scenario file \(ENOENT\) \(check the path; bundled scenarios: today/);
  });
});
