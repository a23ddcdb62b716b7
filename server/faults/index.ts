// Applying faults to a context: each mechanism is loaded here, when a server applies it. The
// catalogue (names, documentation, node flags) is catalog.ts.
import type { AppContext } from '../context.js';
import { findFault, type Dispose } from './catalog.js';

export { FAULTS, faultNames, findFault, nodeArgsFor, missingNodeArgs, type Fault, type FaultEntry, type Dispose } from './catalog.js';

/**
 * Applies the named faults in order and returns one function that undoes them all (latest
 * first). If one fails to apply, those already applied are undone before the error propagates.
 */
export async function applyFaults(ctx: AppContext, names: readonly string[]): Promise<() => Promise<void>> {
  const disposers: Dispose[] = [];
  const disposeAll = async () => {
    for (const d of disposers.splice(0).reverse()) await d();
  };
  try {
    for (const name of names) {
      if (ctx.faults.includes(name)) continue; // `--fault x --fault x` is one fault
      const entry = findFault(name);
      if (!entry) throw new Error(`unknown fault "${name}"`);
      const dispose = await (await entry.load()).apply(ctx);
      if (dispose) disposers.push(dispose);
      ctx.faults.push(name);
    }
  } catch (err) {
    await disposeAll().catch(() => undefined);
    throw err;
  }
  return disposeAll;
}
