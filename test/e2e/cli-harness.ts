// Runs the built CLI (`node dist/cli/main.js`) as a child process, and small loopback HTTP servers
// with known behaviour for it to measure. Build first: `npx tsc -p .`.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach } from 'vitest';

export const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const CLI = join(ROOT, 'dist', 'cli', 'main.js');

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  cwd?: string;
  /** Called once the child is running, e.g. to send it SIGINT later. */
  onSpawn?: (child: ChildProcess) => void;
  /** Kill the child after this long: a hung CLI must fail the test, not the suite. */
  killAfterMs?: number;
  /** Extra environment variables for the child. */
  env?: Record<string, string>;
}

export function runCli(args: string[], options: CliOptions = {}): Promise<CliRun> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: options.cwd ?? ROOT,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => { stdout += d; });
    child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d; });
    const timer = setTimeout(() => child.kill('SIGKILL'), options.killAfterMs ?? 30_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolvePromise({ code, signal, stdout, stderr });
    });
    options.onSpawn?.(child);
  });
}

/**
 * Exit 3 means the run itself could not be trusted (on a busy machine, the load generator was short
 * of CPU): it proves nothing either way, so it is made once more; invalid twice fails the test and
 * says why. Only for tests that expect a judged run (0 or 1); `attempt` starts from clean state.
 */
export async function judged<R extends Pick<CliRun, 'code' | 'stdout' | 'stderr'>>(attempt: () => Promise<R>): Promise<R> {
  const first = await attempt();
  if (first.code !== 3) return first;
  const second = await attempt();
  if (second.code !== 3) return second;
  const why = (second.stderr + second.stdout).split('\n').filter((l) => /invalid|generator|starved|lag/i.test(l)).slice(0, 3).join(' | ');
  throw new Error(`cannot judge: the run was invalid twice (exit 3), the machine too busy: ${why || second.stderr.slice(0, 300)}`);
}

export interface TestServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** A node:http server on 127.0.0.1 and a free port; close() also drops requests left hanging. */
export async function startServer(handler: Handler): Promise<TestServer> {
  const server = createServer(handler);
  server.keepAliveTimeout = 5000;
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () => new Promise<void>((ok) => {
      server.closeAllConnections();
      server.close(() => ok());
    }),
  };
}

/** A port on 127.0.0.1 that refuses connections: bound once, then released. */
export async function refusedPort(): Promise<number> {
  const s = await startServer((_req, res) => res.end());
  await s.close();
  return s.port;
}

export async function tempDir(): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'zimmer-cli-'));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * Cleanups for one test file, run after each test in the order given: `defer` registers one,
 * `out()` makes a temporary folder that is removed with them.
 */
export function cleanupAfterEach(): { defer: (...fns: Array<() => Promise<void>>) => void; out: () => Promise<string> } {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0)) await c();
  });
  const defer = (...fns: Array<() => Promise<void>>) => { cleanups.push(...fns); };
  const out = async () => {
    const tmp = await tempDir();
    defer(() => tmp.remove());
    return tmp.dir;
  };
  return { defer, out };
}

export async function writeScenario(dir: string, name: string, yaml: string): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, yaml);
  return file;
}

/** The one results file (and its markdown report) a run wrote into `dir`. */
export async function readOutputs(dir: string): Promise<{ json: Record<string, any>; markdown: string; names: string[] }> {
  const names = (await readdir(dir)).sort();
  const jsonName = names.find((n) => n.endsWith('.json'));
  const mdName = names.find((n) => n.endsWith('.md'));
  if (!jsonName || !mdName) throw new Error(`expected a .json and a .md in ${dir}, found: ${names.join(', ')}`);
  return {
    json: JSON.parse(await readFile(join(dir, jsonName), 'utf8')) as Record<string, any>,
    markdown: await readFile(join(dir, mdName), 'utf8'),
    names,
  };
}

export function endpoint(json: Record<string, any>, name: string): Record<string, any> {
  const e = (json.endpoints as Array<Record<string, any>>).find((x) => x.name === name);
  if (!e) throw new Error(`no endpoint ${name} in results`);
  return e;
}

/** Resolves once process `pid` has a child process (the bundled server), polling `ps`. */
export async function waitForChildOf(pid: number, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const children = await new Promise<string>((ok) => {
      execFile('ps', ['-o', 'pid=', '--ppid', String(pid)], (_err, stdout) => ok(stdout.trim()));
    });
    if (children) return;
    await new Promise((ok) => setTimeout(ok, 100));
  }
  throw new Error(`process ${pid} started no child within ${timeoutMs} ms`);
}
