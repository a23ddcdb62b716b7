// The bundled phases end to end: the CLI starts the reference server, runs the bundled scenario,
// writes JSON + markdown, and always stops the server (Ctrl-C included).
import { describe, expect, it } from 'vitest';
import { request } from 'node:http';
import { cleanupAfterEach, judged, readOutputs, runCli, startServer, waitForChildOf, writeScenario } from './cli-harness.js';

const SEVEN = [
  'POST /api/auth/login', 'POST /api/auth/logout', 'POST /api/auth/refresh', 'GET /api/auth/2fa/status',
  'POST /api/auth/request-email-verify', 'GET /api/me', 'GET /api/user/profile',
];

const { defer, out } = cleanupAfterEach();

/** Resolves true when something answers HTTP at url. */
function answers(url: string): Promise<boolean> {
  return new Promise((ok) => {
    const req = request(url, { timeout: 1000 }, (res) => { res.resume(); ok(true); });
    req.on('error', () => ok(false));
    req.on('timeout', () => { req.destroy(); ok(false); });
    req.end();
  });
}

describe('zimmer-bench phase3 against the bundled reference server', () => {
  it('meets the phase 3 targets, measures all seven endpoints, writes both files and stops the server', async () => {
    let dir = '';
    const r = await judged(async () => {
      dir = await out();
      return runCli(['phase3', '--duration', '2s', '--warmup', '500ms', '--out', dir]);
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const { json, names } = await readOutputs(dir);
    expect(names).toHaveLength(2);
    expect(names[0]).toMatch(/^phase3-\d{8}-\d{6}\.json$/);
    expect(names[1]).toBe(names[0]?.replace(/\.json$/, '.md'));
    const seen = new Set((json.endpoints as Array<{ method: string; path: string; attempted: number }>)
      .filter((e) => e.attempted > 0).map((e) => `${e.method} ${e.path}`));
    for (const route of SEVEN) expect([...seen].some((s) => s.startsWith(route))).toBe(true);
    expect(json.target.bundled).toBe(true);
    expect(json.evaluation.verdict).toBe('pass');
    expect(await answers(json.target.url as string)).toBe(false);
  });
});

describe('zimmer-bench run: output streams and Ctrl-C', () => {
  const scenario = `name: ctrl-c
requests:
  hit: { method: GET, path: /hit }
load: { model: closed, connections: 4, duration: 3s }
targets:
  overall: ["error_rate < 1%"]
`;

  it('--json puts only the result document on stdout, the table on stderr; a target: in the file is used', async () => {
    const server = await startServer((_req, res) => res.end('{}'));
    defer(() => server.close());
    const dir = await out();
    const file = await writeScenario(dir, 's.yaml', `target: ${server.url}\n${scenario}`);
    const r = await runCli(['run', file, '--out', dir, '--duration', '1s', '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as Record<string, any>;
    expect(doc.schema).toBe('zimmer-bench/result@1');
    expect(doc.target).toEqual({ url: server.url, bundled: false });
    expect(doc.measuredMs).toBeGreaterThanOrEqual(900);
    expect(doc.evaluation.verdict).toBe('pass');
    expect(r.stderr.split('\n')[0]).toBe('PASS  ctrl-c: the one target met');
    expect(r.stderr).toContain('results: ');
  });

  it('first SIGINT stops the run, writes partial results and exits 130', async () => {
    // Interrupted once the load is well under way (300 answers), whatever the CLI's start-up time.
    let answered = 0;
    let firstAt = 0;
    let cli: { kill(signal: NodeJS.Signals): boolean } | null = null;
    const server = await startServer((_req, res) => {
      if (!firstAt) firstAt = Date.now();
      if (++answered === 300) cli?.kill('SIGINT');
      res.end('{}');
    });
    defer(() => server.close());
    const dir = await out();
    const file = await writeScenario(dir, 's.yaml', scenario);
    const r = await runCli(['run', file, '--target', server.url, '--out', dir], { onSpawn: (child) => { cli = child; } });
    expect(r.code).toBe(130);
    // The scenario asks for 3 s: stopping well before proves the signal cut it short.
    expect(Date.now() - firstAt).toBeLessThan(2500);
    const { json, markdown } = await readOutputs(dir);
    expect(json.partial).toBe(true);
    expect(json.overall.attempted).toBeGreaterThan(0);
    expect(markdown.toLowerCase()).toContain('partial');
    expect(r.stderr).toMatch(/partial/);
  });

  it('first SIGINT during a bundled run still stops the bundled server', async () => {
    const dir = await out();
    const r = await runCli(['phase1', '--duration', '3s', '--warmup', '0s', '--out', dir, '--quiet'], {
      // Once the bundled server process exists, so the signal reaches a run that has one to stop.
      onSpawn: (child) => void waitForChildOf(child.pid as number).then(() => setTimeout(() => child.kill('SIGINT'), 500)),
    });
    expect(r.code).toBe(130);
    const { json } = await readOutputs(dir);
    expect(json.partial).toBe(true);
    expect(await answers(json.target.url as string)).toBe(false);
  });
});
