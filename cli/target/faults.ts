// The reference server's faults as the commands see them: the names a user may ask for and the node
// flags a fault needs in the server process (memory-pressure wants a small heap). The catalogue
// itself stays in server/faults (lab presets in server/lab); this is the one door the CLI goes through to it.
import { faultNames as serverFaultNames, nodeArgsFor as serverNodeArgs } from '../../server/faults/index.js';
export { presetNames, presetNodeArgs, findPreset, LAB_TRAFFIC } from '../../server/lab/catalog.js';

export function faultNames(): string[] {
  return serverFaultNames();
}

export function nodeArgsFor(faults: readonly string[]): string[] {
  return serverNodeArgs(faults);
}
