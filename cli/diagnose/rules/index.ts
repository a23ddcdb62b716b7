// Every rule, and the ranking: observations in, causes out, most certain first. Pure.
import type { Cause, Observations } from '../types.js';
import { eventLoopBlocked, missingIndex } from './loop.js';
import { slowDownstream } from './downstream.js';
import { dbPoolExhaustion, queueBottleneck, threadpoolSaturation } from './contention.js';
import { memoryPressure, middlewareOrder } from './overhead.js';

export type Rule = (obs: Observations) => Cause[];

export const RULES: readonly Rule[] = [
  eventLoopBlocked, missingIndex, slowDownstream,
  dbPoolExhaustion, queueBottleneck, threadpoolSaturation,
  memoryPressure, middlewareOrder,
];

/**
 * Runs every rule; a cause found through several flows is reported once, with the highest
 * confidence, every endpoint named and the evidence of the strongest finding first.
 */
export function rankCauses(obs: Observations, rules: readonly Rule[] = RULES): Cause[] {
  const byName = new Map<string, Cause>();
  for (const rule of rules) {
    for (const found of rule(obs)) {
      const seen = byName.get(found.cause);
      if (!seen) {
        byName.set(found.cause, { ...found, endpoints: [...found.endpoints], evidence: [...found.evidence] });
        continue;
      }
      const [strong, weak] = found.confidence > seen.confidence ? [found, seen] : [seen, found];
      byName.set(found.cause, {
        ...strong,
        endpoints: [...new Set([...strong.endpoints, ...weak.endpoints])],
        evidence: [...strong.evidence, ...weak.evidence.filter((e) => !strong.evidence.includes(e))],
      });
    }
  }
  // Stable: equal confidence keeps the rule order above.
  return [...byName.values()].sort((a, b) => b.confidence - a.confidence);
}
