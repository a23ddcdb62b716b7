import { describe, expect, it } from 'vitest';
import { rankCauses } from '../../cli/diagnose/rules/index.js';
import { capacity } from '../../cli/diagnose/capacity.js';
import type { Observations } from '../../cli/diagnose/types.js';
import { wordCause } from '../../cli/render/diagnosis-json.js';
import { SESSION, exp, healthy, server, setEndpoint, setProbe, sweeps } from './diagnose-fixture.js';

/** The most certain cause, worded as every output shows it. */
const top = (obs: Observations) => {
  const first = rankCauses(obs)[0];
  return first && wordCause(first);
};

describe('healthy server', () => {
  it('finds no cause: login is slow alone by design and stays parallel', () => {
    expect(rankCauses(healthy())).toEqual([]);
  });
});

describe('event-loop-blocked', () => {
  const blocked = () => {
    const obs = healthy();
    for (const e of sweeps(obs, SESSION)) {
      setEndpoint(e, 'session_login', 52 * e.connections, 19);
      setProbe(e, 'health', 180);
      setProbe(e, 'auth-read', 190);
    }
    setProbe(exp(obs, null), 'health', 90);
    return obs;
  };

  it('blames the hashing endpoint when loading it stalls /health', () => {
    const cause = top(blocked());
    expect(cause?.cause).toBe('event-loop-blocked');
    expect(cause?.endpoints).toEqual(['session_login']);
    expect(cause?.evidence.join(' ')).toMatch(/\/health took 180 ms \(idle 0\.4 ms\)/);
  });

  it('gains confidence when the server reports a busy loop', () => {
    const clientOnly = top(blocked())?.confidence ?? 0;
    const obs = blocked();
    obs.mode = 'server+client';
    exp(obs, SESSION, 16).server = server({ elu: 0.98, eventLoopLagP99Ms: 160 });
    expect(top(obs)?.confidence).toBeGreaterThan(clientOnly);
    expect(top(obs)?.confidenceReason).toMatch(/busy event loop/);
  });

  it('near miss: every load slows /health alike (a busy machine), no flow stands out', () => {
    const obs = healthy();
    for (const e of obs.experiments) if (e.kind !== 'alone') setProbe(e, 'health', 25);
    for (const e of sweeps(obs, SESSION)) setProbe(e, 'health', 40);
    expect(rankCauses(obs)).toEqual([]);
  });

  it('near miss: the server says its loop was mostly idle during the stall', () => {
    const obs = blocked();
    obs.mode = 'server+client';
    for (const e of sweeps(obs, SESSION)) e.server = server({ elu: 0.35, eventLoopLagP99Ms: 80 });
    expect(rankCauses(obs).map((c) => c.cause)).not.toContain('event-loop-blocked');
  });

  it('near miss: alone, the culprit left the server\'s loop idle (its time is on the threadpool)', () => {
    const obs = blocked();
    obs.mode = 'server+client';
    exp(obs, SESSION, 1).server = server({ elu: 0.15 });
    for (const e of sweeps(obs, SESSION)) e.server = server({ elu: 0.95 });
    expect(rankCauses(obs).map((c) => c.cause)).not.toContain('event-loop-blocked');
  });

  it('near miss: a 0.5 ms endpoint cannot block the loop, whatever /health did under its load', () => {
    const obs = healthy();
    for (const e of sweeps(obs, 'email_verify')) setProbe(e, 'health', 40);
    expect(rankCauses(obs)).toEqual([]);
  });

  it('near miss: /health at 12 ms under load is saturation, not a blocked loop', () => {
    const obs = healthy();
    for (const e of sweeps(obs, SESSION)) setProbe(e, 'health', 12);
    expect(rankCauses(obs)).toEqual([]);
  });
});

describe('missing-index', () => {
  it('names the one non-hashing endpoint that is slow alone and stalls the loop', () => {
    const obs = healthy();
    setEndpoint(exp(obs, SESSION, 1), 'refresh', 35, 12);
    for (const e of sweeps(obs, SESSION)) { setEndpoint(e, 'refresh', 35 * e.connections, 12); setProbe(e, 'health', 60); }
    const cause = top(obs);
    expect(cause?.cause).toBe('missing-index');
    expect(cause?.endpoints).toEqual(['refresh']);
    expect(rankCauses(obs).map((c) => c.cause)).not.toContain('slow-downstream');
  });
});

