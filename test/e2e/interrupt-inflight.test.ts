// Ctrl-C with requests on the wire: against a server that accepts and never answers, every request
// sent is still counted as attempted, in its own `interrupted` class, in both load models.
import type { ChildProcess } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { cleanupAfterEach, endpoint, readOutputs, runCli, startServer, writeScenario } from './cli-harness.js';

const { defer, out } = cleanupAfterEach();

/** A server that reads each request and never answers; SIGINT goes to the CLI once `after` arrived. */
async function silentServer(after: number) {
  let seen = 0;
  let cli: ChildProcess | null = null;
  const server = await startServer(() => {
    if (++seen === after) setTimeout(() => cli?.kill('SIGINT'), 200);
  });
  defer(() => server.close());
  return { server, seen: () => seen, onSpawn: (child: ChildProcess) => { cli = child; } };
}

const REQUESTS = 'requests:\n  hang: { method: GET, path: /hang, timeout: 30s }\n';

describe('Ctrl-C with requests in flight', () => {
  it('closed model: each connection\'s unanswered request is attempted and interrupted', async () => {
    const s = await silentServer(8);
    const dir = await out();
    const file = await writeScenario(dir, 'hang.yaml', `name: hang\n${REQUESTS}load: { model: closed, connections: 8, duration: 20s }\n`);
    const r = await runCli(['run', file, '--target', s.server.url, '--out', dir, '--quiet'], { onSpawn: s.onSpawn });
    expect(r.code).toBe(130);
    const { json } = await readOutputs(dir);
    expect(json.partial).toBe(true);
    const hang = endpoint(json, 'hang');
    expect(hang).toMatchObject({ attempted: 8, succeeded: 0, errors: 8 });
    expect(hang.errorClasses).toMatchObject({ interrupted: 8, timeout: 0, reset: 0 });
    expect(hang.latency.count).toBe(0);
    expect(json.overall.attempted).toBe(8);
  });

  it('open model: every due request still unanswered is attempted and interrupted', async () => {
    const s = await silentServer(10);
    const dir = await out();
    const file = await writeScenario(dir, 'hang.yaml',
      `name: hang\n${REQUESTS}load: { model: open, stages: [{ duration: 20s, rate: 25 }] }\n`);
    const r = await runCli(['run', file, '--target', s.server.url, '--out', dir, '--quiet'], { onSpawn: s.onSpawn });
    expect(r.code).toBe(130);
    const { json } = await readOutputs(dir);
    const hang = endpoint(json, 'hang');
    // At least what the server received; the generator may have sent a few more that were still on their way.
    expect(hang.attempted).toBeGreaterThanOrEqual(10);
    expect(hang.attempted).toBeGreaterThanOrEqual(s.seen());
    expect(hang.errorClasses.interrupted).toBe(hang.attempted);
    expect(hang.succeeded).toBe(0);
  });
});

describe('requests from the warm-up still unanswered when the window ends', () => {
  it('closed model: the empty window is explained by the connections that waited, in a warning and the saved result', async () => {
    // Answers nothing: every connection's first request, sent in the warm-up, is still waiting at the end.
    const server = await startServer(() => undefined);
    defer(() => server.close());
    const dir = await out();
    const file = await writeScenario(dir, 'hang.yaml',
      `name: hang\n${REQUESTS}load: { model: closed, connections: 4, warmup: 1s, duration: 1s }\ntargets:\n  overall:\n    - p95 < 1s\n`);
    const r = await runCli(['run', file, '--target', server.url, '--out', dir, '--quiet'], { killAfterMs: 30_000 });
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/warning: nothing was sent in the measured window: 4 of 4 connections waited through the whole window/);
    const { json, markdown } = await readOutputs(dir);
    expect(json.overall.attempted).toBe(0);
    expect(json.validity.waitingFromWarmup.connections).toBe(4);
    expect(json.validity.waitingFromWarmup.oldestMs).toBeGreaterThanOrEqual(1000);
    expect(markdown).toContain('**Warning:** nothing was sent in the measured window');
  });
});
