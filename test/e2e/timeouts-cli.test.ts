// The daily check end to end: the clean bundled server is 7/7 resolved (exit 0); a fault that makes
// endpoints time out or fail is not (exit 1), and each unresolved endpoint says why.
import { describe, expect, it } from 'vitest';
import { faultNames } from '../../cli/diagnose/faults.js';
import { runCli } from './diagnose-harness.js';

describe('zimmer-bench timeouts', () => {
  it('7/7 resolved on the clean server, exit 0', async () => {
    const r = await runCli(['timeouts', '--duration', '1500ms', '--json']);
    const check = JSON.parse(r.stdout) as { resolved: number; total: number; endpoints: Array<{ label: string; attempted: number }> };
    expect(check.total).toBe(7);
    expect(check.endpoints.every((e) => e.attempted > 0)).toBe(true);
    expect(r.stderr).toMatch(/^7\/7 resolved \(resolved = no timeouts, errors < 10 %, P95 < 1 s under load\)/);
    expect(check.resolved).toBe(7);
    expect(r.code).toBe(0);
  });

  it.runIf(faultNames().includes('queue-bottleneck'))('a concurrency-1 queue on login leaves it unresolved, exit 1', async () => {
    const r = await runCli(['timeouts', '--duration', '2s', '--fault', 'queue-bottleneck']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^[0-6]\/7 resolved/);
    expect(r.stdout).toMatch(/UNRESOLVED {2}POST \/api\/auth\/login/);
    expect(r.stdout).toMatch(/why: .*(P95|timeout)/);
  });

  it('a bad duration is a usage error', async () => {
    const r = await runCli(['timeouts', '--duration', 'soon']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--duration/);
  });
});
