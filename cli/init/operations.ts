// The operations of an OpenAPI 3.x or Swagger 2 document, in one shape: method, path, parameters,
// the body it takes (JSON, form or text), its success statuses and the security it needs.
import type { ApiDocument } from './read-openapi.js';

type Schema = Record<string, any>;

export const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

export interface Operation {
  /** operationId, or `METHOD /path` when the document has none. */
  id: string;
  /** The document's operationId, if it has one. */
  operationId: string | null;
  method: string;
  path: string;
  summary: string;
  params: Array<{ name: string; in: 'path' | 'query' | 'header'; required: boolean; schema: Schema }>;
  body: { kind: 'body' | 'form' | 'text'; contentType: string; schema: Schema; example?: unknown } | null;
  /** A body in a form init cannot write (multipart, binary): the operation is left out. */
  unsupportedBody: string | null;
  /** Documented 2xx statuses (empty: "any 2xx"), and whether 429 is documented. */
  statuses: number[];
  documents429: boolean;
  /** JSON schema of the first 2xx answer, when there is one. */
  answer: Schema | null;
  /** Names of the security schemes that satisfy it (any one of them); empty: none needed. */
  security: string[];
}

export function operationsOf(doc: ApiDocument): Operation[] {
  const v2 = typeof doc.swagger === 'string';
  const out: Operation[] = [];
  for (const [path, item] of Object.entries<Schema>(doc.paths ?? {})) {
    for (const method of METHODS) {
      const op: Schema | undefined = item?.[method];
      if (!op) continue;
      const params = [...(item.parameters ?? []), ...(op.parameters ?? [])] as Schema[];
      const security = (op.security ?? doc.security ?? []) as Array<Record<string, unknown>>;
      const statuses = Object.keys(op.responses ?? {}).filter((s) => /^2\d\d$/.test(s)).map(Number);
      const firstOk = Object.entries<Schema>(op.responses ?? {}).find(([s]) => /^2/.test(s))?.[1];
      const body = v2 ? bodyV2(doc, op, params) : bodyV3(op);
      out.push({
        id: typeof op.operationId === 'string' ? op.operationId : `${method.toUpperCase()} ${path}`,
        operationId: typeof op.operationId === 'string' ? op.operationId : null,
        method: method.toUpperCase(),
        path,
        summary: String(op.summary ?? op.description ?? '').split('\n')[0] ?? '',
        params: params.filter((p) => p.in === 'path' || p.in === 'query' || p.in === 'header').map((p) => ({
          name: String(p.name), in: p.in, required: p.in === 'path' || p.required === true,
          schema: v2 ? { type: p.type, format: p.format, enum: p.enum, default: p.default } : (p.schema ?? {}),
          ...(p.example !== undefined ? { schema: { ...(p.schema ?? {}), example: p.example } } : {}),
        })),
        body: 'unsupported' in body ? null : body.body,
        unsupportedBody: 'unsupported' in body ? body.unsupported : null,
        statuses,
        documents429: Object.hasOwn(op.responses ?? {}, '429'),
        answer: (v2 ? firstOk?.schema : firstOk?.content?.['application/json']?.schema) ?? null,
        // An empty requirement ({}) among the alternatives means "no credentials needed".
        security: security.some((s) => Object.keys(s).length === 0) ? [] : [...new Set(security.flatMap((s) => Object.keys(s)))],
      });
    }
  }
  return out;
}

type BodyResult = { body: Operation['body'] } | { unsupported: string };

function bodyV3(op: Schema): BodyResult {
  const content: Record<string, Schema> = op.requestBody?.content ?? {};
  const types = Object.keys(content);
  if (!types.length) return { body: null };
  const pick = (re: RegExp) => types.find((t) => re.test(t));
  const json = pick(/^application\/(.+\+)?json/);
  const form = pick(/^application\/x-www-form-urlencoded/);
  const text = pick(/^text\//) ?? pick(/^application\/(xml|.+\+xml)/);
  const type = json ?? form ?? text;
  if (!type) return { unsupported: types.join(', ') };
  const media = content[type] ?? {};
  const example = media.example ?? Object.values<Schema>(media.examples ?? {})[0]?.value;
  return { body: { kind: type === json ? 'body' : type === form ? 'form' : 'text', contentType: type, schema: media.schema ?? {}, ...(example !== undefined ? { example } : {}) } };
}

function bodyV2(doc: ApiDocument, op: Schema, params: Schema[]): BodyResult {
  const consumes: string[] = op.consumes ?? doc.consumes ?? ['application/json'];
  const inBody = params.find((p) => p.in === 'body');
  if (inBody) return { body: { kind: 'body', contentType: consumes.find((c) => /json/.test(c)) ?? 'application/json', schema: inBody.schema ?? {} } };
  const fields = params.filter((p) => p.in === 'formData');
  if (!fields.length) return { body: null };
  if (fields.some((f) => f.type === 'file')) return { unsupported: 'multipart/form-data (a file upload)' };
  const properties = Object.fromEntries(fields.map((f) => [f.name, { type: f.type, format: f.format, enum: f.enum, default: f.default }]));
  const required = fields.filter((f) => f.required).map((f) => String(f.name));
  return { body: { kind: 'form', contentType: 'application/x-www-form-urlencoded', schema: { type: 'object', properties, required } } };
}
