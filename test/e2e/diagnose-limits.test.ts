// diagnose outside its lab, black box (--no-server-signals): test targets of test/targets/ with real
// protective mechanisms, each in its own process on loopback. The top cause must be the mechanism.
// Causes read from status codes and refused connections (shedding, circuit-open, connection-limit)
// hold on a busy machine, so those cases run at once, each the others' noise; the CPU-bound case,
// read from timing and the server's CPU, runs alone after them.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startBundledServer } from '../../cli/target/bundled-server.js';
import { SCENARIO, startTarget } from '../targets/start.js';
import { matrixLine, runCli, type DiagnoseRun } from './diagnose-harness.js';

const out = mkdtempSync(join(tmpdir(), 'zimmer-limits-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

/** Runs `body` with the processes it starts, stopped when it ends (cases run concurrently: no shared list). */
async function withTargets(body: (start: (script: Parameters<typeof startTarget>[0], args: string[]) => Promise<string>, keep: (stop: () => Promise<void>) => void) => Promise<void>): Promise<void> {
  const stops: Array<() => Promise<void>> = [];
  try {
    await body(async (script, args) => { const t = await startTarget(script, args); stops.push(t.stop); return t.url; }, (stop) => stops.push(stop));
  } finally {
    for (const stop of stops.reverse()) await stop();
  }
}

/** A small budget: each case must stay well inside the suite's ten minutes. */
const BUDGET = process.env.ZIMMER_LIMITS_BUDGET ?? '14s';

function diagnose(url: string, extra: string[] = []): Promise<DiagnoseRun> {
  return runCli(['diagnose', '--target', url, '--budget', BUDGET, '--no-server-signals', '--json', '--quiet', '--out', out, ...extra]);
}

function report(label: string, r: DiagnoseRun): void {
  process.stdout.write(`[matrix] ${matrixLine(label, r)}\n`);
}

const detail = (r: DiagnoseRun) => `${r.stderr}\n${JSON.stringify({ verdict: r.diagnosis?.verdict, causes: r.diagnosis?.causes, notes: r.diagnosis?.notes }, null, 1)}`;

describe.concurrent('diagnose names limits and protections, black box (read from status codes: at once)', () => {
  it('a concurrency limiter that sheds: shedding, by concurrency, from the app, with Retry-After', () => withTargets(async (start) => {
    const r = await diagnose(await start('app.mjs', ['--shed', '2']), ['--scenario', SCENARIO]);
    report('shed above 2 (app)', r);
    const top = r.diagnosis?.causes[0];
    expect(top?.cause, detail(r)).toBe('shedding');
    expect(top?.kind).toBe('protection');
    expect(top?.confidenceReason).toMatch(/shed by concurrency above/);
    expect(top?.evidence.join(' ')).toMatch(/Retry-After: 1/);
    expect(r.diagnosis?.verdict).toBe('found');
    expect(r.code).toBe(1);
  }));

  it('a fixed-rate limiter in a proxy in front of the healthy reference server: shedding by rate, from the proxy', () => withTargets(async (start, keep) => {
    const server = await startBundledServer({ seedUsers: 20, faults: [] });
    keep(() => server.stop());
    const r = await diagnose(await start('rate-limit-proxy.mjs', ['--upstream', server.url, '--rate', '40', '--burst', '10']));
    report('rate limit 40/s (proxy)', r);
    const top = r.diagnosis?.causes[0];
    expect(top?.cause, detail(r)).toBe('shedding');
    expect(top?.confidenceReason).toMatch(/by request rate/);
    expect(top?.confidenceReason).toMatch(/from a proxy in front of the app/);
    expect(r.diagnosis?.healthy).toBe(false);
    expect(r.stderr).not.toMatch(/MaxListenersExceededWarning/);
    expect(r.code).toBe(1);
  }));

  it('a circuit breaker over a pool its load overruns: circuit-open, failing fast even alone after the burst, then recovering', () => withTargets(async (start) => {
    // 4 ms of CPU held in each of the pool's 2 slots: 16 connections wait longer than its 15 ms acquire timeout.
    const r = await diagnose(await start('app.mjs', ['--breaker', '--work-ms', '4']), ['--scenario', SCENARIO]);
    report('breaker', r);
    const top = r.diagnosis?.causes[0];
    expect(top?.cause, detail(r)).toBe('circuit-open');
    expect(top?.kind).toBe('protection');
    expect(r.diagnosis?.observations.recovery?.steps[0]?.status).toBe(503);
    expect(r.code).toBe(1);
  }));

  it('a connection cap: connection-limit, with the number of connections it takes', () => withTargets(async (start) => {
    const r = await diagnose(await start('app.mjs', ['--max-connections', '4']), ['--scenario', SCENARIO]);
    report('max 4 connections', r);
    const top = r.diagnosis?.causes[0];
    expect(top?.cause, detail(r)).toBe('connection-limit');
    expect(top?.fix).toMatch(/takes ~\d+ connections at once/);
    expect(r.code).toBe(1);
  }));
});

describe('diagnose tells capacity from a cap by the server\'s CPU, black box (read from timing: alone)', () => {
  it('a CPU-bound server beyond its capacity: at-capacity with its CPU read from /proc, or inconclusive when the machine starves it', () => withTargets(async (start) => {
    // 45 ms of CPU a request: ~44/s on two cores, so 16 connections wait ~360 ms, well past the
    // scenario's 250 ms P95. (At 30 ms, ~270 ms, a busy machine's calibration could leave the
    // requests cheap enough to meet it, and the run came out healthy.)
    const r = await diagnose(await start('app.mjs', ['--work-ms', '45']), ['--scenario', SCENARIO]);
    report('CPU-bound (capacity)', r);
    expect(r.diagnosis?.notes.join(' '), detail(r)).toMatch(/CPU was read from \/proc, even with --no-server-signals/);
    // Never a cap: the CPU was seen, and it was all used.
    expect(r.diagnosis?.causes.map((c) => c.cause), detail(r)).not.toContain('queue-bottleneck');
    if (r.diagnosis?.verdict === 'inconclusive') {
      expect(r.diagnosis.inconclusive, detail(r)).toMatch(/busy|budget/);
      expect(r.code).toBe(4);
      return;
    }
    expect(r.diagnosis?.causes[0]?.cause, detail(r)).toBe('at-capacity');
    expect(r.diagnosis?.causes[0]?.confidenceReason).toMatch(/CPU all used/);
    expect(r.code).toBe(1);
  }));
});