describe('missing-index near miss', () => {
  it('slow alone while the collector took 30 % of the run is memory pressure\'s doing, not a scan', () => {
    const obs = healthy();
    obs.mode = 'server+client';
    setEndpoint(exp(obs, SESSION, 1), 'refresh', 35, 12);
    exp(obs, SESSION, 1).server = server({ gcTotalMs: 300, windowMs: 1000, elu: 1 });
    for (const e of sweeps(obs, SESSION)) { setProbe(e, 'health', 60); e.server = server({ elu: 0.9 }); }
    expect(rankCauses(obs).map((c) => c.cause)).not.toContain('missing-index');
  });
});

describe('slow-downstream', () => {
  const slow = () => {
    const obs = healthy();
    setEndpoint(exp(obs, 'email_verify', 1), 'email_verify', 120, 8);
    setEndpoint(exp(obs, 'email_verify', 4), 'email_verify', 125, 31);
    setEndpoint(exp(obs, 'email_verify', 16), 'email_verify', 140, 110);
    return obs;
  };

  it('one endpoint slow alone, loop free, waits overlap under concurrency', () => {
    const cause = top(slow());
    expect(cause?.cause).toBe('slow-downstream');
    expect(cause?.endpoints).toEqual(['email_verify']);
    expect(cause?.confidenceReason).toMatch(/overlaps/);
  });

  it('near miss: alone, the server\'s loop was busy all along (CPU work or GC, not a wait)', () => {
    const obs = slow();
    obs.mode = 'server+client';
    exp(obs, 'email_verify', 1).server = server({ elu: 0.97 });
    expect(rankCauses(obs).map((c) => c.cause)).not.toContain('slow-downstream');
  });

  it('near miss: 6 ms alone is not an outlier', () => {
    const obs = healthy();
    setEndpoint(exp(obs, 'email_verify', 1), 'email_verify', 6, 150);
    expect(rankCauses(obs)).toEqual([]);
  });
});

describe('db-pool-exhaustion', () => {
  it('a DB read waits while logins run but /health does not', () => {
    const obs = healthy();
    for (const e of sweeps(obs, SESSION)) { setProbe(e, 'auth-read', 240); setEndpoint(e, 'refresh', 300, 30, { status5xx: 4 }); }
    const mix = exp(obs, null);
    setEndpoint(mix, 'me', 80, 300, { status5xx: 12, errors: 12 });
    const cause = top(obs);
    expect(cause?.cause).toBe('db-pool-exhaustion');
    expect(cause?.endpoints).toContain('me');
    expect(cause?.evidence.join(' ')).toMatch(/\/api\/me took 240 ms while \/health took 0.8 ms/);
  });

  it('near miss: the read probe at 10 ms is not queueing', () => {
    const obs = healthy();
    for (const e of sweeps(obs, SESSION)) setProbe(e, 'auth-read', 10);
    expect(rankCauses(obs)).toEqual([]);
  });
});

