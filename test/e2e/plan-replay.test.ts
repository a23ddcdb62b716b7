// A short replay of two milestones: the exit code follows the verdicts the report shows, and the
// report holds the table (milestone | plan expects | measured | verdict) with per-endpoint detail.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanupAfterEach, runCli } from './cli-harness.js';

const { out } = cleanupAfterEach();

describe('zimmer-bench plan', () => {
  it('replays today and phase-2 in seconds each; exits as its measurements say', async () => {
    const dir = await out();
    const r = await runCli(['plan', '--milestones', 'today,phase-2', '--duration', '2s', '--daily-duration', '2s', '--out', dir, '--quiet'], { killAfterMs: 150_000 });
    const name = (await readdir(dir)).find((n) => /^plan-\d{8}-\d{6}\.md$/.test(n));
    expect(name, r.stderr).toBeDefined();
    const md = await readFile(join(dir, name as string), 'utf8');
    expect(md).toContain('| milestone | plan expects | measured | verdict |');
    const rows = md.split('\n').filter((l) => /^\| (Today|After Phase 2)/.test(l));
    expect(rows).toHaveLength(2);
    expect(rows[0]).toContain('Critical Endpoints Still Timing Out: 7');
    expect(rows[1]).toContain('Performance: P95 < 500ms; Error Rate: < 5%; Throughput: >50 RPS');
    expect(md).toMatch(/\| POST \/api\/auth\/login \| (yes|no) \|/);
    const verdicts = rows.map((l) => l.split(' | ').at(-1)?.replace(/ \|$/, ''));
    const expected = verdicts.includes('does not hold') ? 1 : verdicts.includes('cannot tell') ? 3 : 0;
    expect(r.code).toBe(expected);
    expect(r.stdout).toContain(`report: ${join(dir, name as string)}`);
  }, 160_000);

  it('an unknown milestone is a usage error naming the known ones', async () => {
    const r = await runCli(['plan', '--milestones', 'tomorrow']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--milestones: unknown "tomorrow"; choose from today, steps-1-3/);
  });
});
