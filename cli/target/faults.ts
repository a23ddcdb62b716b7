// The reference server's faults as the commands see them: the names a user may ask for and the node
// flags a fault needs in the server process (memory-pressure wants a small heap). The catalogue
// itself stays in server/faults (lab presets in server/lab); this is the one door the CLI goes through to it.
// Both catalogues are data: importing them loads none of the server (test/e2e/cli-lazy-load.test.ts).
import { faultNames as serverFaultNames, nodeArgsFor as serverNodeArgs } from '../../server/faults/catalog.js';
export { presetNames, presetNodeArgs, findPreset, LAB_TRAFFIC } from '../../server/lab/catalog.js';

export function faultNames(): string[] {
  return serverFaultNames();
}

export function nodeArgsFor(faults: readonly string[]): string[] {
  return serverNodeArgs(faults);
}
