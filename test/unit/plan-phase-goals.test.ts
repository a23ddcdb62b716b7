// The action plan's numbers are read from the bundled scenarios, and every place that states them
// (help, readiness titles, the timeout check's bar, diagnose's capacity) says the same thing.
import { describe, expect, it } from 'vitest';
import { Command } from 'commander';
import { describeGoal, describeResolved, phaseGoal } from '../../cli/plan/phase-goals.js';
import { ITEMS } from '../../cli/readiness/items.js';
import { RESOLVED_DEFINITION } from '../../cli/render/diagnosis-timeouts.js';
import { register } from '../../cli/commands/phase.js';

describe('phase goals from scenarios/*.yaml', () => {
  it('reads each checkpoint\'s overall P95, error budget and throughput floor', () => {
    expect(phaseGoal('today')).toEqual({ phase: 'today', p95Ms: 2000, errorRate: 0.2, minRps: null });
    expect(phaseGoal('phase1')).toEqual({ phase: 'phase1', p95Ms: 1000, errorRate: 0.1, minRps: null });
    expect(phaseGoal('phase2')).toEqual({ phase: 'phase2', p95Ms: 500, errorRate: 0.05, minRps: 50 });
    expect(phaseGoal('phase3')).toEqual({ phase: 'phase3', p95Ms: 200, errorRate: 0.01, minRps: 100 });
  });

  it('words them once, for the readiness titles and the timeout check', () => {
    expect(describeGoal(phaseGoal('phase2'))).toBe('P95 < 500 ms, errors < 5 %, > 50 req/s');
    expect(describeGoal(phaseGoal('phase3'), { rps: false })).toBe('P95 < 200 ms, errors < 1 %');
    expect(ITEMS.phase1.title).toBe('Phase 1 gate (P95 < 1 s, errors < 10 %)');
    expect(ITEMS.phase3.title).toBe('Phase 3 gate (P95 < 200 ms, errors < 1 %, > 100 req/s)');
    expect(describeResolved()).toBe('no timeouts, errors < 10 %, P95 < 1 s');
    expect(RESOLVED_DEFINITION).toBe(`resolved = ${describeResolved()} under load`);
  });

  it('puts them in the phase commands\' help', () => {
    const program = new Command();
    register(program);
    const help = Object.fromEntries(program.commands.map((c) => [c.name(), c.description()]));
    expect(help).toEqual({
      today: 'today (after steps 1-3): P95 < 2 s, errors < 20 %',
      phase1: 'phase 1 targets: P95 < 1 s, errors < 10 %',
      phase2: 'phase 2 targets: P95 < 500 ms, errors < 5 %, > 50 req/s',
      phase3: 'phase 3 targets: P95 < 200 ms, errors < 1 %, > 100 req/s',
    });
  });
});
