// `serve --fault memory-pressure` needs node flags (a small heap) that only exist at process
// start. When they are missing, serve runs itself again in a child node process with them; the
// parent only relays signals and the exit code. The child gets its own process group (a Ctrl-C
// reaches it once, through the parent) and an IPC channel, so it also stops if the parent dies.
import { spawn } from 'node:child_process';
import { constants } from 'node:os';

/** Set in the child's environment: a child never re-executes again. */
export const REEXEC_ENV = 'ZIMMER_BENCH_SERVE_REEXEC';

export function isReexecChild(): boolean {
  return process.env[REEXEC_ENV] === '1';
}

/** Runs this same command line in a child node with `nodeArgs` first; resolves to its exit code. */
export function reexecWith(nodeArgs: readonly string[]): Promise<number> {
  const script = process.argv[1];
  if (!script) return Promise.reject(new Error('serve: cannot tell which script to run again'));
  const child = spawn(process.execPath, [...nodeArgs, ...process.execArgv, script, ...process.argv.slice(2)], {
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
    detached: true,
    env: { ...process.env, [REEXEC_ENV]: '1' },
  });
  const relay = (sig: NodeJS.Signals) => {
    child.kill(sig);
  };
  process.on('SIGTERM', relay);
  process.on('SIGINT', relay);
  // This middle process has a lifeline of its own when a bundled-server parent started it.
  onParentGone(() => relay('SIGTERM'));
  return new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      process.off('SIGTERM', relay);
      process.off('SIGINT', relay);
      resolve(code ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 0));
    });
  });
}

/** In the child: let the IPC channel not keep the process alive, and treat its loss as a stop. */
export function onParentGone(stop: () => void): void {
  if (!process.channel) return;
  process.channel.unref();
  process.once('disconnect', stop);
}
