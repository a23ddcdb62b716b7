// A failing run of a server of one's own, as a person reads it at 80 columns: the verdict first,
// each miss with its measured cause (timeouts counted, the status got), misses before passes, no
// line wider than 80, and the verdict again at the end of the table.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanupAfterEach, endpoint, readOutputs, runCli, startServer, writeScenario } from './cli-harness.js';

const { defer, out } = cleanupAfterEach();

/** `/ok` answers, `/refresh` refuses with 401, `/slow` never answers (the client's timeout ends it). */
async function failingServer() {
  const server = await startServer((req, res) => {
    req.resume();
    if (req.url === '/ok') return res.end('{"ok":true}');
    if (req.url === '/refresh') { res.writeHead(401, { 'content-type': 'application/json' }); return res.end('{"detail":"token empty"}'); }
    // /slow: held open; close() drops it.
  });
  defer(() => server.close());
  return server;
}

export const failingScenario = (target: string) => `name: failing-api
target: ${target}
requests:
  ok: { method: GET, path: /ok }
  refresh: { method: POST, path: /refresh, body: { refresh_token: "" }, expect: { status: 200 } }
  slow: { method: GET, path: /slow, timeout: 300ms }
load: { model: closed, connections: 3, duration: 1500ms, warmup: 0s }
targets:
  endpoints:
    ok: ["p95 < 1s"]
    slow: ["p95 < 200ms"]
    refresh: ["error_rate < 1%"]
`;

describe('run: failures first at 80 columns', () => {
  it('leads with the verdict and the causes, lists misses before passes, fits 80 columns and repeats the verdict', async () => {
    const server = await failingServer();
    const dir = await out();
    const file = await writeScenario(dir, 'failing.yaml', failingScenario(server.url));
    const results = join(dir, 'out');
    const r = await runCli(['run', file, '--out', results], { killAfterMs: 30_000 });
    const { json, markdown } = await readOutputs(results);
    // A busy machine may mark the run invalid (3); the causes are measured either way.
    expect(r.code, r.stderr).toBe(json.validity.valid ? 1 : 3);
    const lines = r.stdout.split('\n');
    const verdict = json.validity.valid ? 'FAIL  failing-api: 2 of 3 targets missed' : 'INVALID  failing-api: the numbers of this run cannot be trusted';
    expect(lines[0]).toBe(verdict);
    expect(lines.filter((l) => l.length > 80)).toEqual([]);

    const slow = endpoint(json, 'slow');
    const refresh = endpoint(json, 'refresh');
    expect(slow.errorClasses.timeout).toBeGreaterThan(0);
    expect(refresh.statuses['401']).toBeGreaterThan(0);
    const timeouts = Number(slow.errorClasses.timeout).toLocaleString('en');
    const unauthorized = Number(refresh.statuses['401']).toLocaleString('en');
    expect(r.stdout).toContain(`P95 sits on ${timeouts} timed-out requests (timeout 300 ms)`);
    expect(r.stdout).toContain(`got 401 ×${unauthorized}`);

    const missed = lines.map((l, i) => (/^FAIL {2}(slow|refresh) /.test(l) ? i : -1)).filter((i) => i >= 0);
    const passed = lines.findIndex((l) => l.startsWith('PASS  1 met: p95 < 1 s on ok'));
    expect(missed).toHaveLength(2);
    expect(passed).toBeGreaterThan(Math.max(...missed));
    const files = lines.findIndex((l) => l.startsWith('results: '));
    expect(lines.slice(files - 2, files)).toEqual([verdict, '']);

    // The markdown report leads with the same causes, before its evidence.
    const cause = markdown.indexOf(`P95 sits on ${timeouts} timed-out requests`);
    expect(cause).toBeGreaterThan(0);
    expect(cause).toBeLessThan(markdown.indexOf('## Run'));
  });
});
