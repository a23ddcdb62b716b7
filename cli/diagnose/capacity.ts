// The highest load each endpoint carried while still meeting phase 3's latency and error targets
// (read from scenarios/phase3.yaml), from the flow-alone runs and the concurrency sweep. Pure.
import type { Capacity, Observations } from './types.js';
import { endpointIn, ladder } from './signals.js';
import { phaseGoal } from '../plan/phase-goals.js';


export function capacity(obs: Observations): Capacity[] {
  const goal = phaseGoal('phase3');
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
        if (!e.atLeast && e.latency.p95 < goal.p95Ms && e.errorRate < goal.errorRate
          && (best.connections === null || exp.connections > best.connections)) {
          best = { endpoint: name, connections: exp.connections, rps: e.rps, p95: e.latency.p95 };
        }
      }
      if (measured) out.push(best);
    }
  }
  return out;
}
