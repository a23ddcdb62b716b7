// Observations in, the Diagnosis document out: ranked causes, per-endpoint capacity, a summary of each
// experiment and what the reader must know. Pure; the renderers print it, the exit code follows it.
import { capacity } from './capacity.js';
import { rankCauses } from './rules/index.js';
import { DIAGNOSIS_SCHEMA, type Diagnosis, type ExperimentObservation, type Observations } from './types.js';

export interface DiagnosisMeta {
  target: { url: string; bundled: boolean; faults: string[] };
  scenario: string;
  startedAt: string;
  durationMs: number;
  budgetMs: number;
  partial: boolean;
  notes: string[];
}

export function buildDiagnosis(obs: Observations, meta: DiagnosisMeta): Diagnosis {
  const causes = rankCauses(obs);
  const notes = [...meta.notes];
  const mix = obs.experiments.find((e) => e.kind === 'mix');
  if (causes.length === 0 && mix && mix.targetsMissed.length > 0) {
    notes.push(`the mix missed its targets (${mix.targetsMissed.join('; ')}) but no known cause matched the signals`);
  }
  if (obs.experiments.length === 0) notes.push('no experiment ran: nothing can be concluded');
  const healthy = causes.length === 0 && obs.experiments.length > 0 && (mix?.targetsMissed.length ?? 0) === 0;
  return {
    schema: DIAGNOSIS_SCHEMA,
    target: meta.target,
    scenario: meta.scenario,
    mode: obs.mode,
    healthy,
    causes,
    capacity: capacity(obs),
    experiments: obs.experiments.map(summarize),
    notes,
    startedAt: meta.startedAt,
    durationMs: Math.round(meta.durationMs),
    budgetMs: meta.budgetMs,
    partial: meta.partial,
    observations: obs,
  };
}

function summarize(e: ExperimentObservation) {
  return {
    id: e.id,
    kind: e.kind,
    flow: e.flow,
    connections: e.connections,
    measuredMs: e.measuredMs,
    rps: e.overall.rps,
    p50: e.overall.latency.p50,
    p95: e.overall.latency.p95,
    errorRate: e.overall.errorRate,
  };
}
