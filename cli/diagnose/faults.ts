// The reference server's fault list, as diagnose sees it: the names it may ask for, the node flags a
// fault needs in the server process (memory-pressure wants a small heap), and the cause each one
// reproduces (the verdict diagnose should reach; the end-to-end matrix checks exactly this).
import { faultNames as serverFaultNames, nodeArgsFor as serverNodeArgs } from '../../server/faults/index.js';
import type { CauseName } from './types.js';

export const CAUSE_OF_FAULT: Readonly<Record<string, CauseName>> = {
  'event-loop-block': 'event-loop-blocked',
  'pool-exhaustion': 'db-pool-exhaustion',
  'queue-bottleneck': 'queue-bottleneck',
  'memory-pressure': 'memory-pressure',
  'middleware-order': 'middleware-order',
  'missing-index': 'missing-index',
  'slow-downstream': 'slow-downstream',
};

export function faultNames(): string[] {
  return serverFaultNames();
}

export function nodeArgsFor(faults: readonly string[]): string[] {
  return serverNodeArgs(faults);
}
