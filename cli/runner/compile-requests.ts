// Scenario requests compiled once into closures that render a ready-to-send request from variables.
import type { RequestSpec, Scenario } from '../plan/types.js';
import { BODY_CONTENT_TYPES } from '../plan/build-scenario.js';
import { compileJsonBody, compileString, templateVariables, type EnvValues, type Vars } from '../plan/template.js';
import { joinPath } from './target-url.js';

export interface CompiledRequest {
  /** Position in the list: endpoint index in the recorder. */
  index: number;
  name: string;
  spec: RequestSpec;
  /** The response body must be read (captures or expected fields). */
  needsBody: boolean;
  /** No template anywhere: renders the same every time, so it can be built once. */
  isStatic: boolean;
  /**
   * Renders the same for a given user every time: its templates read only the user's own variables
   * (fields, scenario variables, setup captures), never `$seq`, `$uuid` or a capture made in a flow.
   */
  perUser: boolean;
  timeoutMs: number;
  render(vars: Vars): RenderedRequest;
}

export interface RenderedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string | undefined;
}

let seq = 0;

/** Compiles every request of the scenario, in the order of `scenario.requests`. */
export function compileRequests(s: Scenario, basePath: string): CompiledRequest[] {
  const inFlows = new Set(s.mix.flatMap((f) => f.run));
  const changing = new Set(['$seq', '$uuid', ...Object.values(s.requests)
    .filter((r) => inFlows.has(r.name)).flatMap((r) => Object.keys(r.capture))]);
  const env = s.env ?? {};
  return Object.values(s.requests).map((spec, index) =>
    compileRequest(spec, index, s.defaults.headers, basePath, changing, env));
}

/** The body as text to send: JSON (default), url-encoded form fields, or raw text. */
function compileBody(spec: RequestSpec, env: EnvValues): ((vars: Vars) => string) | null {
  if (spec.form !== undefined) {
    const fields = Object.entries(spec.form).map(([k, v]) => [k, compileString(v, env)] as const);
    // URLSearchParams encodes as browsers submit forms (space as +), which every form parser reads.
    return (vars) => new URLSearchParams(fields.map(([k, fn]): [string, string] => [k, fn(vars)])).toString();
  }
  if (spec.text !== undefined) return compileString(spec.text, env);
  return spec.body !== undefined ? compileJsonBody(spec.body, env) : null;
}

function compileRequest(
  spec: RequestSpec, index: number, defaultHeaders: Record<string, string>, basePath: string,
  changing: Set<string>, env: EnvValues,
): CompiledRequest {
  const path = compileString(joinPath(basePath, spec.path), env);
  const merged: Record<string, string> = { ...defaultHeaders, ...spec.headers };
  const content = spec.form ?? spec.text ?? spec.body;
  if (content !== undefined && !Object.keys(merged).some((k) => k.toLowerCase() === 'content-type')) {
    merged['content-type'] = BODY_CONTENT_TYPES[spec.form ? 'form' : spec.text !== undefined ? 'text' : 'body'];
  }
  const headers = Object.entries(merged).map(([k, v]) => [k, compileString(v, env)] as const);
  const body = compileBody(spec, env);
  return {
    index,
    name: spec.name,
    spec,
    needsBody: Object.keys(spec.capture).length > 0 || spec.expect.fields.length > 0,
    isStatic: !templateVariables([spec.path, merged, content]).length,
    perUser: !templateVariables([spec.path, merged, content]).some((v) => changing.has(v)),
    timeoutMs: spec.timeoutMs,
    render(vars) {
      // `$seq` numbers every rendered request of the process, so bodies can be made unique.
      vars.$seq = String(++seq);
      const h: Record<string, string> = {};
      for (const [k, fn] of headers) h[k] = fn(vars);
      return { method: spec.method, path: path(vars), headers: h, body: body ? body(vars) : undefined };
    },
  };
}
