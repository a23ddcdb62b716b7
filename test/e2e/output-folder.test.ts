// Output paths that cannot be written: every command refuses them at once with one line and exit 2,
// before measuring anything. Under /proc, Node 20's recursive mkdir used to spin forever.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { ROOT, runCli } from './cli-harness.js';

const fixture = join(ROOT, 'test/fixtures/results-phase1-pass.json');
// A hang must fail the test, not the suite: the CLI is killed well before vitest's own timeout.
const bounded = { killAfterMs: 20_000 };

function oneLine(r: { code: number | null; signal: NodeJS.Signals | null; stderr: string }): string {
  expect(r.signal, 'the CLI hung and was killed').toBeNull();
  expect(r.code).toBe(2);
  const lines = r.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  return lines[0]!;
}

describe('an output folder that cannot be made', () => {
  it('run/phase1 --out /proc/zb exits 2 naming the folder, before starting anything', async () => {
    const line = oneLine(await runCli(['phase1', '--out', '/proc/zb/reports'], bounded));
    expect(line).toBe('zimmer-bench: --out: cannot write to folder "/proc/zb/reports" (ENOENT): pick a writable folder, e.g. --out reports');
  });

  it('a folder below a file is refused the same way', async () => {
    const line = oneLine(await runCli(['diagnose', '--out', join(fixture, 'x')], bounded));
    expect(line).toMatch(/^zimmer-bench: --out: cannot write to folder ".*results-phase1-pass\.json\/x" \(ENOTDIR\): /);
  });

  it('report --out, report --junit and compare --out under /proc exit 2 naming the flag', async () => {
    expect(oneLine(await runCli(['report', fixture, '--out', '/proc/zb/r.md'], bounded))).toMatch(/^zimmer-bench: --out: cannot write to folder "\/proc\/zb" \(ENOENT\)/);
    expect(oneLine(await runCli(['report', fixture, '--junit', '/proc/zb/j.xml'], bounded))).toMatch(/^zimmer-bench: --junit: cannot write to folder "\/proc\/zb" \(ENOENT\)/);
    expect(oneLine(await runCli(['compare', fixture, fixture, '--out', '/proc/zb/c.md'], bounded))).toMatch(/^zimmer-bench: --out: cannot write to folder "\/proc\/zb" \(ENOENT\)/);
  });
});
