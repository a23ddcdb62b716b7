// The zod schema of the readiness document (readiness/types.ts ReadinessDocument, zimmer-bench/readiness@1).
import { z } from 'zod';
import { READINESS_SCHEMA, type ReadinessDocument } from '../readiness/types.js';
import { documentId } from './ids.js';
import type { Same } from './same.js';

const status = z.enum(['pass', 'fail', 'invalid']);

const item = z.object({
  id: z.enum(['timeouts', 'phase1', 'coverage', 'overload', 'phase2', 'phase3', 'compression', 'health', 'security-headers', 'error-bodies']),
  title: z.string(),
  group: z.enum(['timeouts', 'performance', 'monitoring-security']),
  weight: z.number().nonnegative(),
  status,
  score: z.number().min(0).max(1),
  summary: z.string(),
  checks: z.array(z.object({ name: z.string(), pass: z.boolean(), evidence: z.string() })),
});

export const readinessSchema = z.object({
  schema: z.literal(READINESS_SCHEMA),
  target: z.object({ url: z.string(), bundled: z.boolean(), faults: z.array(z.string()) }),
  startedAt: z.string(),
  durationMs: z.number().nonnegative(),
  phaseDurationMs: z.number().nonnegative(),
  partial: z.boolean(),
  percent: z.number().min(0).max(100),
  verdict: status,
  items: z.array(item),
  left: z.array(z.string()).meta({ description: 'What is left to reach 100 %: one line per failed check, heaviest item first.' }),
  invalidReasons: z.array(z.string()),
}).meta({
  $id: documentId('readiness'),
  title: 'zimmer-bench readiness (zimmer-bench/readiness@1)',
  description: 'The weighted readiness score, its items and the evidence behind each check.',
});

export const READINESS_MATCHES_TYPE: Same<z.infer<typeof readinessSchema>, ReadinessDocument> = true;
