// The zod schema of a saved results document (`zimmer-bench/result@1`), so `report` and `compare`
// refuse a foreign or damaged file up front instead of rendering nonsense from it.
// Objects are not strict: a newer writer may add fields (the run document adds `evaluation`).
import { z } from 'zod';
import { PERCENTILE_KEYS, type PercentileKey } from '../core/metrics.js';
import { TARGET_METRICS, TARGET_OPS } from '../plan/targets.js';
import { decodeHistogram } from './summarize.js';
import { ERROR_CLASSES, RESULT_SCHEMA, type RunResult } from './types.js';
import { loadSpecSchema } from './load-schema.js';
import { mergedStanza, shardStanza } from './shard-schema.js';

const count = z.number().int().nonnegative();
const ms = z.number().nonnegative();
const percentiles = Object.fromEntries(PERCENTILE_KEYS.map((k) => [k, ms])) as Record<PercentileKey, typeof ms>;
const latency = z.object({ count, min: ms, mean: ms, ...percentiles });

// `interrupted` was added later: results written before it lack it (readers take it as 0).
const errorClasses = z.object({
  ...(Object.fromEntries(ERROR_CLASSES.map((c) => [c, count])) as Record<(typeof ERROR_CLASSES)[number], typeof count>),
  interrupted: count.optional(),
});

/**
 * The saved histogram must decode and hold as many requests as the summary beside it: `report`
 * charts percentiles from it and `timeouts` merges it, so a damaged one must be refused here, by
 * name, not found later as an internal error or silently ignored. '' means none was saved.
 */
function checkHistogram(e: { histogram: string; latency: { count: number } }, ctx: z.RefinementCtx): void {
  if (e.histogram === '') return;
  let count: number;
  try {
    const h = decodeHistogram(e.histogram);
    count = h.totalCount;
    h.destroy();
  } catch (err) {
    ctx.addIssue({ code: 'custom', path: ['histogram'], message: `not a readable HDR histogram (${(err as Error).message})` });
    return;
  }
  if (count !== e.latency.count) {
    ctx.addIssue({
      code: 'custom',
      path: ['histogram'],
      message: `holds ${count} request(s) where latency.count says ${e.latency.count}`,
    });
  }
}

const endpoint = z.object({
  name: z.string(),
  method: z.string(),
  path: z.string(),
  attempted: count,
  succeeded: count,
  errors: count,
  errorRate: z.number().min(0).max(1),
  rps: z.number().nonnegative(),
  statuses: z.record(z.string(), count),
  errorClasses,
  latency,
  atLeast: z.array(z.enum(PERCENTILE_KEYS)),
  timeoutMs: ms,
  histogram: z.string(),
}).superRefine(checkHistogram);

const timelinePoint = z.object({
  second: z.number().nonnegative(), completed: count, errors: count, p50: ms, p95: ms, p99: ms,
  histogram: z.string().optional(),
});

/** A target as planned (plan/types.ts TargetSpec); the evaluation repeats it beside each outcome. */
export const targetSpecSchema = z.object({
  metric: z.enum(TARGET_METRICS),
  op: z.enum(TARGET_OPS),
  value: z.number(),
  endpoint: z.string().nullable(),
  source: z.string(),
});

export const runResultSchema = z.object({
  schema: z.literal(RESULT_SCHEMA),
  scenario: z.object({
    name: z.string(),
    description: z.string(),
    file: z.string().nullable(),
    model: z.enum(['closed', 'open']),
    load: loadSpecSchema,
  }),
  target: z.object({ url: z.string(), bundled: z.boolean() }),
  environment: z.object({
    zimmerBench: z.string(), node: z.string(), platform: z.string(), arch: z.string(), cpus: count,
    cpuModel: z.string(), memoryGiB: z.number().nonnegative(), hostname: z.string(), engine: z.string(),
  }),
  startedAt: z.string(),
  endedAt: z.string(),
  measuredMs: ms,
  warmupMs: ms,
  partial: z.boolean(),
  validity: z.object({
    valid: z.boolean(),
    reasons: z.array(z.string()),
    scheduleLagMs: z.object({ p50: ms, p99: ms, max: ms }).optional(),
    askedRate: z.number().optional(),
    achievedRate: z.number().optional(),
    dropped: count.optional(),
    generatorLoopDelayP99Ms: ms.optional(),
    waitingFromWarmup: z.object({ connections: count, of: count, oldestMs: ms }).optional(),
  }),
  setup: z.object({ users: count, ready: count, failures: z.record(z.string(), count) }),
  overall: endpoint,
  endpoints: z.array(endpoint),
  timeline: z.array(timelinePoint),
  targets: z.array(targetSpecSchema),
  shard: shardStanza.optional(),
  merged: mergedStanza.optional(),
});

// Compile-time proof that the schema and the RunResult type describe the same document: if either
// changes without the other, this line stops compiling.
type Parsed = z.infer<typeof runResultSchema>;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const SCHEMA_MATCHES_TYPE: Same<Parsed, RunResult> = true;
