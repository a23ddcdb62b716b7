// The built CLI on bad input a new user might give it: each gets exit 2 and one line naming the
// file (or flag), the place and the fix, quickly, before any load starts.
import { describe, expect, it } from 'vitest';
import { cleanupAfterEach, readOutputs, runCli, startServer, writeScenario } from './cli-harness.js';

const { defer, out } = cleanupAfterEach();
const BODY = 'requests:\n  me: { method: GET, path: /me }\nload: { model: closed, connections: 1, duration: 1s }\n';

describe('bad input to the CLI', () => {
  it('an alias bomb is exit 2 naming the file and the first alias, not an internal error', async () => {
    const dir = await out();
    const levels = Array.from({ length: 8 }, (_, i) => `l${i + 1}: &l${i + 1} [${Array(9).fill(`*l${i}`).join(', ')}]`);
    const file = await writeScenario(dir, 'bomb.yaml', `name: bomb\nl0: &l0 [x, x, x, x, x, x, x, x, x]\n${levels.join('\n')}\n${BODY}`);
    const r = await runCli(['validate', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${file}:3:10: YAML aliases expand beyond 100 repeated values (first alias: *l0)`);
  });

  it('a 50 MB scenario is refused by its size, exit 2', async () => {
    const dir = await out();
    const file = await writeScenario(dir, 'huge.yaml', `name: "${'x'.repeat(50 * 1024 * 1024)}"\n${BODY}`);
    const r = await runCli(['run', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`${file}: the scenario file is 50 MiB, over the 1 MiB limit`));
  });

  it('--connections beyond the open-files limit is exit 2 before anything starts', async () => {
    const r = await runCli(['phase1', '--connections', '100000']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/--connections: 100000 connections is more than this machine allows: at most \d+, because (the open-files limit is \d+|one target has \d+ local ports)/);
  });

  it('a users CSV without a header names its columns, never the password', async () => {
    const dir = await out();
    await writeScenario(dir, 'users.csv', 'alice@x.test,correct-horse-battery\n');
    const file = await writeScenario(dir, 'csv.yaml', `name: csv\nusers: { csv: users.csv }\nrequests:\n  login: { method: POST, path: /login, body: { p: "{{password}}" } }\nload: { model: closed, connections: 1, duration: 1s }\n`);
    const r = await runCli(['run', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("users.csv:1:1: the header row's columns 1, 2 are not variable names");
    expect(r.stderr + r.stdout).not.toMatch(/alice|correct-horse/);
  });

  it('a scenario with no error target passes every 404 with a warning, printed and saved', async () => {
    const server = await startServer((_req, res) => { res.statusCode = 404; res.end('{"error":"not_found"}'); });
    defer(() => server.close());
    const dir = await out();
    const file = await writeScenario(dir, 'nobudget.yaml', `name: nobudget\n${BODY.replace('duration: 1s', 'duration: 500ms')}targets: { overall: ["p95 < 1s"] }\n`);
    const r = await runCli(['run', file, '--target', server.url, '--out', dir, '--quiet']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^zimmer-bench: warning: no error budget: (\d+) of \1 requests \(100 %\) failed on me and no target limits errors, so the verdict ignores them; add "error_rate < 1%" to targets.overall$/m);
    const { json, markdown } = await readOutputs(dir);
    expect(json.evaluation.verdict).toBe('pass');
    expect(json.evaluation.warnings).toEqual([expect.stringMatching(/^no error budget: \d+ of \d+ requests \(100 %\) failed on me/)]);
    expect(markdown).toContain('**Warning:** no error budget');
  });
});
