// Starts a diagnose test target (a script of this folder) as its own process on 127.0.0.1:0 and
// hands back its URL and a stop(). Each target also exits by itself after its --lifetime.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export const SCENARIO = join(import.meta.dirname, 'scenario.yaml');

export interface RunningTarget { url: string; pid: number; stop(): Promise<void> }

export function startTarget(script: 'app.mjs' | 'rate-limit-proxy.mjs' | 'cpu-hog.mjs', args: string[] = []): Promise<RunningTarget> {
  const child: ChildProcess = spawn(process.execPath, [join(import.meta.dirname, script), ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const stop = () => new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) { resolve(); return; }
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 2000).unref();
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => { void stop(); reject(new Error(`${script} did not start within 15 s`)); }, 15_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /^(?:listening|running) (\S+)/m.exec(out);
      if (m) { clearTimeout(timer); resolve({ url: m[1] ?? '', pid: child.pid ?? 0, stop }); }
    });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`${script} exited with ${code} before it was ready`)); });
  });
}
