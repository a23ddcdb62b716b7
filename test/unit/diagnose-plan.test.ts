import { describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../../cli/plan/load-scenario.js';
import { bundledScenarioPath } from '../../cli/plan/bundled.js';
import { FLOW_USERS, MIX_USERS, fitNext, planExperiments, resize } from '../../cli/diagnose/plan.js';
import { noteText } from '../../cli/render/diagnosis-reasons.js';

const phase1 = () => loadScenarioFile(bundledScenarioPath('phase1'));

describe('planExperiments', () => {
  it('a roomy budget: every flow alone, a 1 -> 4 -> 16 sweep, then the mix', async () => {
    const plan = planExperiments(await phase1(), 90_000);
    expect(plan.levels).toEqual([1, 4, 16]);
    expect(plan.flows.map((f) => f.label)).toContain('session_login+refresh+logout');
    const kinds = plan.experiments.map((e) => e.kind);
    expect(kinds.filter((k) => k === 'alone')).toHaveLength(6);
    expect(kinds.filter((k) => k === 'sweep')).toHaveLength(12);
    expect(kinds[kinds.length - 1]).toBe('mix');
    expect(plan.plannedMs).toBeLessThanOrEqual(90_000);
    expect(plan.notes).toEqual([]);
  });

  it('each experiment is a derived scenario: one flow, closed load, no targets, bounded timeouts', async () => {
    const base = await phase1();
    const plan = planExperiments(base, 60_000);
    const sweep = plan.experiments.find((e) => e.kind === 'sweep' && e.flow === 'me');
    expect(sweep?.scenario.mix).toEqual([{ weight: 1, run: ['me'] }]);
    expect(sweep?.scenario.load).toMatchObject({ model: 'closed', connections: sweep?.connections });
    expect(sweep?.scenario.targets).toEqual([]);
    expect(sweep?.probes).toBe(true);
    const { login, ...sent } = sweep?.scenario.requests ?? {};
    expect(Object.values(sent).every((r) => r.timeoutMs <= 2500)).toBe(true);
    // The setup's login, sent by no flow, keeps the scenario's own timeout.
    expect(login?.timeoutMs).toBe(base.requests.login?.timeoutMs);
    const mix = plan.experiments.find((e) => e.kind === 'mix');
    expect(mix?.scenario.mix).toEqual(base.mix);
    expect(mix?.scenario.targets).toEqual(base.targets);
    const baseLoad = base.load as { connections: number; durationMs: number };
    expect(mix?.connections).toBe(baseLoad.connections);
    // The base scenario is left as it was.
    const before = JSON.stringify(base);
    planExperiments(base, 60_000);
    expect(JSON.stringify(base)).toBe(before);
  });

  it('a small budget drops to a 1 -> 8 sweep and still fits', async () => {
    const plan = planExperiments(await phase1(), 15_000);
    expect(plan.levels).toEqual([1, 8]);
    expect(plan.plannedMs).toBeLessThanOrEqual(15_000);
    for (const e of plan.experiments) expect(e.durationMs).toBeGreaterThanOrEqual(400);
  });

  it('a budget too small for any sweep says so', async () => {
    const plan = planExperiments(await phase1(), 6_000);
    expect(plan.levels).toEqual([1]);
    expect(plan.notes.map(noteText).join(' ')).toMatch(/too small for a concurrency sweep/);
  });

  it('experiments log in few users (each login is a full hash); connections share them', async () => {
    const plan = planExperiments(await phase1(), 60_000);
    for (const e of plan.experiments) {
      expect(e.scenario.users).toMatchObject({ kind: 'pattern', count: e.kind === 'mix' ? MIX_USERS : FLOW_USERS });
    }
  });
});

describe('fitNext', () => {
  it('keeps durations when everything fits, shrinks them in proportion when not, keeps room for the mix', async () => {
    const plan = planExperiments(await phase1(), 30_000);
    const all = plan.experiments;
    const windows = all.reduce((t, e) => t + e.durationMs, 0);
    expect(fitNext(all, windows + all.length * 500, 500)).toBe(all[0]?.durationMs);
    const squeezed = fitNext(all, (windows / 2) + all.length * 500, 500) ?? 0;
    expect(squeezed).toBeLessThan(all[0]?.durationMs ?? 0);
    expect(squeezed).toBeGreaterThanOrEqual(Math.floor((all[0]?.durationMs ?? 0) / 2) - 1);
    // With only the room the mix needs left, a sweep is skipped rather than the mix.
    const lastSweep = all.slice(-2);
    expect(fitNext(lastSweep, 2000, 500)).toBeNull();
    expect(fitNext(all.slice(-1), 2000, 500)).toBeGreaterThanOrEqual(1050);
  });

  it('resize rebuilds the load with the new window', async () => {
    const plan = planExperiments(await phase1(), 30_000);
    const sweep = plan.experiments.find((e) => e.kind === 'sweep');
    if (!sweep) throw new Error('no sweep');
    const small = resize(sweep, 800);
    expect(small.durationMs).toBe(800);
    expect(small.scenario.load).toMatchObject({ model: 'closed', connections: sweep.connections });
    const load = small.scenario.load as { durationMs: number; warmupMs: number };
    expect(load.durationMs + load.warmupMs).toBe(800);
  });
});
