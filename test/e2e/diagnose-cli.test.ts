// diagnose's command-line contract: bad input -> exit 2 with a one-line message, an unreachable
// target -> exit 3, and the report files written where --out says.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
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

  it('writes the diagnosis as JSON and markdown to --out', async () => {
    const r = await runCli(['diagnose', '--budget', '12s', '--quiet', '--out', out]);
    // Healthy, or inconclusive (exit 4) on a machine too busy to tell.
    expect([0, 4]).toContain(r.code);
    expect(r.stdout).toMatch(/^(HEALTHY|INCONCLUSIVE) /);
    const files = readdirSync(out).filter((f) => f.startsWith('diagnose-'));
    const json = files.find((f) => f.endsWith('.json'));
    const md = files.find((f) => f.endsWith('.md'));
    expect(json && md).toBeTruthy();
    const doc = JSON.parse(readFileSync(join(out, json ?? ''), 'utf8')) as { schema: string; experiments: unknown[]; budgetMs: number; durationMs: number };
    expect(doc.schema).toBe('zimmer-bench/diagnosis@1');
    expect(doc.experiments.length).toBeGreaterThanOrEqual(7);
    expect(doc.durationMs).toBeLessThanOrEqual(doc.budgetMs + 1500);
    expect(readFileSync(join(out, md ?? ''), 'utf8')).toMatch(/^# Diagnosis: phase1 against http:\/\/127\.0\.0\.1:\d+/);
  });
});
