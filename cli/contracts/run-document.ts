// The zod schema of the JSON a run writes (`run`, `phase1`..`phase3`, `quick`, `merge`, each shard):
// the saved result@1 with the evaluation beside it (render/json.ts RunDocument).
import { z } from 'zod';
import type { Evaluation } from '../evaluate/types.js';
import { runResultSchema, targetSpecSchema } from '../results/result-schema.js';
import type { RunResult } from '../results/types.js';
import { documentId } from './ids.js';
import type { Same } from './same.js';

const outcome = z.object({
  target: targetSpecSchema,
  actual: z.number().nullable().meta({ description: "Measured value in the target's unit (ms, fraction, count, req/s); null when nothing was measured." }),
  atLeast: z.boolean().meta({ description: 'The actual value is a lower bound (a percentile on timed-out requests).' }),
  pass: z.boolean(),
  brokenBy: z.array(z.string()).meta({ description: "The target's endpoint, or for an overall target the worst offenders." }),
  note: z.string().optional(),
});

export const evaluationSchema = z.object({
  verdict: z.enum(['pass', 'fail', 'invalid']),
  outcomes: z.array(outcome),
  invalidReasons: z.array(z.string()),
  warnings: z.array(z.string()).optional(),
});

export const runDocumentSchema = runResultSchema
  .extend({ evaluation: evaluationSchema })
  .meta({
    $id: documentId('result'),
    title: 'zimmer-bench run results (zimmer-bench/result@1)',
    description: 'What one run measured per endpoint, and its evaluation against the targets.',
  });

export const EVALUATION_MATCHES_TYPE: Same<z.infer<typeof evaluationSchema>, Evaluation> = true;
export const RUN_DOCUMENT_MATCHES_TYPE: Same<z.infer<typeof runDocumentSchema>, RunResult & { evaluation: Evaluation }> = true;
