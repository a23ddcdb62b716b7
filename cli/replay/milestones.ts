// The action plan's milestones as the replay runs them: the lab state that stands for it, the gate
// scenario whose targets are the plan's own figures, and what the plan expects, in its words. One
// place for these facts; the judgement (judge.ts) reads them, the renderers print them.
import type { BundledScenario } from '../plan/bundled.js';

export interface Milestone {
  /** The lab preset (server/lab/catalog.ts). */
  preset: string;
  /** The plan's heading for it. */
  title: string;
  /** What the plan expects, quoted. */
  expects: string;
  /** The bundled scenario gating the milestone (its targets are the plan's figures), if any. */
  gate: BundledScenario | null;
  /** Least number of the seven endpoints the daily check must report resolved. */
  resolvedAtLeast?: number;
  /** Most number resolved (the starting point: "7 endpoints still timing out"). */
  resolvedAtMost?: number;
  /** Least readiness score, percent. */
  readinessAtLeast?: number;
}

export const MILESTONES: readonly Milestone[] = [
  { preset: 'today', title: 'Today (before the fixes)', expects: 'Critical Endpoints Still Timing Out: 7', gate: null, resolvedAtMost: 0 },
  { preset: 'steps-1-3', title: 'After Step 1-3 (Today)', expects: 'Timeout Issues: 5/7 resolved; Performance: P95 < 2s; Error Rate: < 20%', gate: 'today', resolvedAtLeast: 5 },
  { preset: 'steps-4-5', title: 'After Step 4-5 (Tomorrow)', expects: 'Timeout Issues: 7/7 resolved; Performance: P95 < 1s; Error Rate: < 10%', gate: 'phase1', resolvedAtLeast: 7 },
  { preset: 'phase-2', title: 'After Phase 2 (Next Week)', expects: 'Performance: P95 < 500ms; Error Rate: < 5%; Throughput: >50 RPS', gate: 'phase2' },
  { preset: 'phase-3', title: 'After Phase 3 (Week 3)', expects: 'Performance: P95 < 200ms; Error Rate: < 1%; Throughput: >100 RPS; Production Readiness: 90%+', gate: 'phase3', readinessAtLeast: 90 },
];

export function milestoneNames(): string[] {
  return MILESTONES.map((m) => m.preset);
}
