// Raw (schema-checked, problem-free) scenario -> the validated plan, with every default filled in,
// so nothing downstream has to know what an omitted key means.
import { DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_IN_FLIGHT } from './overrides.js';
import type { RawLoad, RawRequest, RawScenario } from './schema.js';
import { isTargetProblem, parseTarget } from './targets.js';
import type { FlowSpec, LoadSpec, RequestSpec, Scenario, TargetSpec, UsersSpec } from './types.js';
import { parseDuration } from './units.js';
import { expandEnv } from './template.js';

export const DEFAULT_TIMEOUT_MS = 10_000;
/** Any 2xx, when a request does not say which statuses it expects. */
export const DEFAULT_EXPECT_STATUS: readonly number[] = Array.from({ length: 100 }, (_, i) => 200 + i);

const ms = (d: string | number | undefined, fallback: number): number => (d === undefined ? fallback : parseDuration(d));
const strings = (r: Record<string, string | number | boolean> | undefined): Record<string, string> =>
  Object.fromEntries(Object.entries(r ?? {}).map(([k, v]) => [k, String(v)]));
/** Header names are case-insensitive: keep one spelling so defaults and requests merge cleanly. */
const lowerKeys = (r: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(r).map(([k, v]) => [k.toLowerCase(), v]));

/** Content types of the three body kinds, when the request's headers do not name one. */
export const BODY_CONTENT_TYPES = { body: 'application/json', form: 'application/x-www-form-urlencoded', text: 'text/plain; charset=utf-8' } as const;

export function buildScenario(
  raw: RawScenario, file: string | null, csvUsers: Array<Record<string, string>> | null, env: Record<string, string> = {},
): Scenario {
  const timeoutMs = ms(raw.defaults?.timeout, DEFAULT_TIMEOUT_MS);
  const defaultHeaders = lowerKeys(strings(raw.defaults?.headers));
  const requests: Record<string, RequestSpec> = {};
  for (const [name, r] of Object.entries(raw.requests)) requests[name] = buildRequest(name, r, defaultHeaders, timeoutMs);
  const setup = raw.setup ?? [];
  const mix: FlowSpec[] = raw.mix
    ? raw.mix.map((f) => ({ weight: f.weight, run: [...f.run] }))
    : Object.keys(requests).filter((n) => !setup.includes(n)).map((n) => ({ weight: 1, run: [n] }));
  return {
    name: raw.name,
    description: raw.description ?? '',
    file,
    target: raw.target === undefined ? null : expandEnv(raw.target, env),
    defaults: { headers: defaultHeaders, timeoutMs },
    variables: strings(raw.variables),
    users: buildUsers(raw.users, csvUsers),
    setup: [...setup],
    requests,
    mix,
    load: buildLoad(raw.load),
    targets: buildTargets(raw.targets, mix),
    ...(Object.keys(env).length ? { env } : {}),
  };
}

function buildRequest(name: string, r: RawRequest, defaultHeaders: Record<string, string>, timeoutMs: number): RequestSpec {
  const headers = { ...defaultHeaders, ...lowerKeys(strings(r.headers)) };
  const kind = r.form !== undefined ? 'form' : r.text !== undefined ? 'text' : r.body !== undefined ? 'body' : null;
  if (kind && !('content-type' in headers)) headers['content-type'] = BODY_CONTENT_TYPES[kind];
  const status = r.expect?.status;
  return {
    name,
    method: r.method,
    path: r.path,
    headers,
    ...(r.body !== undefined ? { body: r.body } : {}),
    ...(r.form !== undefined ? { form: strings(r.form) } : {}),
    ...(r.text !== undefined ? { text: r.text } : {}),
    capture: { ...(r.capture ?? {}) },
    expect: {
      status: status === undefined ? [...DEFAULT_EXPECT_STATUS] : typeof status === 'number' ? [status] : [...status],
      fields: [...(r.expect?.fields ?? [])],
    },
    timeoutMs: ms(r.timeout, timeoutMs),
  };
}

function buildUsers(users: RawScenario['users'], csvUsers: Array<Record<string, string>> | null): UsersSpec {
  if (users?.pattern) {
    const { count, ...fields } = users.pattern;
    // One spelling of the placeholder, so expanding it is a plain replaceAll('{{n}}').
    const normalised = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, String(v).replace(/\{\{\s*n\s*\}\}/g, '{{n}}')]));
    return { kind: 'pattern', count, fields: normalised };
  }
  if (users?.inline) return { kind: 'inline', list: users.inline.map(strings) };
  if (users?.csv !== undefined) return csvUsers ? { kind: 'inline', list: csvUsers } : { kind: 'csv', file: users.csv };
  return { kind: 'none' };
}

function buildLoad(load: RawLoad): LoadSpec {
  const warmupMs = ms(load.warmup, 0);
  if (load.model === 'closed') return { model: 'closed', connections: load.connections, durationMs: ms(load.duration, 0), warmupMs };
  return {
    model: 'open',
    stages: load.stages.map((s) => ({ durationMs: ms(s.duration, 0), rate: s.rate, to: s.to ?? s.rate })),
    warmupMs,
    maxConnections: load.max_connections ?? DEFAULT_MAX_CONNECTIONS,
    maxInFlight: load.max_in_flight ?? DEFAULT_MAX_IN_FLIGHT,
  };
}

/** Whole-run targets, then per-endpoint ones; `"*"` becomes one target per request in the mix. */
function buildTargets(targets: RawScenario['targets'], mix: FlowSpec[]): TargetSpec[] {
  const out: TargetSpec[] = [];
  const add = (text: string, endpoint: string | null) => {
    const t = parseTarget(text, endpoint);
    if (!isTargetProblem(t)) out.push(t);
  };
  for (const t of targets?.overall ?? []) add(t, null);
  const mixed = [...new Set(mix.flatMap((f) => f.run))];
  for (const [endpoint, list] of Object.entries(targets?.endpoints ?? {})) {
    for (const name of endpoint === '*' ? mixed : [endpoint]) for (const t of list) add(t, name);
  }
  return out;
}
