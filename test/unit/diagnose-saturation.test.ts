// At capacity against a concurrency cap: the same curve (throughput flat, latency rising with
// concurrency, targets missed), told apart by the server's CPU when it can be read, and named less
// surely, with both readings, when it cannot.
import { describe, expect, it } from 'vitest';
import { rankCauses } from '../../cli/diagnose/rules/index.js';
import { wordCause } from '../../cli/render/diagnosis-json.js';
import type { CpuWindow, NoiseWindow, Observations } from '../../cli/diagnose/types.js';
import { exp, healthy, setEndpoint } from './diagnose-fixture.js';

const NOISE: NoiseWindow = { windowMs: 1000, generatorCpu: 0.1, generatorLoopP99Ms: 2, generatorLoopMaxMs: 4, machineBusy: 2, othersCpu: 0.05, steal: 0, cores: 2 };

const READS = ['me', 'profile_get', 'twofa_status', 'profile_put', 'email_verify'];

/** Every read costs 10 ms of CPU: 100/s alone, 200/s (two cores) from 4 connections on, latency growing with them. */
function flat(cpu: Omit<CpuWindow, 'pid'> | null): Observations {
  const obs = healthy();
  for (const name of READS) {
    setEndpoint(exp(obs, name, 1), name, 10, 100);
    setEndpoint(exp(obs, name, 4), name, 20, 200);
    setEndpoint(exp(obs, name, 16), name, 80, 200);
    setEndpoint(exp(obs, null), name, 90, 40);
  }
  // Read in every window, as when the target runs on this machine.
  for (const e of obs.experiments) {
    e.noise = NOISE;
    e.serverCpu = cpu ? { pid: 4242, ...cpu } : null;
  }
  exp(obs, null).targetsMissed = ['overall p95 < 250ms'];
  return obs;
}

const causes = (obs: Observations) => rankCauses(obs).map((c) => c.cause);

describe('at-capacity', () => {
  it('its CPU all used (read from /proc): at its capacity, with the capacity stated', () => {
    const [top] = rankCauses(flat({ cpu: 1.9, demand: 4, mainThread: 0.3, mainRun: 0.3 })).map(wordCause);
    expect(top?.cause).toBe('at-capacity');
    expect(top?.kind).toBe('limit');
    expect(top?.confidence).toBe(0.75);
    expect(top?.confidenceReason).toMatch(/~200 req\/s for me \(at 16 connections\) with the server's CPU all used/);
    expect(top?.evidence.join(' ')).toMatch(/pid 4242, from \/proc\) used 1\.90 cores of 2/);
  });

  it('CPU to spare: not capacity', () => {
    expect(causes(flat({ cpu: 0.5, demand: 1, mainThread: 0.3, mainRun: 0.3 }))).not.toContain('at-capacity');
  });

  it('starved by other processes: not named (the machine set its pace)', () => {
    expect(causes(flat({ cpu: 0.5, demand: 4, mainThread: 0.3, mainRun: 0.3 }))).not.toContain('at-capacity');
  });

  it('CPU unseen (remote, nothing exposed): named less surely, saying a cap looks the same', () => {
    const seen = rankCauses(flat({ cpu: 1.9, demand: 4, mainThread: 0.3, mainRun: 0.3 }))[0];
    const [top] = rankCauses(flat(null)).map(wordCause);
    expect(top?.cause).toBe('at-capacity');
    expect(top?.confidence).toBeLessThan(seen?.confidence ?? 0);
    expect(top?.confidenceReason).toMatch(/CPU is unseen .* cannot be told apart/);
    expect(top?.fix).toMatch(/concurrency cap instead/);
  });

  it('not queued in the mix (its median there near its service time): the misses are not its doing', () => {
    const obs = flat(null);
    for (const name of READS) setEndpoint(exp(obs, null), name, 12, 40);
    expect(causes(obs)).not.toContain('at-capacity');
  });

  it('targets met: the top of a closed sweep is saturated, which is the capacity table, not a cause', () => {
    const obs = flat({ cpu: 1.9, demand: 4, mainThread: 0.3, mainRun: 0.3 });
    exp(obs, null).targetsMissed = [];
    expect(causes(obs)).toEqual([]);
  });
});
