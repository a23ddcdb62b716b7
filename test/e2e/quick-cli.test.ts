// `quick URL`: a measurement without a scenario file, gated only when --check targets are given.
import { describe, expect, it } from 'vitest';
import { cleanupAfterEach, endpoint, readOutputs, runCli, startServer } from './cli-harness.js';

const { defer, out } = cleanupAfterEach();

describe('zimmer-bench quick URL', () => {
  it('measures one URL with -c and -d; no target means no gate; --check gates the exit code', async () => {
    let seen = '';
    const server = await startServer((req, res) => {
      seen = `${req.method} ${req.url} ${req.headers['x-team'] ?? ''}`;
      setTimeout(() => res.end('{"ok":true}'), 20);
    });
    defer(() => server.close());
    const dir = await out();
    const free = await runCli(['quick', `${server.url}/items/7?full=1`, '-c', '2', '-d', '1s', '-H', 'x-team: core', '--out', dir]);
    const { json } = await readOutputs(dir);
    expect(seen).toBe('GET /items/7?full=1 core');
    expect(endpoint(json, 'request').succeeded).toBeGreaterThan(10);
    expect(json.scenario.load).toMatchObject({ model: 'closed', connections: 2, durationMs: 1000 });
    expect(free.code, free.stderr).toBe(json.validity.valid ? 0 : 3);
    // Every answer takes 20 ms or more, so a P95 under 1 ms is a miss whatever the machine.
    const gated = await runCli(['quick', `${server.url}/items/7`, '-c', '2', '-d', '1s', '--check', 'p95 < 1ms', '--out', await out()]);
    expect(gated.code, gated.stderr).toBe(1);
    expect(gated.stdout).toMatch(/FAIL/);
  });

  it('a bad URL or --check is a usage error, before anything is sent', async () => {
    const bad = await runCli(['quick', 'localhost:8000/x']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/"localhost:8000\/x" is not an http\(s\) URL: give a full one/);
    const check = await runCli(['quick', 'http://127.0.0.1:9/x', '--check', 'p95 < 200']);
    expect(check.code).toBe(2);
    expect(check.stderr).toMatch(/p95 needs a unit/);
  });
});
