// No false alarm on a busy machine: the clean reference server and a clean test target diagnosed
// while another process keeps a core busy (a bounded busy loop, killed after). Healthy, or
// INCONCLUSIVE (exit 4) with its reason; never a cause. Both run at once beside one hog, so each
// is also the other's noise: a busier machine than one hog alone, and half the wall time.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCENARIO, startTarget } from '../targets/start.js';
import { matrixLine, runCli, type DiagnoseRun } from './diagnose-harness.js';

const out = mkdtempSync(join(tmpdir(), 'zimmer-busy-'));
const stops: Array<() => Promise<void>> = [];
beforeAll(async () => {
  const h = await startTarget('cpu-hog.mjs', ['--seconds', '60']);
  stops.push(h.stop);
});
afterAll(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
  rmSync(out, { recursive: true, force: true });
});

const BUDGET = process.env.ZIMMER_LIMITS_BUDGET ?? '14s';

function expectQuiet(r: DiagnoseRun): void {
  const d = r.diagnosis;
  expect(d, r.stderr).not.toBeNull();
  expect(['healthy', 'inconclusive'], JSON.stringify({ verdict: d?.verdict, causes: d?.causes, notes: d?.notes }, null, 1)).toContain(d?.verdict);
  if (d?.verdict === 'healthy') {
    expect(d.causes.filter((c) => c.kind !== 'limit')).toEqual([]);
    expect(r.code).toBe(0);
  } else {
    expect(d?.inconclusive).toBeTruthy();
    // --json puts the document on stdout and the verdict line on stderr.
    expect(r.stderr.split('\n')[0]).toMatch(/^INCONCLUSIVE /);
    expect(r.code).toBe(4);
  }
}

describe.concurrent('diagnose on a busy machine (a CPU hog beside the target)', () => {
  it('the clean reference server, black box: healthy or inconclusive, never a cause', async () => {
    const r = await runCli(['diagnose', '--budget', BUDGET, '--no-server-signals', '--json', '--quiet', '--out', out]);
    process.stdout.write(`[matrix] ${matrixLine('(no fault, busy, black box)', r)}\n`);
    expectQuiet(r);
  });

  it('a clean test target: healthy or inconclusive, never a cause', async () => {
    const app = await startTarget('app.mjs');
    try {
      const r = await runCli(['diagnose', '--target', app.url, '--scenario', SCENARIO, '--budget', BUDGET, '--no-server-signals', '--json', '--quiet', '--out', out]);
      process.stdout.write(`[matrix] ${matrixLine('clean app (busy)', r)}\n`);
      expectQuiet(r);
    } finally {
      await app.stop();
    }
  });
});
