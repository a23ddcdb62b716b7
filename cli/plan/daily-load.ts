// The load of the daily timeout check. Open model by default: users keep arriving at the declared
// rate whatever the server does, so a server that falls behind builds a queue the check sees as
// latency and timeouts. A closed model (N connections, each waiting for its answer) slows its own
// sending when the server slows and hides exactly that; it runs only when asked (--connections).
// Pure: a scenario and a choice in, the scenario to run and its description out.
import { applyOverrides } from './overrides.js';
import type { FlowSpec, Scenario } from './types.js';
import { formatPercent } from '../core/format.js';

/** Flow starts per second when nothing is declared: the action plan's "100 RPS". */
export const DAILY_DEFAULT_RATE = 100;
/**
 * Measured window. A queue growing at half the service rate adds half a second of wait per second,
 * so within 15 s the last arrivals wait over 1 s (P95 past the limit), and at twice the capacity
 * they reach a 10 s client timeout.
 */
export const DAILY_DEFAULT_DURATION_MS = 15_000;

/** A declared traffic profile: requests per second, and the share of them that are sign-ins. */
export interface TrafficProfile {
  requestsPerS: number;
  signInShare: number;
}

export type DailyChoice =
  | { model: 'open'; rate?: number; traffic?: TrafficProfile }
  | { model: 'closed'; connections: number };

export interface DailyLoad {
  scenario: Scenario;
  /** "open model, 80 flows/s (~100 requests/s, sign-ins 10 %)" or "closed model, 10 connections". */
  description: string;
}

const SIGN_IN_PATH = '/api/auth/login';

/** Requests of one flow that are sign-ins. */
function signIns(s: Scenario, f: FlowSpec): number {
  return f.run.filter((name) => s.requests[name]?.method === 'POST' && s.requests[name]?.path === SIGN_IN_PATH).length;
}

/**
 * The mix reweighted so that `share` of all requests are sign-ins (the flows holding a sign-in get
 * one common weight, the others keep theirs), and the flow rate that makes `requestsPerS`.
 */
export function applyTraffic(s: Scenario, t: TrafficProfile): { mix: FlowSpec[]; rate: number } {
  const signing = s.mix.filter((f) => signIns(s, f) > 0);
  const other = s.mix.filter((f) => signIns(s, f) === 0);
  if (signing.length === 0 || other.length === 0) throw new Error(`scenario ${s.name}: a traffic profile needs flows with and without a sign-in`);
  const otherRequests = other.reduce((n, f) => n + f.weight * f.run.length, 0);
  const perSigningFlow = signing.reduce((n, f) => n + f.run.length, 0) / signing.length;
  const signInsPerFlow = signing.reduce((n, f) => n + signIns(s, f), 0) / signing.length;
  // share = w·k·signInsPerFlow / (otherRequests + w·k·perSigningFlow), solved for the weight w.
  const k = signing.length;
  const w = (t.signInShare * otherRequests) / (k * (signInsPerFlow - t.signInShare * perSigningFlow));
  if (!(w > 0)) throw new Error(`a sign-in share of ${t.signInShare} cannot be reached with this mix`);
  const mix = s.mix.map((f) => (signIns(s, f) > 0 ? { ...f, weight: w } : f));
  const flows = mix.reduce((n, f) => n + f.weight, 0);
  const requests = mix.reduce((n, f) => n + f.weight * f.run.length, 0);
  return { mix, rate: (t.requestsPerS * flows) / requests };
}

export interface DailyWindow {
  durationMs?: number;
  /** Per-request timeout (the scenario's when not given). */
  timeoutMs?: number;
}

export function dailyLoad(base: Scenario, choice: DailyChoice, w: DailyWindow = {}): DailyLoad {
  const durationMs = w.durationMs ?? DAILY_DEFAULT_DURATION_MS;
  // A short warm-up: the check is about steady behaviour, not the first requests after start.
  const warmupMs = Math.min(2000, Math.round(durationMs / 5));
  const timeout = w.timeoutMs === undefined ? {} : { timeoutMs: w.timeoutMs };
  if (choice.model === 'closed') {
    return {
      scenario: applyOverrides(base, { connections: choice.connections, durationMs, warmupMs, ...timeout }),
      description: `closed model, ${choice.connections} connections`,
    };
  }
  if (choice.rate === undefined && choice.traffic) {
    const { mix, rate } = applyTraffic(base, choice.traffic);
    const rounded = Math.round(rate * 10) / 10;
    return {
      scenario: applyOverrides({ ...base, mix }, { rate: rounded, durationMs, warmupMs, ...timeout }),
      description: `open model, ${rounded} flows/s (~${choice.traffic.requestsPerS} requests/s, sign-ins ${formatPercent(choice.traffic.signInShare)})`,
    };
  }
  const rate = choice.rate ?? scenarioRate(base) ?? DAILY_DEFAULT_RATE;
  return {
    scenario: applyOverrides(base, { rate, durationMs, warmupMs, ...timeout }),
    description: `open model, ${rate} flows/s`,
  };
}

/** An open scenario's own rate (its last stage's), or null for a closed one. */
function scenarioRate(s: Scenario): number | null {
  if (s.load.model !== 'open') return null;
  return s.load.stages[s.load.stages.length - 1]?.to ?? null;
}
