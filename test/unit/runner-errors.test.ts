// What goes wrong: unreachable target, Ctrl-C, dropped connections, unexpected statuses.
import { afterEach, describe, expect, it } from 'vitest';
import { UnreachableError } from '../../cli/core/errors.js';
import { runScenario, type Progress } from '../../cli/runner/run-scenario.js';
import { closed, request, scenario, startServer, type TestServer } from './runner-fixtures.js';

let server: TestServer | null = null;
afterEach(async () => { await server?.close(); server = null; });

const one = (load = closed(2, 800)) => scenario([request('r', '/')], [{ weight: 1, run: ['r'] }], load);

describe('runner errors', () => {
  it('throws UnreachableError before any load when nothing listens', async () => {
    const err = await runScenario(one(), { targetUrl: 'http://127.0.0.1:1', bundled: false }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnreachableError);
    expect((err as Error).message).toBe(
      'cannot connect to http://127.0.0.1:1 (ECONNREFUSED): is the server running? use --target');
  });

  it('stops at once on abort and returns what was measured, marked partial', async () => {
    server = await startServer((_req, res) => setTimeout(() => res.end('ok'), 2));
    const ac = new AbortController();
    const progress: Progress[] = [];
    const t0 = performance.now();
    const r = await runScenario(one(closed(2, 10_000)), {
      targetUrl: server.url, bundled: false, signal: ac.signal,
      onProgress: (p) => { progress.push(p); if (p.phase === 'measure' && p.elapsedMs >= 600) ac.abort(); },
    });
    expect(performance.now() - t0).toBeLessThan(2500);
    expect(r.partial).toBe(true);
    expect(r.measuredMs).toBeGreaterThan(500);
    expect(r.measuredMs).toBeLessThan(2000);
    expect(r.overall.attempted).toBeGreaterThan(50);
    expect(progress[0]?.phase).toBe('setup');
    expect(progress.at(-1)).toMatchObject({ phase: 'measure', totalMs: 10_000 });
    expect(progress.at(-1)!.currentRps).toBeGreaterThan(0);
  });

  it('classifies dropped connections as reset and unexpected statuses as http4xx/http5xx', async () => {
    let n = 0;
    server = await startServer((req, res) => {
      const k = n++ % 3;
      if (k === 0) { req.socket.destroy(); return; }
      res.statusCode = k === 1 ? 503 : 404;
      res.end('no');
    });
    const r = await runScenario(one(closed(1, 600)), { targetUrl: server.url, bundled: false });
    const e = r.overall.errorClasses;
    expect(e.reset).toBeGreaterThan(5);
    expect(e.http5xx).toBeGreaterThan(5);
    expect(e.http4xx).toBeGreaterThan(5);
    expect(r.overall.errors).toBe(r.overall.attempted);
    expect(r.overall.statuses['503']).toBe(e.http5xx);
    // Dropped connections have no latency sample: only answers are in the histogram.
    expect(r.overall.latency.count).toBe(e.http4xx + e.http5xx);
  });

  it('marks a closed run invalid when the generator\'s own event loop is starved, and valid otherwise', async () => {
    server = await startServer((_req, res) => res.end('ok'));
    const quiet = await runScenario(one(closed(2, 600)), { targetUrl: server.url, bundled: false });
    expect(quiet.validity).toMatchObject({ valid: true, reasons: [] });
    // Something else hogging the generator's loop for 120 ms in every 200: its timings can't be trusted.
    const hog = setInterval(() => { const t = Date.now(); while (Date.now() - t < 120); }, 200);
    try {
      const starved = await runScenario(one(closed(2, 1000)), { targetUrl: server.url, bundled: false });
      expect(starved.validity.valid).toBe(false);
      expect(starved.validity.reasons.join(' ')).toMatch(/event loop was delayed/);
      expect(starved.validity.generatorLoopDelayP99Ms).toBeGreaterThan(50);
    } finally {
      clearInterval(hog);
    }
  });

  it('after a reset (RST), later answers keep their own latency: no request is matched to another\'s answer', async () => {
    let n = 0;
    server = await startServer((req, res) => {
      if (n++ % 4 === 0) { req.socket.resetAndDestroy(); return; }
      setTimeout(() => res.end('ok'), 20);
    });
    const r = await runScenario(one(closed(1, 800)), { targetUrl: server.url, bundled: false });
    const o = r.overall;
    expect(o.errorClasses.reset).toBeGreaterThan(3);
    expect(o.attempted).toBe(o.errorClasses.reset + o.latency.count);
    // Every answer took ~20 ms; one matched to an earlier send would show about twice that.
    expect(o.latency.p50).toBeGreaterThanOrEqual(19);
    expect(o.latency.p50).toBeLessThan(35);
    expect(o.latency.p90).toBeLessThan(38);
  });
});
