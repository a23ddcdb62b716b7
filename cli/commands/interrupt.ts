// Ctrl-C during a run: the first one (or a SIGTERM from CI) aborts the load, so the runner returns
// what it measured, marked partial, and the command still writes it. A second one quits at once,
// after stopping what must not outlive the process (the bundled server).
import { EXIT } from '../exit-codes.js';

export interface Interrupt {
  /** Aborted on the first SIGINT / SIGTERM. */
  signal: AbortSignal;
  /** Cleanup to run before quitting on a second signal. */
  onForce(cleanup: () => unknown): void;
  /** Removes the handlers: signals behave as usual again. */
  dispose(): void;
}

/** How long a forced quit waits for cleanup before leaving anyway. */
const FORCE_CLEANUP_MS = 2000;

export function onInterrupt(onFirst: () => void): Interrupt {
  const controller = new AbortController();
  const cleanups: Array<() => unknown> = [];
  let received = 0;
  const handler = (signal: NodeJS.Signals) => {
    received++;
    if (received === 1) {
      controller.abort(new Error(`interrupted by ${signal}`));
      onFirst();
      return;
    }
    const timer = setTimeout(() => process.exit(EXIT.INTERRUPTED), FORCE_CLEANUP_MS);
    void Promise.allSettled(cleanups.map(async (c) => c())).then(() => {
      clearTimeout(timer);
      process.exit(EXIT.INTERRUPTED);
    });
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    signal: controller.signal,
    onForce: (cleanup) => void cleanups.push(cleanup),
    dispose: () => {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}
