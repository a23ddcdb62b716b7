// The closed model against real loopback servers: attribution, latency mix, timeouts.
import { afterEach, describe, expect, it } from 'vitest';
import { runScenario } from '../../cli/runner/run-scenario.js';
import { closed, request, scenario, startServer, type TestServer } from './runner-fixtures.js';

let servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

async function serve(handler: Parameters<typeof startServer>[0]): Promise<string> {
  const s = await startServer(handler);
  servers.push(s);
  return s.url;
}

const endpoint = (r: Awaited<ReturnType<typeof runScenario>>, name: string) => {
  const e = r.endpoints.find((x) => x.name === name);
  if (!e) throw new Error(`no endpoint ${name}`);
  return e;
};

describe('closed model', () => {
  it('attributes each answer to its own request (fast 0 ms, slow 30 ms, mixed 1:1)', async () => {
    const url = await serve((req, res) => {
      const delay = req.url === '/slow' ? 30 : 0;
      setTimeout(() => res.end('ok'), delay);
    });
    const s = scenario([request('fast', '/fast'), request('slow', '/slow')],
      [{ weight: 1, run: ['fast'] }, { weight: 1, run: ['slow'] }], closed(4, 1500, 200));
    const r = await runScenario(s, { targetUrl: url, bundled: false });
    const fast = endpoint(r, 'fast');
    const slow = endpoint(r, 'slow');
    expect(fast.latency.p50).toBeLessThan(10);
    expect(slow.latency.p50).toBeGreaterThanOrEqual(29);
    expect(slow.latency.p50).toBeLessThan(60);
    // Each user alternates fast and slow: the counts split ~1:1 (at most one per user apart).
    expect(Math.abs(fast.attempted - slow.attempted)).toBeLessThanOrEqual(4);
    expect(r.overall.attempted).toBe(fast.attempted + slow.attempted);
    expect(r.overall.errors).toBe(0);
    expect(r.partial).toBe(false);
    expect(r.timeline.length).toBe(2);
  });

  it('reports P50 and P95 of a known latency mix (10 % of requests held 100 ms)', async () => {
    let n = 0;
    const url = await serve((_req, res) => {
      const held = n++ % 10 === 0;
      setTimeout(() => res.end('ok'), held ? 100 : 0);
    });
    const s = scenario([request('mixed', '/')], [{ weight: 1, run: ['mixed'] }], closed(1, 2000));
    const r = await runScenario(s, { targetUrl: url, bundled: false });
    const e = endpoint(r, 'mixed');
    // One connection: exactly every tenth request is held, so P50 is fast and P95 is the hold.
    expect(e.latency.p50).toBeLessThan(10);
    expect(e.latency.p95).toBeGreaterThanOrEqual(99);
    expect(e.latency.p95).toBeLessThan(130);
    expect(e.attempted).toBeGreaterThan(50);
  });

  it('counts a never-answering endpoint as timeouts at exactly its timeout, others unaffected', async () => {
    const url = await serve((req, res) => {
      if (req.url === '/hang') return; // never answers
      res.end('ok');
    });
    const s = scenario([request('ok', '/ok'), request('hang', '/hang', { timeoutMs: 300 })],
      [{ weight: 1, run: ['ok'] }, { weight: 1, run: ['hang'] }], closed(2, 1000));
    const r = await runScenario(s, { targetUrl: url, bundled: false });
    const hang = endpoint(r, 'hang');
    const ok = endpoint(r, 'ok');
    expect(hang.errorClasses.timeout).toBeGreaterThanOrEqual(2);
    expect(hang.errors).toBe(hang.attempted);
    expect(hang.latency.p95).toBeGreaterThanOrEqual(300);
    expect(hang.latency.max).toBeLessThan(301);
    expect(hang.atLeast).toContain('p95');
    expect(hang.statuses).toEqual({});
    expect(ok.errors).toBe(0);
    expect(ok.latency.p99).toBeLessThan(50);
    expect(ok.atLeast).toEqual([]);
    expect(r.overall.errorClasses.timeout).toBe(hang.errorClasses.timeout);
  });

  it('reads HEAD answers without waiting for the body they announce', async () => {
    const url = await serve((_req, res) => { res.setHeader('content-length', '5'); res.end('hello'); });
    const s = scenario([request('head', '/', { method: 'HEAD', timeoutMs: 500 }), request('get', '/')],
      [{ weight: 1, run: ['head', 'get'] }], closed(2, 500));
    const r = await runScenario(s, { targetUrl: url, bundled: false });
    expect(r.overall.errors).toBe(0);
    expect(endpoint(r, 'head').attempted).toBeGreaterThan(20);
    expect(endpoint(r, 'head').latency.max).toBeLessThan(500);
  });

  it('drains: requests in flight at the end of a short window still get their timeout', async () => {
    const url = await serve((req, res) => { if (req.url !== '/hang') res.end('ok'); });
    const s = scenario([request('hang', '/hang', { timeoutMs: 500 })], [{ weight: 1, run: ['hang'] }], closed(3, 200));
    const t0 = performance.now();
    const r = await runScenario(s, { targetUrl: url, bundled: false });
    // All three users' requests started inside the 200 ms window and time out at 500 ms, after it.
    expect(performance.now() - t0).toBeGreaterThanOrEqual(480);
    expect(r.overall.attempted).toBe(3);
    expect(r.overall.errorClasses.timeout).toBe(3);
    expect(r.overall.latency.p50).toBe(500);
    expect(r.measuredMs).toBe(200);
  });
});
