// Every document zimmer-bench writes that has a published JSON Schema, and how the schema text is
// made from its zod schema. `npm run schema` writes them; a unit test fails when one is stale.
import { z } from 'zod';
import { comparisonSchema } from './comparison.js';
import { diagnosisSchema } from './diagnosis.js';
import { SCHEMAS_FOLDER } from './ids.js';
import { readinessSchema } from './readiness.js';
import { runDocumentSchema } from './run-document.js';

export interface PublishedSchema {
  /** Path inside the package. */
  file: string;
  text: () => string;
}

/** Draft-07, what most validators and editors read; documents as written (`output`: no unknown keys). */
function documentSchemaText(schema: z.ZodType): string {
  return `${JSON.stringify(z.toJSONSchema(schema, { target: 'draft-7', io: 'output' }), null, 2)}\n`;
}

export const DOCUMENT_SCHEMAS = {
  result: runDocumentSchema,
  comparison: comparisonSchema,
  readiness: readinessSchema,
  diagnosis: diagnosisSchema,
} as const;

export type DocumentName = keyof typeof DOCUMENT_SCHEMAS;

export function documentSchemaFiles(): PublishedSchema[] {
  return Object.entries(DOCUMENT_SCHEMAS).map(([name, schema]) => ({
    file: `${SCHEMAS_FOLDER}/${name}.schema.json`,
    text: () => documentSchemaText(schema),
  }));
}
