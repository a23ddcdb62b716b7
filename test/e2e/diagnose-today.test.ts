// diagnose on the lab's `today` state (the action plan's starting point): the plan's four suspected
// causes on at once, by their real mechanisms. Every one must be named, with the endpoints it hits,
// in the ranking by how much of the slowness each explains, and one of them said to be fixed first.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { presetNames } from '../../cli/target/faults.js';
import { runCli } from './diagnose-harness.js';

const out = mkdtempSync(join(tmpdir(), 'zimmer-today-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

/** Long enough for the sweeps at 16 connections, where the pool and the sign-in queue show. */
const BUDGET = process.env.ZIMMER_TODAY_BUDGET ?? '60s';
const FOUR = ['middleware-order', 'db-pool-exhaustion', 'memory-pressure', 'queue-bottleneck'] as const;

describe('diagnose --preset today', () => {
  it('names all four of the plan\'s causes, ranked by the slowness each explains, and which to fix first', async () => {
    expect(presetNames()).toContain('today');
    const r = await runCli(['diagnose', '--preset', 'today', '--budget', BUDGET, '--json', '--quiet', '--out', out], 150_000);
    const d = r.diagnosis;
    const detail = `${r.stderr}\n${JSON.stringify({ verdict: d?.verdict, impact: d?.impact, causes: d?.causes.map((c) => [c.cause, c.confidence, c.confidenceReason]), notes: d?.notes }, null, 1)}`;
    process.stdout.write(`[today] ${(d?.impact ?? []).map((i) => `${i.cause} ${(i.share * 100).toFixed(0)} %`).join(', ')}; fix first ${d?.fixFirst}; ${r.seconds.toFixed(1)} s\n`);
    expect(d?.verdict, detail).toBe('found');
    const ranked = d?.impact.map((i) => i.cause) ?? [];
    for (const cause of FOUR) expect(ranked, detail).toContain(cause);
    for (const i of d?.impact ?? []) expect(i.endpoints.length, detail).toBeGreaterThan(0);
    // Ranked by share, most first, and the one to fix first is a defect of the list.
    const shares = d?.impact.map((i) => i.share) ?? [];
    expect(shares).toEqual([...shares].sort((a, b) => b - a));
    expect(FOUR).toContain(d?.fixFirst);
    expect(r.code).toBe(1);
  }, 160_000);
});
