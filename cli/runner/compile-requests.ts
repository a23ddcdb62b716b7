// Scenario requests compiled once into closures that render a ready-to-send request from variables.
import type { RequestSpec, Scenario } from '../plan/types.js';
import { compileJsonBody, compileString, hasTemplate, templateVariables, type Vars } from '../plan/template.js';
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
  return Object.values(s.requests).map((spec, index) =>
    compileRequest(spec, index, s.defaults.headers, basePath, changing));
}

function compileRequest(
  spec: RequestSpec, index: number, defaultHeaders: Record<string, string>, basePath: string,
  changing: Set<string>,
): CompiledRequest {
  const path = compileString(joinPath(basePath, spec.path));
  const merged: Record<string, string> = { ...defaultHeaders, ...spec.headers };
  const hasBody = spec.body !== undefined;
  if (hasBody && !Object.keys(merged).some((k) => k.toLowerCase() === 'content-type')) {
    merged['content-type'] = 'application/json';
  }
  const headers = Object.entries(merged).map(([k, v]) => [k, compileString(v)] as const);
  const body = hasBody ? compileJsonBody(spec.body) : null;
  return {
    index,
    name: spec.name,
    spec,
    needsBody: Object.keys(spec.capture).length > 0 || spec.expect.fields.length > 0,
    isStatic: !hasTemplate([spec.path, merged, spec.body]),
    perUser: !templateVariables([spec.path, merged, spec.body]).some((v) => changing.has(v)),
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
