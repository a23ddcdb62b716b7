// Reads and validates JSON request bodies: 415 for a body not sent as JSON, 400 invalid_json
// for unparsable text, 400
// invalid_request with every field problem at once for a body that parses but doesn't fit.
import type { Context } from 'hono';
import type { z } from 'zod';
import { ApiError } from './respond.js';

/** application/json, or a JSON-based type (application/problem+json), any parameters. */
const JSON_TYPE = /^application\/([\w.+-]+\+)?json\s*(;|$)/i;

async function readObject(c: Context, optional: boolean): Promise<Record<string, unknown>> {
  const text = await c.req.text();
  if (text.trim() === '' && optional) return {};
  // A form or text/plain body is what a cross-site HTML form can send without a preflight:
  // refuse it even when it happens to hold JSON.
  const type = c.req.header('content-type') ?? '';
  if (!JSON_TYPE.test(type)) {
    throw new ApiError(415, 'unsupported_media_type', `The request body must be sent as Content-Type: application/json${type ? ` (got ${type.split(';')[0]!.slice(0, 100)})` : ''}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ApiError(400, 'invalid_json', 'The request body is not valid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ApiError(400, 'invalid_json', 'The request body must be a JSON object');
  }
  return value as Record<string, unknown>;
}

/** One message per field; keys the schema doesn't know each get "unknown field". */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) fields[key] ??= 'unknown field';
      continue;
    }
    const key = issue.path.length ? issue.path.map(String).join('.') : '_';
    fields[key] ??= issue.message;
  }
  return fields;
}

export async function readBody<S extends z.ZodType>(c: Context, schema: S, opts: { optional?: boolean } = {}): Promise<z.infer<S>> {
  const raw = await readObject(c, opts.optional ?? false);
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const fields = fieldErrors(parsed.error);
    const names = Object.keys(fields).join(', ');
    throw new ApiError(400, 'invalid_request', `Invalid field(s): ${names}`, { fields });
  }
  return parsed.data;
}
