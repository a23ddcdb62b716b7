// How one request ended: success, or which class of error. Shared by setup, closed and open models.
import type { ErrorClass } from '../results/types.js';
import type { RequestSpec } from '../plan/types.js';

/** The class of a status the request's `expect.status` does not allow, or null when it is allowed. */
export function classifyStatus(spec: RequestSpec, status: number): ErrorClass | null {
  const allowed = spec.expect.status;
  if (allowed.length === 0 ? status >= 200 && status < 400 : allowed.includes(status)) return null;
  if (status >= 400 && status < 500) return 'http4xx';
  if (status >= 500 && status < 600) return 'http5xx';
  return 'expectation';
}

const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'ECONNABORTED', 'UND_ERR_CLOSED']);

/** Connection-level failures: refused, reset (incl. "socket hang up"), or anything else. */
export function classifyError(err: unknown): ErrorClass {
  const e = err as { code?: unknown; message?: unknown } | null;
  const code = typeof e?.code === 'string' ? e.code : '';
  if (code === 'ECONNREFUSED') return 'refused';
  if (RESET_CODES.has(code)) return 'reset';
  if (typeof e?.message === 'string' && /socket hang up|other side closed/i.test(e.message)) return 'reset';
  return 'other';
}

/** Reads a dotted path (`data.token`, `items.0.id`) from parsed JSON; undefined when absent. */
export function readPath(value: unknown, path: string): unknown {
  let cur = value;
  for (const key of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

export interface BodyVerdict {
  error: ErrorClass | null;
  /** Captured variables (only when the status was allowed and the value was present). */
  captured: Record<string, string>;
}

/**
 * Judges a response whose body is needed: status first, then expected fields and captures. A capture
 * that is missing counts as an `expectation` error, since the next requests of the flow would be sent
 * without it.
 */
export function judgeBody(spec: RequestSpec, status: number, body: string): BodyVerdict {
  const captured: Record<string, string> = {};
  const statusError = classifyStatus(spec, status);
  if (statusError) return { error: statusError, captured };
  let json: unknown;
  try {
    json = body ? JSON.parse(body) : undefined;
  } catch {
    return { error: 'expectation', captured };
  }
  let error: ErrorClass | null = null;
  for (const field of spec.expect.fields) {
    if (readPath(json, field) === undefined) error = 'expectation';
  }
  for (const [name, path] of Object.entries(spec.capture)) {
    const v = readPath(json, path);
    if (v === undefined || v === null) error = 'expectation';
    else captured[name] = typeof v === 'string' ? v : JSON.stringify(v);
  }
  return { error, captured };
}

/** A short description of a failed answer for messages: `401 invalid_credentials` or `500 <text>`. */
export function describeAnswer(status: number, body: string): string {
  let detail = body.replace(/\s+/g, ' ').trim();
  try {
    const json = JSON.parse(body) as Record<string, unknown>;
    const e = json.error ?? json.code ?? json.message;
    if (typeof e === 'string') detail = e;
    else if (e && typeof e === 'object' && typeof (e as { code?: unknown }).code === 'string') {
      detail = (e as { code: string }).code;
    }
  } catch {
    // not JSON: keep the text
  }
  return detail ? `${status} ${detail.slice(0, 80)}` : String(status);
}
