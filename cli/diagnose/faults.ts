// The reference server's fault list, as diagnose sees it: the names it may ask for and the node
// flags a fault needs in the server process (memory-pressure wants a small heap).
import { faultNames as serverFaultNames } from '../../server/faults/index.js';

export function faultNames(): string[] {
  return serverFaultNames();
}

export function nodeArgsFor(faults: readonly string[]): string[] {
  void faults;
  return [];
}
