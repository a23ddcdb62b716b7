// The runner against the bundled reference server, spawned from the built CLI (run `npm run build`
// first): the phase-1 scenario, shortened, must log every user in and run every flow cleanly.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { UnreachableError } from '../../cli/core/errors.js';
import { loadScenarioFile } from '../../cli/plan/load-scenario.js';
import { startBundledServer } from '../../cli/target/bundled-server.js';
import { runScenario } from '../../cli/runner/run-scenario.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The temporary folder of the child's `--db`, read from /proc where there is one ('' elsewhere). */
function dbDirOf(pid: number): string {
  const cmdline = `/proc/${pid}/cmdline`;
  if (!existsSync(cmdline)) return '';
  const args = readFileSync(cmdline, 'utf8').split('\0');
  const db = args[args.indexOf('--db') + 1] ?? '';
  return db ? dirname(db) : '';
}

describe('bundled reference server', () => {
  it('runs the phase-1 flows against it and stops it, removing its database', async () => {
    const s = await loadScenarioFile(resolve(ROOT, 'scenarios/phase1.yaml'));
    s.users = { kind: 'pattern', count: 4, fields: { email: 'user{{n}}@zimmer.test', password: 'zimmer-bench-password' } };
    s.load = { model: 'closed', connections: 4, durationMs: 1500, warmupMs: 300 };
    const server = await startBundledServer({ seedUsers: 4 });
    let dbDir = '';
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(() => process.kill(server.pid, 0)).not.toThrow();
      const r = await runScenario(s, { targetUrl: server.url, bundled: true });
      expect(r.setup).toEqual({ users: 4, ready: 4, failures: {} });
      expect(r.target).toEqual({ url: server.url, bundled: true });
      expect(r.endpoints.map((e) => e.name).sort()).toEqual(
        ['email_verify', 'logout', 'me', 'profile_get', 'profile_put', 'refresh', 'session_login', 'twofa_status']);
      expect(r.overall.attempted).toBeGreaterThan(50);
      expect(r.overall.errors).toBe(0);
      for (const e of r.endpoints) expect(e.attempted, e.name).toBeGreaterThan(0);
      dbDir = dbDirOf(server.pid);
      if (dbDir) expect(existsSync(join(dbDir, 'zimmer.db'))).toBe(true);
    } finally {
      await server.stop();
    }
    expect(() => process.kill(server.pid, 0)).toThrow();
    if (dbDir) expect(existsSync(dbDir)).toBe(false);
  });

  it('reports why the server did not start, with its stderr', async () => {
    const err = await startBundledServer({ seedUsers: 1, faults: ['no-such-fault'] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnreachableError);
    expect((err as Error).message).toMatch(/^the bundled reference server did not start: it exited with code 2 before listening\n.*no-such-fault/s);
  });
});
