// The action plan's daily timeout check, as a pure judgement of one run: each of the seven endpoints
// is "resolved" when, under load, it had no timeouts and met phase 1's P95 and error targets (read
// from scenarios/phase1.yaml), timeouts counted on their own because a single one is the symptom.
import { ERROR_CLASSES, type EndpointResult, type ErrorClass, type RunResult } from '../results/types.js';
import { formatMs, formatPercent } from '../core/format.js';
import { resolvedGoal } from '../plan/phase-goals.js';
import { decodeHistogram, newLatencyHistogram, summarizeLatency } from '../results/summarize.js';

/** The seven endpoints of the action plan; several scenario requests may hit one (GET and PUT profile). */
export const SEVEN_ENDPOINTS = [
  { label: 'POST /api/auth/login', path: '/api/auth/login' },
  { label: 'POST /api/auth/logout', path: '/api/auth/logout' },
  { label: 'POST /api/auth/refresh', path: '/api/auth/refresh' },
  { label: 'GET /api/auth/2fa/status', path: '/api/auth/2fa/status' },
  { label: 'POST /api/auth/request-email-verify', path: '/api/auth/request-email-verify' },
  { label: 'GET /api/me', path: '/api/me' },
  { label: 'GET|PUT /api/user/profile', path: '/api/user/profile' },
] as const;


export interface TimeoutCheckEndpoint {
  label: string;
  /** Scenario requests measured on this endpoint. */
  requests: string[];
  resolved: boolean;
  attempted: number;
  timeouts: number;
  errorRate: number;
  p95: number | null;
  p99: number | null;
  max: number | null;
  /** The percentiles are lower bounds (they landed on timed-out requests). */
  atLeast: boolean;
  errorClasses: Partial<Record<ErrorClass, number>>;
  /** Why it is not resolved, one short phrase each (empty when resolved). */
  reasons: string[];
}

export interface TimeoutCheck {
  resolved: number;
  total: number;
  endpoints: TimeoutCheckEndpoint[];
}

export function timeoutCheck(result: RunResult): TimeoutCheck {
  const endpoints = SEVEN_ENDPOINTS.map(({ label, path }) =>
    judge(label, result.endpoints.filter((e) => stripQuery(e.path) === path && e.attempted > 0)));
  return { resolved: endpoints.filter((e) => e.resolved).length, total: endpoints.length, endpoints };
}

function stripQuery(path: string): string {
  const q = path.indexOf('?');
  return q < 0 ? path : path.slice(0, q);
}

function judge(label: string, measured: EndpointResult[]): TimeoutCheckEndpoint {
  if (measured.length === 0) {
    return {
      label, requests: [], resolved: false, attempted: 0, timeouts: 0, errorRate: 0,
      p95: null, p99: null, max: null, atLeast: false, errorClasses: {}, reasons: ['not measured'],
    };
  }
  const attempted = sum(measured, (e) => e.attempted);
  const errors = sum(measured, (e) => e.errors);
  const errorClasses: Partial<Record<ErrorClass, number>> = {};
  for (const cls of ERROR_CLASSES) {
    const n = sum(measured, (e) => e.errorClasses[cls] ?? 0);
    if (n > 0) errorClasses[cls] = n;
  }
  const timeouts = errorClasses.timeout ?? 0;
  const latency = mergedLatency(measured);
  const atLeast = measured.some((e) => e.atLeast.includes('p95'));
  const errorRate = attempted === 0 ? 0 : errors / attempted;
  const goal = resolvedGoal();
  const reasons: string[] = [];
  if (timeouts > 0) reasons.push(`${timeouts} timeout${timeouts === 1 ? '' : 's'}`);
  if (errorRate >= goal.errorRate) reasons.push(`errors ${formatPercent(errorRate)} >= ${formatPercent(goal.errorRate)}`);
  if (atLeast) reasons.push(`P95 >= ${formatMs(latency.p95)} (it landed on timed-out requests)`);
  else if (latency.p95 >= goal.p95Ms) reasons.push(`P95 ${formatMs(latency.p95)} >= ${formatMs(goal.p95Ms)}`);
  return {
    label,
    requests: measured.map((e) => e.name),
    resolved: reasons.length === 0,
    attempted,
    timeouts,
    errorRate,
    p95: latency.p95,
    p99: latency.p99,
    max: latency.max,
    atLeast,
    errorClasses,
    reasons,
  };
}

/** Exact percentiles over every request on the endpoint when histograms were saved, else the worst. */
function mergedLatency(measured: EndpointResult[]): { p95: number; p99: number; max: number } {
  if (measured.length > 1 && measured.every((e) => e.histogram !== '')) {
    const merged = newLatencyHistogram();
    for (const e of measured) merged.add(decodeHistogram(e.histogram));
    const s = summarizeLatency(merged);
    return { p95: s.p95, p99: s.p99, max: s.max };
  }
  return {
    p95: Math.max(...measured.map((e) => e.latency.p95)),
    p99: Math.max(...measured.map((e) => e.latency.p99)),
    max: Math.max(...measured.map((e) => e.latency.max)),
  };
}

function sum(list: EndpointResult[], f: (e: EndpointResult) => number): number {
  return list.reduce((n, e) => n + f(e), 0);
}
