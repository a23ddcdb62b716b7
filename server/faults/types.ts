// What a fault is: a name, the documentation the catalogue, `serve --help` and docs/reference-server.md show,
// the node flags its process needs, and how it rewires the AppContext before the app is built.
import type { AppContext } from '../context.js';

/** Undoes what a fault set up (connections, listeners, schema changes) when the server closes. */
export type Dispose = () => void | Promise<void>;

export interface Fault {
  name: string;
  /** One line for `serve --help`. */
  summary: string;
  /** The suspected cause of the timeouts it reproduces. */
  reproduces: string;
  /** How it shows from outside: what a load test sees. */
  clientSignals: string;
  /** How it shows inside: /metrics, Server-Timing, logs. */
  serverSignals: string;
  /** What makes it go away. */
  fix: string;
  /** Flags the node process running the server needs (e.g. a small heap). */
  nodeArgs?: readonly string[];
  /** Swaps seams of the context; runs once at start, so the hot path pays nothing when off. */
  apply(ctx: AppContext): void | Dispose | Promise<void | Dispose>;
}
