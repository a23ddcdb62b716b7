// Turns raw measurements (a RunResult, tracer samples) into the observations the rules read.
// Pure: the same inputs always give the same observations.
import type { EndpointResult, RunResult } from '../results/types.js';
import type { ProbeSample } from './tracer.js';
import type { EndpointObservation, ProbeKind, ProbeObservation, Spread } from './types.js';
import { serverTotal } from './server-timing.js';

/** Nearest-rank percentile of an unsorted list (0 for an empty one). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] ?? 0;
}

export function spread(values: readonly number[]): Spread {
  return {
    p50: percentile(values, 50),
    p90: percentile(values, 90),
    p95: percentile(values, 95),
    p99: percentile(values, 99),
    max: values.length === 0 ? 0 : Math.max(...values),
  };
}

/**
 * `expected`: the statuses the scenario allows for this request. A 429 or 503 it expects (a per-user
 * email limit answering 429 is correct behaviour) is not a rejection by a limiter.
 */
export function observeEndpoint(e: EndpointResult, expected: readonly number[] = []): EndpointObservation {
  const unexpected = (code: number) => (expected.includes(code) ? 0 : e.statuses[String(code)] ?? 0);
  let status5xx = 0;
  for (const [code, n] of Object.entries(e.statuses)) if (Number(code) >= 500) status5xx += n;
  return {
    name: e.name,
    method: e.method,
    path: e.path,
    attempted: e.attempted,
    errors: e.errors,
    errorRate: e.errorRate,
    timeouts: e.errorClasses.timeout ?? 0,
    status5xx,
    status429: unexpected(429),
    status503: unexpected(503),
    refused: e.errorClasses.refused ?? 0,
    reset: e.errorClasses.reset ?? 0,
    otherErrors: e.errorClasses.other ?? 0,
    rps: e.rps,
    latency: { p50: e.latency.p50, p90: e.latency.p90, p95: e.latency.p95, p99: e.latency.p99, max: e.latency.max },
    min: e.latency.min,
    atLeast: e.atLeast.length > 0,
  };
}

export function observeRun(result: RunResult, expected: (name: string) => readonly number[] = () => []): {
  endpoints: EndpointObservation[];
  overall: EndpointObservation;
  timeline: Array<{ p50: number; p99: number }>;
} {
  return {
    endpoints: result.endpoints.map((e) => observeEndpoint(e, expected(e.name))),
    overall: overallOf(result, expected),
    timeline: result.timeline.map((t) => ({ p50: t.p50, p99: t.p99 })),
  };
}

/** The overall figures, with only the unexpected 429/503 answers summed from the endpoints. */
function overallOf(result: RunResult, expected: (name: string) => readonly number[]): EndpointObservation {
  const o = observeEndpoint(result.overall);
  const endpoints = result.endpoints.map((e) => observeEndpoint(e, expected(e.name)));
  return { ...o, status429: endpoints.reduce((t, e) => t + e.status429, 0), status503: endpoints.reduce((t, e) => t + e.status503, 0) };
}

/** One observation per probe kind that sent anything. */
export function observeProbes(samples: readonly ProbeSample[]): ProbeObservation[] {
  const kinds = new Map<ProbeKind, ProbeSample[]>();
  for (const s of samples) {
    const list = kinds.get(s.probe) ?? [];
    list.push(s);
    kinds.set(s.probe, list);
  }
  const out: ProbeObservation[] = [];
  for (const [probe, list] of kinds) {
    const ok = list.filter((s) => s.error === null);
    const server = ok.map((s) => serverTotal(s.spans)).filter((v): v is number => v !== null);
    const spanNames = new Set(ok.flatMap((s) => Object.keys(s.spans)));
    const spans: Record<string, number> = {};
    for (const name of spanNames) spans[name] = percentile(ok.map((s) => s.spans[name] ?? 0), 50);
    out.push({
      probe,
      path: list[0]?.path ?? '',
      samples: list.length,
      errors: list.length - ok.length,
      total: spread(list.map((s) => s.totalMs)),
      floor: percentile(list.map((s) => s.totalMs), 10),
      ttfbP50: percentile(ok.map((s) => s.ttfbMs), 50),
      queuedP50: percentile(ok.map((s) => s.queuedMs), 50),
      // Only trust the server's figure when most answers carried it.
      serverP50: server.length > 0 && server.length >= ok.length / 2 ? percentile(server, 50) : null,
      serverFloor: server.length > 0 && server.length >= ok.length / 2 ? percentile(server, 10) : null,
      spans,
    });
  }
  return out;
}
