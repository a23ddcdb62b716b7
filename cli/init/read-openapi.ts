// Reads an OpenAPI 3.x or Swagger 2 document from a URL or a file, and dereferences it with a
// maintained parser, so the rest of `init` reads plain objects instead of following $refs.
import { readFile } from 'node:fs/promises';
import { dereference } from '@readme/openapi-parser';
import { parse as parseYaml } from 'yaml';
import { UsageError } from '../core/errors.js';

const FETCH_TIMEOUT_MS = 15_000;
const MAX_BYTES = 20 * 1024 * 1024;

export type ApiDocument = Record<string, any>;

export interface ReadDocument {
  doc: ApiDocument;
  /** The URL it came from (relative server URLs resolve against it), or null for a file. */
  url: URL | null;
}

export async function readOpenApi(source: string): Promise<ReadDocument> {
  const url = /^https?:\/\//i.test(source) ? new URL(source) : null;
  const text = url ? await download(url) : await readLocal(source);
  let raw: unknown;
  try {
    raw = text.trimStart().startsWith('{') ? JSON.parse(text) : parseYaml(text);
  } catch (err) {
    throw new UsageError(`--from-openapi ${source}: not JSON or YAML (${(err as Error).message.split('\n')[0]})`);
  }
  const kind = raw && typeof raw === 'object' ? (raw as ApiDocument).openapi ?? (raw as ApiDocument).swagger : undefined;
  if (typeof kind !== 'string' || !/^(2\.0|3\.[01](\.\d+)?)$/.test(kind)) {
    throw new UsageError(`--from-openapi ${source}: not an OpenAPI 3.x or Swagger 2.0 document (no "openapi: 3.x" or "swagger: '2.0'" key)`);
  }
  try {
    // Circular schemas stay as object cycles; the body sampler bounds its depth.
    const doc = (await dereference(raw as never, { dereference: { circular: true } } as never)) as ApiDocument;
    return { doc, url };
  } catch (err) {
    throw new UsageError(`--from-openapi ${source}: cannot resolve the document (${(err as Error).message.split('\n')[0]})`);
  }
}

async function download(url: URL): Promise<string> {
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), headers: { accept: 'application/json, application/yaml;q=0.9, */*;q=0.5' } });
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).name;
    throw new UsageError(`--from-openapi ${url.href}: cannot fetch it (${cause}): is the server running, and is that its document URL (FastAPI: /openapi.json)?`);
  }
  if (!res.ok) throw new UsageError(`--from-openapi ${url.href}: the server answered ${res.status}; FastAPI serves /openapi.json, many others /openapi.yaml or /v3/api-docs`);
  const length = Number(res.headers.get('content-length') ?? 0);
  if (length > MAX_BYTES) throw new UsageError(`--from-openapi ${url.href}: ${length} bytes is more than an OpenAPI document should be (limit ${MAX_BYTES})`);
  const text = await res.text();
  if (text.length > MAX_BYTES) throw new UsageError(`--from-openapi ${url.href}: more than ${MAX_BYTES} bytes`);
  return text;
}

async function readLocal(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    throw new UsageError(`--from-openapi ${file}: cannot read it (${(err as NodeJS.ErrnoException).code ?? String(err)}): give a file path or an http(s) URL`);
  }
}
