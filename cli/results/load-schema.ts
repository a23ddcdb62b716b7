// The zod schema of a load as a saved result holds it (plan/types.ts LoadSpec, after overrides), so a
// result's `scenario.load` is typed data, not `unknown`. A new load model adds its object here.
import { z } from 'zod';
import type { LoadSpec } from '../plan/types.js';

const count = z.number().int().nonnegative();
const ms = z.number().nonnegative();

const closedLoad = z.object({ model: z.literal('closed'), connections: count, durationMs: ms, warmupMs: ms });

const openLoad = z.object({
  model: z.literal('open'),
  stages: z.array(z.object({ durationMs: ms, rate: z.number().nonnegative(), to: z.number().nonnegative() })),
  warmupMs: ms,
  maxConnections: count,
  maxInFlight: count,
});

export const loadSpecSchema = z.discriminatedUnion('model', [closedLoad, openLoad]);

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const LOAD_SCHEMA_MATCHES_TYPE: Same<z.infer<typeof loadSpecSchema>, LoadSpec> = true;
