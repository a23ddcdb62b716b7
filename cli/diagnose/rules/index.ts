// Every rule, and the ranking: observations in, causes out, most certain first. Pure.
import { CAUSE_KIND, type Cause, type CauseName, type Finding, type Observations } from '../types.js';
import { evidenceKey } from '../evidence.js';
import { eventLoopBlocked, missingIndex } from './loop.js';
import { slowDownstream } from './downstream.js';
import { dbPoolExhaustion, queueBottleneck, threadpoolSaturation } from './contention.js';
import { memoryPressure, middlewareOrder } from './overhead.js';
import { circuitOpen, connectionLimit, shedding } from './limits.js';
import { atCapacity, clientLimit } from './saturation.js';

/** The reference server's own specifics, added to a fix only when it is the target. */
const REFERENCE_HINT: Partial<Record<CauseName, string>> = {
  'event-loop-blocked': 'In the reference server: hash with crypto.scrypt, not scryptSync.',
  'db-pool-exhaustion': 'In the reference server: hash the password first, then take the connection.',
  'queue-bottleneck': 'In the reference server: run the auth admission limiter at the libuv threadpool size, not 1.',
  'threadpool-saturation': 'In the reference server: the libuv threadpool (UV_THREADPOOL_SIZE, 4 threads).',
  'missing-index': 'In the reference server (SQLite): EXPLAIN QUERY PLAN should say SEARCH ... USING INDEX.',
  'memory-pressure': 'In the reference server: --max-old-space-size, GC pauses in /metrics.',
};

export type Rule = (obs: Observations) => Finding[];

export const RULES: readonly Rule[] = [
  eventLoopBlocked, missingIndex, slowDownstream,
  dbPoolExhaustion, queueBottleneck, threadpoolSaturation,
  memoryPressure, middlewareOrder,
  shedding, circuitOpen, connectionLimit, atCapacity, clientLimit,
];

/**
 * Runs every rule; a cause found through several flows is reported once, with the highest
 * confidence, every endpoint named and the evidence of the strongest finding first (a fact both
 * saw, field for field, once).
 */
export function rankCauses(obs: Observations, rules: readonly Rule[] = RULES): Cause[] {
  const byName = new Map<string, Cause>();
  for (const rule of rules) {
    for (const found of rule(obs)) {
      const seen = byName.get(found.cause);
      if (!seen) {
        byName.set(found.cause, { ...found, kind: CAUSE_KIND[found.cause], endpoints: [...found.endpoints], evidence: [...found.evidence] });
        continue;
      }
      const [strong, weak] = found.confidence > seen.confidence ? [found, seen] : [seen, found];
      const known = new Set(strong.evidence.map(evidenceKey));
      byName.set(found.cause, {
        ...strong,
        kind: CAUSE_KIND[found.cause],
        endpoints: [...new Set([...strong.endpoints, ...weak.endpoints])],
        evidence: [...strong.evidence, ...weak.evidence.filter((e) => !known.has(evidenceKey(e)))],
      });
    }
  }
  // Stable: equal confidence keeps the rule order above.
  const ranked = [...byName.values()].sort((a, b) => b.confidence - a.confidence);
  return obs.target.bundled ? ranked.map((c) => (REFERENCE_HINT[c.cause] ? { ...c, fix: `${c.fix} ${REFERENCE_HINT[c.cause]}` } : c)) : ranked;
}
