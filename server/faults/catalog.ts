// The faults the reference server reproduces on demand (`serve --fault NAME`, repeatable), one
// per suspected cause of the timeouts. Each works by the real mechanism (a blocked event loop, a
// held connection, a table scan...), chosen once at start; with no fault the server is unchanged.
import type { Fault } from './types.js';
import { eventLoopBlock } from './event-loop-block.js';
import { poolExhaustion } from './pool-exhaustion.js';
import { queueBottleneck } from './queue-bottleneck.js';
import { memoryPressure } from './memory-pressure.js';
import { middlewareOrder } from './middleware-order.js';
import { missingIndex } from './missing-index.js';
import { slowDownstream } from './slow-downstream.js';

export type { Fault, Dispose } from './types.js';

export const FAULTS: readonly Fault[] = [eventLoopBlock, poolExhaustion, queueBottleneck, memoryPressure, middlewareOrder, missingIndex, slowDownstream];

export function faultNames(): string[] {
  return FAULTS.map((f) => f.name);
}

export function findFault(name: string): Fault | undefined {
  return FAULTS.find((f) => f.name === name);
}

/**
 * Node flags the server process needs for these faults (deduplicated, in catalogue order), for
 * whoever spawns it: `startBundledServer({ nodeArgs })`, or `serve` re-executing itself.
 */
export function nodeArgsFor(faults: readonly string[]): string[] {
  const args: string[] = [];
  for (const f of FAULTS) {
    if (!faults.includes(f.name)) continue;
    for (const a of f.nodeArgs ?? []) if (!args.includes(a)) args.push(a);
  }
  return args;
}

const flagName = (arg: string) => (arg.split('=')[0] ?? arg).replace(/_/g, '-');

/**
 * The flags of nodeArgsFor(faults) this process was NOT started with. A flag given with any
 * value (on the command line or in NODE_OPTIONS) counts as given: the user's own heap size wins.
 */
export function missingNodeArgs(
  faults: readonly string[], execArgv: readonly string[] = process.execArgv, nodeOptions = process.env.NODE_OPTIONS ?? '',
  /** Further flags wanted (a lab preset's). */
  extra: readonly string[] = [],
): string[] {
  const given = new Set([...execArgv, ...nodeOptions.split(/\s+/).filter(Boolean)].map(flagName));
  const wanted = [...nodeArgsFor(faults), ...extra.filter((a) => !nodeArgsFor(faults).includes(a))];
  return wanted.filter((a) => !given.has(flagName(a)));
}
