// The zod schema of `compare --json` (compare/compare.ts Comparison, zimmer-bench/comparison@1).
import { z } from 'zod';
import { COMPARE_METRICS, COMPARISON_SCHEMA, type Comparison } from '../compare/compare.js';
import { documentId } from './ids.js';
import type { Same } from './same.js';

const runRef = z.object({
  scenario: z.string(), startedAt: z.string(), target: z.string(), valid: z.boolean(), partial: z.boolean(),
});

const row = z.object({
  endpoint: z.string(),
  metric: z.enum(COMPARE_METRICS),
  base: z.number().nullable(),
  next: z.number().nullable(),
  baseAtLeast: z.boolean().meta({ description: 'The value is a lower bound (a percentile on timed-out requests).' }),
  nextAtLeast: z.boolean(),
  delta: z.number().nullable().meta({ description: "next - base, in the metric's unit (ms, fraction, req/s)." }),
  change: z.number().nullable().meta({ description: 'delta / base; null when base is 0 or either side is missing.' }),
  status: z.enum(['regression', 'improvement', 'same', 'missing', 'added', 'unknown']),
  reason: z.string().nullable(),
});

export const comparisonSchema = z.object({
  schema: z.literal(COMPARISON_SCHEMA),
  base: runRef,
  next: runRef,
  options: z.object({ tolerance: z.number().nonnegative(), floorMs: z.number().nonnegative(), errorPoints: z.number().nonnegative() }),
  rows: z.array(row),
  regressions: z.number().int().nonnegative(),
  notes: z.array(z.string()),
}).meta({
  $id: documentId('comparison'),
  title: 'zimmer-bench comparison (zimmer-bench/comparison@1)',
  description: 'Two saved runs compared per endpoint and metric (compare --json).',
});

export const COMPARISON_MATCHES_TYPE: Same<z.infer<typeof comparisonSchema>, Comparison> = true;
