// The highest load each endpoint carried while still meeting phase 3's latency target (P95 < 200 ms,
// errors < 1 %), from the flow-alone runs and the concurrency sweep. Pure.
import type { Capacity, Observations } from './types.js';
import { endpointIn, ladder } from './signals.js';

export const PHASE3_P95_MS = 200;
export const PHASE3_ERROR_RATE = 0.01;

export function capacity(obs: Observations): Capacity[] {
  const out: Capacity[] = [];
  for (const flow of obs.flows) {
    const steps = ladder(obs, flow.label);
    for (const name of flow.requests) {
      if (out.some((c) => c.endpoint === name)) continue;
      let best: Capacity = { endpoint: name, connections: null, rps: null, p95: null };
      let measured = false;
      for (const exp of steps) {
        const e = endpointIn(exp, name);
        if (!e) continue;
        measured = true;
        if (!e.atLeast && e.latency.p95 < PHASE3_P95_MS && e.errorRate < PHASE3_ERROR_RATE
          && (best.connections === null || exp.connections > best.connections)) {
          best = { endpoint: name, connections: exp.connections, rps: e.rps, p95: e.latency.p95 };
        }
      }
      if (measured) out.push(best);
    }
  }
  return out;
}
