// Starts the bundled reference server as a child process (`zimmer-bench serve`) on a free port with
// a fresh database, so that the load generator and the server never share an event loop.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { UnreachableError } from '../core/errors.js';
import { PACKAGE_ROOT } from '../version.js';
import { urlOfListeningLine } from './listening.js';

const START_TIMEOUT_MS = 30_000;
const STOP_GRACE_MS = 3_000;
const STDERR_KEEP = 8_192;

export interface BundledServerOptions {
  seedUsers: number;
  faults?: string[];
  /** A lab state (`serve --preset`). */
  preset?: string;
  /** Password-hashing level (`serve --hash-cost`): 14 = OWASP argon2id; lower is cheaper. */
  hashCost?: number;
  env?: Record<string, string>;
  nodeArgs?: string[];
}

export interface BundledServer {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

export async function startBundledServer(o: BundledServerOptions): Promise<BundledServer> {
  const dir = await mkdtemp(join(tmpdir(), 'zimmer-bench-'));
  const args = [
    ...(o.nodeArgs ?? []), resolve(PACKAGE_ROOT, 'dist/cli/main.js'), 'serve',
    '--port', '0', '--host', '127.0.0.1', '--db', join(dir, 'zimmer.db'), '--seed-users', String(o.seedUsers),
    ...(o.hashCost !== undefined ? ['--hash-cost', String(o.hashCost)] : []),
    ...(o.faults ?? []).flatMap((f) => ['--fault', f]),
    ...(o.preset !== undefined ? ['--preset', o.preset] : []),
  ];
  // The IPC channel is the child's lifeline: if this process dies without stopping it (SIGKILL, a
  // test runner's timeout), the channel closes and `serve` shuts itself down instead of lingering.
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ...o.env }, stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  child.channel?.unref();
  // Both are pipes (stdio above); the 'ipc' entry only widens their type to possibly null.
  const out = child.stdout as NodeJS.ReadableStream;
  const err = child.stderr as NodeJS.ReadableStream;
  let stderr = '';
  err.setEncoding('utf8');
  err.on('data', (chunk: string) => { stderr = (stderr + chunk).slice(-STDERR_KEEP); });
  const exited = new Promise<void>((res) => child.once('exit', () => res()));

  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      await exited;
      clearTimeout(killer);
    }
    await rm(dir, { recursive: true, force: true });
  };

  try {
    const url = await waitForUrl(child, exited);
    // Keep reading stdout so that a chatty child can never block on a full pipe.
    out.resume();
    return { url, pid: child.pid as number, stop };
  } catch (err) {
    await stop();
    const tail = stderr.trim().split('\n').slice(-10).join('\n');
    throw new UnreachableError(`the bundled reference server did not start: ${(err as Error).message}`
      + (tail ? `\n${tail}` : ''));
  }
}

function waitForUrl(child: ReturnType<typeof spawn>, exited: Promise<void>): Promise<string> {
  return new Promise<string>((resolveUrl, reject) => {
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    const timer = setTimeout(() => {
      lines.close();
      reject(new Error(`no "listening" line within ${START_TIMEOUT_MS / 1000} s`));
    }, START_TIMEOUT_MS);
    lines.on('line', (line) => {
      const url = urlOfListeningLine(line);
      if (!url) return;
      clearTimeout(timer);
      lines.close();
      resolveUrl(url);
    });
    child.once('error', (err) => { clearTimeout(timer); reject(err); });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`it exited with code ${child.exitCode ?? child.signalCode} before listening`));
    });
  });
}
