// The validated plan: what a scenario YAML becomes once every problem in it has been ruled out.
// Everything downstream (runner, evaluation, renderers) reads only these types, never raw YAML.
import type { LatencyMetric } from '../core/metrics.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD' | 'OPTIONS';

/** A named request. Strings in path, headers and body may hold `{{var}}` templates. */
export interface RequestSpec {
  name: string;
  method: HttpMethod;
  path: string;
  headers: Record<string, string>;
  /** JSON body (templated leaf strings), or undefined for none. At most one of body, form, text. */
  body?: unknown;
  /** Form fields, sent url-encoded (each value a template). */
  form?: Record<string, string>;
  /** Raw body text (a template), sent with the request's content-type. */
  text?: string;
  /** variable name -> dotted path into the JSON response body, e.g. `access_token` or `data.token`. */
  capture: Record<string, string>;
  expect: {
    /** Allowed status codes; anything else counts as an `expectation` error. */
    status: number[];
    /** Dotted paths that must be present in the JSON response body. */
    fields: string[];
  };
  /** Per-request timeout in ms (defaults.timeoutMs unless overridden). */
  timeoutMs: number;
}

/** One weighted entry of the mix: a sequence of request names run in order by one virtual user. */
export interface FlowSpec {
  weight: number;
  run: string[];
}

export type UsersSpec =
  | { kind: 'none' }
  | { kind: 'inline'; list: Array<Record<string, string>> }
  /** `count` users; `{{n}}` in each field is replaced by 1..count. */
  | { kind: 'pattern'; count: number; fields: Record<string, string> }
  /** A CSV file with a header row; path resolved relative to the scenario file. */
  | { kind: 'csv'; file: string };

export interface ClosedLoad {
  model: 'closed';
  connections: number;
  durationMs: number;
  warmupMs: number;
}

export interface RateStage {
  durationMs: number;
  /** Arrival rate (flow starts per second) at the start of the stage. */
  rate: number;
  /** Rate at the end of the stage; equals `rate` for a constant stage (linear ramp otherwise). */
  to: number;
}

export interface OpenLoad {
  model: 'open';
  stages: RateStage[];
  warmupMs: number;
  /** Upper bound of sockets the generator may open. */
  maxConnections: number;
  /** Upper bound of requests in flight; arrivals beyond it are dropped and make the run invalid. */
  maxInFlight: number;
}

export type LoadSpec = ClosedLoad | OpenLoad;

export type TargetMetric = LatencyMetric | 'error_rate' | 'rps' | 'timeouts' | 'errors';

export type TargetOp = '<' | '<=' | '>' | '>=' | '==';

/** A parsed target such as `p95 < 200ms`: latency in ms, rates as fractions (1% -> 0.01), counts as-is. */
export interface TargetSpec {
  metric: TargetMetric;
  op: TargetOp;
  value: number;
  /** Request name, or null for the whole run. */
  endpoint: string | null;
  /** The text as written, for reports. */
  source: string;
}

export interface Scenario {
  name: string;
  description: string;
  /** Absolute path of the YAML file, when loaded from one. */
  file: string | null;
  /** Base URL (`${NAME}` already filled in), or null to mean the bundled reference server. */
  target: string | null;
  /**
   * Values of the `${NAME}` references the scenario uses (from the environment, --env-file, --var).
   * Secrets: compiled into requests, never written to results or reports.
   */
  env?: Record<string, string>;
  defaults: { headers: Record<string, string>; timeoutMs: number };
  variables: Record<string, string>;
  users: UsersSpec;
  /** Request names run once per virtual user before measurement (e.g. log in). Not measured. */
  setup: string[];
  requests: Record<string, RequestSpec>;
  mix: FlowSpec[];
  load: LoadSpec;
  targets: TargetSpec[];
}
