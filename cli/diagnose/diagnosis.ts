// Observations in, the Diagnosis out: ranked causes, the verdict, per-endpoint capacity, a
// summary of each experiment (run, skipped or failed) and what the reader must know. Pure; the
// renderers word its facts and print it, the exit code follows its verdict.
import { capacity } from './capacity.js';
import { fixFirst, rankImpact } from './impact.js';
import { rankCauses } from './rules/index.js';
import { judge } from './verdict.js';
import type { DiagnosisNote } from './reasons.js';
import {
  DIAGNOSIS_SCHEMA, type Diagnosis, type ExperimentObservation, type ExperimentSummary, type Observations, type UnrunExperiment,
} from './types.js';

export interface DiagnosisMeta {
  target: { url: string; bundled: boolean; faults: string[] };
  scenario: string;
  startedAt: string;
  durationMs: number;
  budgetMs: number;
  partial: boolean;
  notes: DiagnosisNote[];
}

export function buildDiagnosis(obs: Observations, meta: DiagnosisMeta): Diagnosis {
  const judged = judge(obs, rankCauses(obs));
  // Ranked only when causes are named: an inconclusive run's suspects explain nothing yet.
  const impact = judged.verdict === 'found' ? rankImpact(obs, judged.causes) : [];
  return {
    schema: DIAGNOSIS_SCHEMA,
    target: meta.target,
    scenario: meta.scenario,
    mode: obs.mode,
    verdict: judged.verdict,
    healthy: judged.verdict === 'healthy',
    inconclusive: judged.inconclusive,
    causes: judged.causes,
    impact,
    fixFirst: fixFirst(impact),
    capacity: capacity(obs),
    experiments: [...obs.experiments.map(summarize), ...obs.unrun.map(unrunSummary)],
    notes: [...meta.notes, ...judged.notes],
    startedAt: meta.startedAt,
    durationMs: Math.round(meta.durationMs),
    budgetMs: meta.budgetMs,
    partial: meta.partial,
    observations: obs,
  };
}

function summarize(e: ExperimentObservation): ExperimentSummary {
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
    status: 'ran',
  };
}

function unrunSummary(u: UnrunExperiment): ExperimentSummary {
  return { id: u.id, kind: u.kind, flow: u.flow, connections: u.connections, measuredMs: 0, rps: 0, p50: 0, p95: 0, errorRate: 0, status: u.status };
}
