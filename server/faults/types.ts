// What a fault is, in two parts: what the catalogue (catalog.ts) says about it without loading it
// (its name and documentation for `serve --help`, validation and docs/reference-server.md, the node
// flags its process needs), and the mechanism, loaded only when a server applies it.
import type { AppContext } from '../context.js';

/** Undoes what a fault set up (connections, listeners, schema changes) when the server closes. */
export type Dispose = () => void | Promise<void>;

/** The mechanism: how the fault rewires the AppContext before the app is built. */
export interface Fault {
  name: string;
  /** Swaps seams of the context; runs once at start, so the hot path pays nothing when off. */
  apply(ctx: AppContext): void | Dispose | Promise<void | Dispose>;
}

/** A fault as the catalogue lists it: plain data, and a door to its mechanism. */
export interface FaultEntry {
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
  /** It opens more connections to the server's database file (so the file cannot be held exclusively). */
  reopensDatabase?: true;
  /** Imports the mechanism (prom-client, SQLite, argon2...), on first use only. */
  load(): Promise<Fault>;
}
