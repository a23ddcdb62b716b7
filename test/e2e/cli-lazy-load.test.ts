// The commands that only read files (validate, compare, report, merge, init, --help) start without
// the reference server: no SQLite, Hono, prom-client or argon2, and of server/ only the data
// modules (options, the fault and preset catalogues, the fixture users' names). Every module the
// process resolves is recorded by test/fixtures/module-log.mjs; `serve` is the control that the
// recording sees the server when it is loaded.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanupAfterEach, ROOT, runCli, tempDir } from './cli-harness.js';

const HEAVY = ['better-sqlite3', 'hono', '@hono/node-server', 'prom-client', '@node-rs/argon2'];
/** The server modules that are plain data, which `--help` and validation need. */
const SERVER_DATA = ['config.js', 'faults/catalog.js', 'lab/catalog.js', 'seed.js'];
const HOOK = join(ROOT, 'test/fixtures/module-log.mjs');
const { defer } = cleanupAfterEach();

async function loadedBy(args: string[], o: { stopOnLine?: RegExp } = {}): Promise<{ code: number | null; stderr: string; packages: Set<string>; server: string[] }> {
  const t = await tempDir();
  defer(t.remove);
  const log = join(t.dir, 'modules.txt');
  const run = await runCli(args.map((a) => a.replace('{dir}', t.dir)), {
    env: { NODE_OPTIONS: `--import=${HOOK}`, MODULE_LOG: log },
    // serve measures a hash before it listens, which on a busy machine can take a while.
    killAfterMs: 90_000,
    onSpawn: (child) => {
      if (!o.stopOnLine) return;
      child.stdout?.on('data', (d: Buffer) => { if (o.stopOnLine?.test(String(d))) child.kill('SIGTERM'); });
    },
  });
  const urls = (await readFile(log, 'utf8')).split('\n').filter(Boolean);
  const packages = new Set(urls.flatMap((u) => /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(u)?.[1] ?? []));
  const server = [...new Set(urls.flatMap((u) => /\/dist\/server\/(.+)$/.exec(u)?.[1] ?? []))].sort();
  return { code: run.code, stderr: run.stderr, packages, server };
}

describe('commands that read files load none of the server', () => {
  const pass = 'test/fixtures/results-phase1-pass.json';
  const fail = 'test/fixtures/results-phase1-fail.json';
  it.each([
    ['validate', ['validate', 'scenarios/phase1.yaml'], 0],
    ['compare', ['compare', pass, fail], 1],
    ['report', ['report', pass, '--out', '{dir}/report'], 0],
    // Every module of merge is loaded before it reads its files; this one it refuses (no shard).
    ['merge', ['merge', pass, '--out', '{dir}/merged'], 2],
    ['init', ['init', '{dir}/scenario.yaml'], 0],
    ['serve --help', ['serve', '--help'], 0],
  ] as const)('%s', async (_name, args, exit) => {
    const r = await loadedBy([...args]);
    expect(r.code, r.stderr).toBe(exit);
    expect(r.packages, 'the recording saw the CLI\'s own packages').toContain('commander');
    expect(HEAVY.filter((p) => r.packages.has(p))).toEqual([]);
    expect(r.server.filter((m) => !SERVER_DATA.includes(m))).toEqual([]);
  });

  it('serve loads them (the recording sees the server when it runs)', async () => {
    const r = await loadedBy(['serve', '--port', '0', '--host', '127.0.0.1', '--seed-users', '0', '--db', '{dir}/server.db'], { stopOnLine: /listening on http/ });
    expect(r.code, r.stderr).toBe(0);
    for (const p of ['better-sqlite3', 'hono', '@hono/node-server', 'prom-client', '@node-rs/argon2']) expect(r.packages, p).toContain(p);
    expect(r.server).toContain('start.js');
  }, 100_000);
});
