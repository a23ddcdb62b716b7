// The catalogue of faults the reference server can reproduce on demand (`serve --fault NAME`).
// Each fault rewires one seam of the AppContext before the app is built. Empty until the
// faults are implemented; the server validates `--fault` names against this list.
import type { AppContext } from '../context.js';

export interface Fault {
  name: string;
  /** One line for `serve --help` and the README. */
  description: string;
  apply(ctx: AppContext): void | Promise<void>;
}

export const FAULTS: readonly Fault[] = [];

export function faultNames(): string[] {
  return FAULTS.map((f) => f.name);
}

export async function applyFaults(ctx: AppContext, names: readonly string[]): Promise<void> {
  for (const name of names) {
    const fault = FAULTS.find((f) => f.name === name);
    if (!fault) throw new Error(`unknown fault "${name}"`);
    await fault.apply(ctx);
    ctx.faults.push(name);
  }
}
