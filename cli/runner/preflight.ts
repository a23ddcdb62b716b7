// Before any load: can a TCP connection to the target be opened at all? Failing here gives one clear
// message instead of a run full of `refused` errors.
import net from 'node:net';
import { UnreachableError } from '../core/errors.js';
import type { TargetUrl } from './target-url.js';

const PROBE_TIMEOUT_MS = 3000;

export async function probeTarget(t: TargetUrl, signal?: AbortSignal): Promise<void> {
  const reason = await new Promise<string | null>((resolve) => {
    const socket = net.connect({ host: t.hostname, port: t.port });
    const done = (r: string | null) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      socket.destroy();
      resolve(r);
    };
    const onAbort = () => done(null);
    const timer = setTimeout(() => done(`no answer in ${PROBE_TIMEOUT_MS / 1000} s`), PROBE_TIMEOUT_MS);
    signal?.addEventListener('abort', onAbort, { once: true });
    socket.once('connect', () => done(null));
    socket.once('error', (err: NodeJS.ErrnoException) => done(err.code ?? err.message));
  });
  if (reason !== null) {
    throw new UnreachableError(`cannot connect to ${t.href} (${reason}): is the server running? use --target`);
  }
}
