// Reads a saved results file back into a RunResult, or says in one line what is wrong with it,
// where, and how to fix it (a UsageError: exit 2). Used by `report` and `compare`.
import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import { UsageError } from '../core/errors.js';
import { RESULT_SCHEMA, type RunResult } from './types.js';
import { runResultSchema } from './result-schema.js';

/** `endpoints[2].latency.p95`: the path of an issue as a person would write it. */
function pathText(path: ReadonlyArray<PropertyKey>): string {
  let text = '';
  for (const key of path) text += typeof key === 'number' ? `[${key}]` : `${text ? '.' : ''}${String(key)}`;
  return text || '(top level)';
}

function issueText(issue: z.core.$ZodIssue): string {
  return `${pathText(issue.path)}: ${issue.message}`;
}

/** Validates a parsed document; every problem is collected, the first is shown and the rest counted. */
export function parseResultDocument(data: unknown, file: string): RunResult {
  const schema = (data as { schema?: unknown } | null)?.schema;
  if (data === null || typeof data !== 'object' || Array.isArray(data) || schema !== RESULT_SCHEMA) {
    const found = schema === undefined ? 'no "schema" field' : `schema ${JSON.stringify(schema)}`;
    throw new UsageError(
      `${file}: not a zimmer-bench results file (${found}, expected "${RESULT_SCHEMA}"): ` +
        'pass the .json that `zimmer-bench run` or `phase1` wrote',
    );
  }
  const parsed = runResultSchema.safeParse(data);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues;
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem(s))` : '';
  throw new UsageError(
    `${file}: damaged ${RESULT_SCHEMA} document: ${issueText(issues[0]!)}${more}: ` +
      'write it again with the same zimmer-bench version, or restore it from where it was saved',
  );
}

/** Parses JSON text, then validates it; a syntax error names the file and position. */
export function parseResultText(text: string, file: string): RunResult {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`${file}: not valid JSON (${(err as Error).message}): pass a results .json file`);
  }
  return parseResultDocument(data, file);
}

export async function readResultFile(file: string): Promise<RunResult> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new UsageError(`cannot read results file ${file} (${code}): check the path`);
  }
  return parseResultText(text, file);
}
