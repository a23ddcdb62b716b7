// The cause each of the reference server's faults reproduces: the verdict diagnose should reach (the
// end-to-end matrix checks exactly this). The names and node flags come from cli/target/faults.ts.
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
