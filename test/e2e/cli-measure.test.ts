// Servers with known behaviour, measured through the built CLI: the numbers in the results JSON
// must match what the server was made to do.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { cleanupAfterEach, endpoint, readOutputs, runCli, startServer, writeScenario } from './cli-harness.js';

const { defer, out } = cleanupAfterEach();

async function setup(handler: Parameters<typeof startServer>[0]) {
  const server = await startServer(handler);
  defer(() => server.close());
  return { server, dir: await out() };
}

function json(body: unknown) {
  return JSON.stringify(body);
}

describe('zimmer-bench run --target: latency and timeouts as measured', () => {
  it('reports P50 and P95 of a known mix: every 10th request held 100 ms', async () => {
    let n = 0;
    const { server, dir } = await setup((_req, res) => {
      const held = ++n % 10 === 0;
      setTimeout(() => res.end(json({ ok: true })), held ? 100 : 0);
    });
    const file = await writeScenario(dir, 'mix.yaml', `name: mix
requests:
  hit: { method: GET, path: /hit }
load: { model: closed, connections: 10, duration: 2s, warmup: 300ms }
targets:
  overall: ["p95 < 1s"]
`);
    const junit = `${dir}/junit.xml`;
    const r = await runCli(['run', file, '--target', server.url, '--out', dir, '--junit', junit], {
      env: { GITHUB_STEP_SUMMARY: `${dir}/summary.md` },
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    // CI outputs: one passing testcase per target, and the summary appended for GitHub Actions.
    const xml = await readFile(junit, 'utf8');
    expect(xml).toMatch(/<testsuite[^>]*tests="1"[^>]*failures="0"/);
    expect(await readFile(`${dir}/summary.md`, 'utf8')).toMatch(/PASS/);
    const { json: doc } = await readOutputs(dir);
    const hit = endpoint(doc, 'hit');
    expect(hit.attempted).toBeGreaterThan(500);
    expect(hit.errors).toBe(0);
    // Tolerances: 90 % answer at once (a few ms on loopback), 10 % after a 100 ms timer (timers fire late, never early).
    expect(hit.latency.p50).toBeLessThan(15);
    expect(hit.latency.p95).toBeGreaterThanOrEqual(99);
    expect(hit.latency.p95).toBeLessThan(150);
    expect(doc.evaluation.verdict).toBe('pass');
  });

  it('counts requests that never get an answer as timeouts, shows the bound, and exits 1', async () => {
    const { server, dir } = await setup((req, res) => {
      if (req.url === '/never') return; // held open until the server closes
      res.end(json({ ok: true }));
    });
    const file = await writeScenario(dir, 'hang.yaml', `name: hang
defaults: { timeout: 300ms }
requests:
  quick: { method: GET, path: /quick }
  stuck: { method: GET, path: /never }
load: { model: closed, connections: 4, duration: 2s }
targets:
  endpoints:
    stuck: ["p95 < 1s"]
`);
    const r = await runCli(['run', file, '--target', server.url, '--out', dir]);
    expect(r.code).toBe(1);
    const { json: doc, markdown } = await readOutputs(dir);
    const stuck = endpoint(doc, 'stuck');
    expect(stuck.errorClasses.timeout).toBeGreaterThan(0);
    expect(stuck.errorClasses.timeout).toBe(stuck.errors);
    expect(stuck.latency.p95).toBeGreaterThanOrEqual(300);
    expect(stuck.atLeast).toContain('p95');
    expect(endpoint(doc, 'quick').errors).toBe(0);
    const row = r.stdout.split('\n').find((l) => l.startsWith('│ stuck'));
    expect(row).toContain('>= 300 ms');
    expect(r.stdout.split('\n')[0]).toMatch(/^FAIL/);
    expect(markdown).toContain('stuck');
    expect(doc.evaluation.outcomes[0]).toMatchObject({ pass: false, atLeast: true, brokenBy: ['stuck'] });
  });
});

describe('zimmer-bench run: the open model keeps its schedule through a stall', () => {
  it('includes the stall in the latency of requests due during it', async () => {
    // For 400 ms, starting 700 ms after the first request, every request is held until the stall
    // ends. Only two sockets are allowed, so most requests due in the stall wait in the generator:
    // timed from when they were due, about 20 of ~100 requests must show a wait.
    let first = 0;
    const { server, dir } = await setup((_req, res) => {
      const now = Date.now();
      if (!first) first = now;
      const stallStart = first + 700;
      const stallEnd = stallStart + 400;
      const wait = now >= stallStart && now < stallEnd ? stallEnd - now : 0;
      setTimeout(() => res.end(json({ ok: true })), wait);
    });
    const file = await writeScenario(dir, 'open.yaml', `name: stall
requests:
  tick: { method: GET, path: /tick }
load:
  model: open
  stages: [{ duration: 2s, rate: 50 }]
  max_connections: 2
`);
    const r = await runCli(['run', file, '--target', server.url, '--out', dir]);
    expect([0, 3]).toContain(r.code); // the run may flag its own schedule lag; the numbers are written either way
    const tick = endpoint((await readOutputs(dir)).json, 'tick');
    expect(tick.attempted).toBeGreaterThanOrEqual(90);
    expect(tick.latency.max).toBeGreaterThanOrEqual(300);
    // Measured from the actual send, only the ~2 requests on the wire would be slow (p95 ~ 1 ms).
    expect(tick.latency.p95).toBeGreaterThanOrEqual(150);
  });
});