describe('queue-bottleneck', () => {
  const capped = () => {
    const obs = healthy();
    setEndpoint(exp(obs, SESSION, 4), 'session_login', 205, 19);
    setEndpoint(exp(obs, SESSION, 16), 'session_login', 830, 19.2);
    return obs;
  };

  it('throughput flat from 1 to 16 connections, latency x16, nothing else waits', () => {
    const cause = top(capped());
    expect(cause?.cause).toBe('queue-bottleneck');
    expect(cause?.endpoints).toEqual(['session_login']);
    expect(cause?.evidence.join(' ')).toMatch(/Little's law: 19\.2\/s x 52 ms of service = 1\.0 in service/);
  });

  it('the server queue gauge raises confidence', () => {
    const obs = capped();
    exp(obs, SESSION, 16).server = server({ admissionQueueMax: 15, elu: 0.1 });
    expect(top(obs)?.confidence).toBeGreaterThan(top(capped())?.confidence ?? 1);
  });

  it('near miss: x2 speedup on two cores is CPU, not a cap', () => {
    const obs = healthy();
    setEndpoint(exp(obs, SESSION, 16), 'session_login', 440, 34);
    expect(rankCauses(obs)).toEqual([]);
  });
});

describe('memory-pressure', () => {
  const spiky = () => {
    const obs = healthy();
    const mix = exp(obs, null);
    for (const e of mix.endpoints) e.latency = { ...e.latency, max: 240 };
    for (const e of [...sweeps(obs, 'me'), mix]) setProbe(e, 'health', 0.8, { total: { p50: 0.8, p90: 1, p95: 2, p99: 150, max: 210 } });
    return obs;
  };

  it('rare long stalls on every endpoint with fast medians', () => {
    const cause = top(spiky());
    expect(cause?.cause).toBe('memory-pressure');
    expect(cause?.endpoints.length).toBeGreaterThanOrEqual(5);
  });

  it('client-only on a busy machine: the machine explains rare stalls, not named', () => {
    const obs = spiky();
    for (const e of obs.experiments) e.noise = { windowMs: 1000, generatorCpu: 0.1, generatorLoopP99Ms: 3, generatorLoopMaxMs: 6, machineBusy: 2, othersCpu: 1.2, steal: 0, cores: 2 };
    expect(rankCauses(obs).map((c) => c.cause)).not.toContain('memory-pressure');
  });

  it('server GC pauses make it surer', () => {
    const obs = spiky();
    obs.mode = 'server+client';
    exp(obs, null).server = server({ gcLongCount: 6, gcTotalMs: 400 });
    expect(top(obs)?.confidence).toBeGreaterThan(top(spiky())?.confidence ?? 1);
  });

  it('GC so heavy that medians suffer too: the server\'s GC share decides', () => {
    const obs = healthy();
    obs.mode = 'server+client';
    for (const e of obs.experiments) e.server = server({ gcTotalMs: 250, windowMs: 1000, elu: 1 });
    const mix = exp(obs, null);
    setProbe(mix, 'health', 180);
    mix.targetsMissed = ['me p95 < 1s'];
    const cause = top(obs);
    expect(cause?.cause).toBe('memory-pressure');
    expect(cause?.evidence.join(' ')).toMatch(/GC took 25 % of the time/);
    // The same stall without the GC share is not memory pressure.
    for (const e of obs.experiments) e.server = server({ elu: 1 });
    expect(rankCauses(obs).map((c) => c.cause)).not.toContain('memory-pressure');
  });

  it('collections averaging 25 ms confirm /health stalls (moderately); 5 ms scavenges do not', () => {
    const spikyHealth = (obs: Observations) => {
      for (const e of sweeps(obs, 'me')) setProbe(e, 'health', 0.8, { total: { p50: 0.8, p90: 1, p95: 2, p99: 90, max: 120 } });
    };
    const obs = healthy();
    obs.mode = 'server+client';
    spikyHealth(obs);
    for (const e of obs.experiments) e.server = server({ gcCount: 2, gcTotalMs: 50, windowMs: 1000 });
    expect(top(obs)).toMatchObject({ cause: 'memory-pressure', confidence: 0.65 });
    expect(top(obs)?.confidenceReason).toMatch(/collections average 25 ms/);
    const scavenges = healthy();
    scavenges.mode = 'server+client';
    spikyHealth(scavenges);
    for (const e of scavenges.experiments) e.server = server({ gcCount: 10, gcTotalMs: 50, windowMs: 1000 });
    expect(rankCauses(scavenges)).toEqual([]);
  });

  it('three major collections a second: a full heap, even when the client saw only long tails', () => {
    const obs = healthy();
    obs.mode = 'server+client';
    for (const e of obs.experiments) e.server = server({ gcMajorCount: 3, windowMs: 1000 });
    for (const e of exp(obs, null).endpoints) e.latency = { ...e.latency, p50: 20, max: 150 };
    expect(top(obs)?.cause).toBe('memory-pressure');
    expect(top(obs)?.evidence.join(' ')).toMatch(/3\.0\/s/);
    for (const e of obs.experiments) e.server = server({ gcMajorCount: 0, windowMs: 1000 });
    expect(rankCauses(obs)).toEqual([]);
  });

  it('major collections several times a second are reported even before the client sees pauses, with less confidence', () => {
    const obs = healthy();
    obs.mode = 'server+client';
    for (const e of obs.experiments) e.server = server({ gcMajorCount: 3, windowMs: 1000 });
    const cause = top(obs);
    expect(cause).toMatchObject({ cause: 'memory-pressure', confidence: 0.5 });
    expect(cause?.confidenceReason).toMatch(/3\.0 major collections a second/);
    // One major collection a second is a busy healthy heap, not pressure.
    for (const e of obs.experiments) e.server = server({ gcMajorCount: 1, windowMs: 1000 });
    expect(rankCauses(obs)).toEqual([]);
  });

  it('near miss: one 30 ms stall is noise', () => {
    const obs = healthy();
    const mix = exp(obs, null);
    const first = mix.endpoints[0];
    if (first) first.latency = { ...first.latency, max: 30 };
    expect(rankCauses(obs)).toEqual([]);
  });
});

describe('middleware-order', () => {
  it('an invalid token costs as much as a valid one', () => {
    const obs = healthy();
    setProbe(obs, 'auth-read', 4.5);
    setProbe(obs, 'invalid-token', 4.2);
    const cause = top(obs);
    expect(cause?.cause).toBe('middleware-order');
    expect(cause?.endpoints).toContain('me');
  });

  it('Server-Timing with db work on a rejected request raises confidence', () => {
    const obs = healthy();
    setProbe(obs, 'auth-read', 4.5, { serverP50: 4, serverFloor: 3.8 });
    setProbe(obs, 'invalid-token', 4.2, { serverP50: 3.6, serverFloor: 3.6, spans: { db: 1.9, total: 3.6 } });
    expect(top(obs)?.confidence).toBeGreaterThanOrEqual(0.85);
    expect(top(obs)?.confidenceReason).toMatch(/server reports at least 3\.6 ms of work on a request it then rejects, database included/);
  });

  it('near miss: slow on the client clock, but the server spent nothing on the rejected request', () => {
    const obs = healthy();
    setProbe(obs, 'auth-read', 4.5, { serverP50: 0.4, serverFloor: 0.3 });
    // Some rejected requests were caught by a GC pause (median 2 ms); the cheapest ones cost nothing.
    setProbe(obs, 'invalid-token', 4.2, { serverP50: 2, serverFloor: 0.03 });
    expect(rankCauses(obs)).toEqual([]);
  });

  it('a third of a millisecond the server reports before rejecting, seen by the client, is named', () => {
    const obs = healthy();
    // The client sees 0.23 ms more than /health, under the 0.5 ms its own clock needs to tell alone.
    setProbe(obs, 'auth-read', 0.7, { serverP50: 0.4, serverFloor: 0.38 });
    setProbe(obs, 'invalid-token', 0.65, { serverP50: 0.35, serverFloor: 0.33, spans: { reqlog: 0.3, total: 0.33 } });
    expect(top(obs)?.cause).toBe('middleware-order');
    // Near miss: 0.2 ms on the server's clock is not work enough to name.
    setProbe(obs, 'invalid-token', 0.5, { serverP50: 0.21, serverFloor: 0.2, spans: { total: 0.2 } });
    expect(rankCauses(obs)).toEqual([]);
  });

  it('near miss: valid requests slower but invalid ones rejected fast', () => {
    const obs = healthy();
    setProbe(obs, 'auth-read', 4.5);
    setProbe(obs, 'invalid-token', 0.5);
    expect(rankCauses(obs)).toEqual([]);
  });
});

describe('threadpool-saturation', () => {
  it('only when the scenario\'s own targets break on hashing endpoints', () => {
    const obs = healthy();
    const mix = exp(obs, null);
    setEndpoint(mix, 'session_login', 900, 35, { latency: { p50: 900, p90: 1100, p95: 1200, p99: 1400, max: 1500 } });
    mix.targetsMissed = ['session_login p95 < 1s'];
    expect(top(obs)?.cause).toBe('threadpool-saturation');
    mix.targetsMissed = [];
    expect(rankCauses(obs)).toEqual([]);
  });
});

describe('capacity', () => {
  it('is the highest concurrency meeting P95 < 200 ms with < 1 % errors', () => {
    const caps = capacity(healthy());
    expect(caps.find((c) => c.endpoint === 'me')).toMatchObject({ connections: 16, rps: 5000 });
    // login p95 at 4 connections is 198 ms (1.8 x 110), at 16 it is 756 ms.
    expect(caps.find((c) => c.endpoint === 'session_login')).toMatchObject({ connections: 4, rps: 34 });
  });
});
