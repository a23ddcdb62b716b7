import { describe, expect, it } from 'vitest';
import { loadPhaseScenarios, PHASES, shortened } from '../../cli/readiness/run-phases.js';

describe('the phase runs readiness makes', () => {
  it('are the three bundled phase scenarios, their targets untouched', async () => {
    const scenarios = await loadPhaseScenarios();
    expect(scenarios.map((s) => s.name)).toEqual([...PHASES]);
    expect(scenarios[2]?.targets.map((t) => t.source)).toContain('p95 < 200ms');
  });

  it('hold each scenario for --duration, warm-up capped at the window, pointed at the target', async () => {
    const [phase1, , phase3] = await loadPhaseScenarios();
    const short = shortened(phase1!, 1000, 'http://127.0.0.1:9');
    expect(short.load).toMatchObject({ model: 'closed', connections: 10, durationMs: 1000, warmupMs: 1000 });
    expect(short.target).toBe('http://127.0.0.1:9');
    expect(short.targets).toEqual(phase1!.targets);
    const long = shortened(phase3!, 5000, 'http://127.0.0.1:9');
    // The open ramp is replaced by its plateau (150 flows/s) for the window; the 2 s warm-up stays.
    expect(long.load).toMatchObject({ model: 'open', warmupMs: 2000, stages: [{ durationMs: 5000, rate: 150, to: 150 }] });
  });
});
