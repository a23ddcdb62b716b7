// Hand-made observations shaped like the reference server's: a healthy baseline that each rule test
// bends into one cause (or into a near miss), stating only the numbers it is about.
import type {
  EndpointObservation, ExperimentObservation, Observations, ProbeKind, ProbeObservation, ServerWindow,
} from '../../cli/diagnose/types.js';

export const REQUESTS = [
  { name: 'me', method: 'GET', path: '/api/me', sendsPassword: false, authenticated: true },
  { name: 'profile_get', method: 'GET', path: '/api/user/profile', sendsPassword: false, authenticated: true },
  { name: 'twofa_status', method: 'GET', path: '/api/auth/2fa/status', sendsPassword: false, authenticated: true },
  { name: 'profile_put', method: 'PUT', path: '/api/user/profile', sendsPassword: false, authenticated: true },
  { name: 'email_verify', method: 'POST', path: '/api/auth/request-email-verify', sendsPassword: false, authenticated: true },
  { name: 'session_login', method: 'POST', path: '/api/auth/login', sendsPassword: true, authenticated: false },
  { name: 'refresh', method: 'POST', path: '/api/auth/refresh', sendsPassword: false, authenticated: false },
  { name: 'logout', method: 'POST', path: '/api/auth/logout', sendsPassword: false, authenticated: true },
];

export const FLOWS = [
  { label: 'me', requests: ['me'] },
  { label: 'profile_get', requests: ['profile_get'] },
  { label: 'twofa_status', requests: ['twofa_status'] },
  { label: 'profile_put', requests: ['profile_put'] },
  { label: 'email_verify', requests: ['email_verify'] },
  { label: 'session_login+refresh+logout', requests: ['session_login', 'refresh', 'logout'] },
];
export const SESSION = 'session_login+refresh+logout';

export function endpoint(name: string, p50: number, rps: number, extra: Partial<EndpointObservation> = {}): EndpointObservation {
  return {
    name, method: 'GET', path: `/${name}`, attempted: Math.max(1, Math.round(rps)), errors: 0, errorRate: 0,
    timeouts: 0, status5xx: 0, status429: 0, status503: 0, refused: 0, reset: 0, otherErrors: 0, rps, atLeast: false, min: p50 * 0.6,
    latency: { p50, p90: p50 * 1.5, p95: p50 * 1.8, p99: p50 * 3, max: p50 * 6 },
    ...extra,
  };
}

export function probeObs(probe: ProbeKind, p50: number, extra: Partial<ProbeObservation> = {}): ProbeObservation {
  const path = probe === 'health' ? '/health' : '/api/me';
  return {
    probe, path, samples: 20, errors: 0,
    total: { p50, p90: p50 * 1.4, p95: p50 * 1.6, p99: p50 * 2, max: p50 * 3 }, floor: p50 * 0.9,
    ttfbP50: p50 * 0.8, queuedP50: 0.01, serverP50: null, serverFloor: null, spans: {}, ...extra,
  };
}

export function server(extra: Partial<ServerWindow> = {}): ServerWindow {
  return {
    windowMs: 1000, eventLoopLagP99Ms: 12, eventLoopLagMaxMs: 20, elu: 0.4, cpu: 0.6, gcCount: 20, gcTotalMs: 15, gcMajorCount: 0,
    gcLongCount: 0, heapUsedBytes: 40e6, heapLimitBytes: null, inFlightMax: 10, admissionQueueMax: 0, admissionActiveMax: 0, admissionShed: 0,
    poolWaitingMax: null, poolInUseMax: null, poolSize: null,
    ...extra,
  };
}

function experiment(kind: ExperimentObservation['kind'], flow: string | null, connections: number, endpoints: EndpointObservation[], probes: ProbeObservation[]): ExperimentObservation {
  const attempted = endpoints.reduce((n, e) => n + e.attempted, 0);
  return {
    id: `${kind}-${flow ?? 'mix'}-c${connections}`, kind, flow, connections, measuredMs: 1000, tookMs: 1500, partial: false, valid: true,
    endpoints, overall: endpoint('overall', 1, attempted, { attempted }), timeline: [], probes, server: null, targetsMissed: [],
    noise: null, serverCpu: null, generatorReasons: [],
  };
}

/** Healthy reference server: reads ~0.5 ms alone, login ~52 ms (async hash), nothing stalls /health. */
export function healthy(): Observations {
  const cheap = ['me', 'profile_get', 'twofa_status', 'profile_put', 'email_verify'];
  const experiments: ExperimentObservation[] = [];
  for (const [c, readP50, readRps, loginP50, loginRps] of [[1, 0.5, 1500, 52, 18], [4, 1.2, 3500, 110, 34], [16, 3, 5000, 420, 36]] as const) {
    const kind = c === 1 ? 'alone' : 'sweep';
    const probes = () => (c === 1 ? [] : [probeObs('health', 0.8), probeObs('auth-read', 1), probeObs('invalid-token', 0.8)]);
    for (const name of cheap) experiments.push(experiment(kind, name, c, [endpoint(name, readP50, readRps)], probes()));
    experiments.push(experiment(kind, SESSION, c, [
      endpoint('session_login', loginP50, loginRps), endpoint('refresh', c === 1 ? 1 : 2, loginRps), endpoint('logout', c === 1 ? 0.8 : 1.5, loginRps),
    ], probes()));
  }
  experiments.push(experiment('mix', null, 20, [
    ...cheap.map((n) => endpoint(n, 2, 800, { latency: { p50: 2, p90: 4, p95: 5, p99: 9, max: 20 } })),
    endpoint('session_login', 60, 20, { latency: { p50: 60, p90: 90, p95: 110, p99: 150, max: 190 } }),
    endpoint('refresh', 2, 20), endpoint('logout', 2, 20),
  ], [probeObs('health', 0.7), probeObs('auth-read', 0.9), probeObs('invalid-token', 0.7)]));
  return {
    mode: 'client-only',
    target: { url: 'http://127.0.0.1:3000', bundled: false, local: false, pid: null },
    requests: REQUESTS.map((r) => ({ ...r })),
    flows: FLOWS.map((f) => ({ ...f, requests: [...f.requests] })),
    idleProbes: [probeObs('health', 0.4), probeObs('auth-read', 0.5), probeObs('invalid-token', 0.4)],
    idleNoise: null,
    experiments,
    unrun: [],
    rejections: null,
    recovery: null,
    connectionProbe: null,
    recheck: null,
  };
}

export function exp(obs: Observations, flow: string | null, connections?: number): ExperimentObservation {
  const found = obs.experiments.find((e) => e.flow === flow && (connections === undefined || e.connections === connections));
  if (!found) throw new Error(`no experiment ${flow} c${connections}`);
  return found;
}

export function setEndpoint(e: ExperimentObservation, name: string, p50: number, rps: number, extra: Partial<EndpointObservation> = {}): void {
  const i = e.endpoints.findIndex((x) => x.name === name);
  e.endpoints[i] = endpoint(name, p50, rps, extra);
}

export function setProbe(e: ExperimentObservation | Observations, kind: ProbeKind, p50: number, extra: Partial<ProbeObservation> = {}): void {
  const probes = 'idleProbes' in e ? e.idleProbes : e.probes;
  const i = probes.findIndex((p) => p.probe === kind);
  probes[i] = probeObs(kind, p50, extra);
}

/** Every sweep experiment of the flow (c4, c16). */
export function sweeps(obs: Observations, flow: string): ExperimentObservation[] {
  return obs.experiments.filter((e) => e.flow === flow && e.kind === 'sweep');
}
