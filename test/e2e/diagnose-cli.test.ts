// diagnose's command-line contract: bad input -> exit 2 with a one-line message, an unreachable
// target -> exit 3 (the report files written where --out says: diagnose-matrix.test.ts, on its
// clean-server run).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './diagnose-harness.js';

const out = mkdtempSync(join(tmpdir(), 'zimmer-diagnose-cli-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('diagnose command line', () => {
  it('an unknown fault is a usage error naming the known ones', async () => {
    const r = await runCli(['diagnose', '--fault', 'no-such-fault', '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/unknown fault "no-such-fault": known faults are/);
  });

  it('--fault with --target is refused, and so is a budget too short to measure anything', async () => {
    const both = await runCli(['diagnose', '--fault', 'x', '--target', 'http://127.0.0.1:9', '--out', out]);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/--fault starts the bundled server/);
    const short = await runCli(['diagnose', '--budget', '2s', '--out', out]);
    expect(short.code).toBe(2);
    expect(short.stderr).toMatch(/--budget 2s is too short/);
  });

  it('an unreachable target exits 3 with a one-line reason', async () => {
    const r = await runCli(['diagnose', '--target', 'http://127.0.0.1:1', '--budget', '10s', '--out', out]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/cannot connect to http:\/\/127\.0\.0\.1:1/);
  });
  // The files written to --out are checked on the clean server's run in diagnose-matrix.test.ts.
});
