// The zod schema of the `shard` and `merged` stanzas of a result@1 document (see shard-types.ts).
import { z } from 'zod';
import { loadSpecSchema } from './load-schema.js';

const count = z.number().int().nonnegative();
const ms = z.number().nonnegative();

const histograms = z.object({
  unit: z.literal('us'),
  digits: count,
  timelineDigits: count,
  timelineIntervalMs: ms,
});

export const shardStanza = z.object({
  index: count,
  count: z.number().int().positive(),
  digest: z.string(),
  load: loadSpecSchema,
  histograms,
  clock: z.object({
    startAt: z.string().nullable(),
    loadStartedAt: z.string(),
    windowStartedAt: z.string(),
    lateMs: z.number(),
  }),
});

export const mergedStanza = z.object({
  count: z.number().int().positive(),
  digest: z.string(),
  startSkewMs: ms,
  shards: z.array(z.object({
    index: count,
    file: z.string(),
    hostname: z.string(),
    windowStartedAt: z.string(),
    lateMs: z.number(),
    measuredMs: ms,
    attempted: count,
    valid: z.boolean(),
    reasons: z.array(z.string()),
  })),
});
