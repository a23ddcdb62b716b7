// Several causes at once: ranked by how much of the slowness each explains (time lost beyond the
// endpoints' own service time in the mix), the defect explaining most to be fixed first; and the
// server's pool and admission gauges naming their causes even when /health waits too.
import { describe, expect, it } from 'vitest';
import { fixFirst, rankImpact } from '../../cli/diagnose/impact.js';
import { rankCauses } from '../../cli/diagnose/rules/index.js';
import type { Cause } from '../../cli/diagnose/types.js';
import { wordCause } from '../../cli/render/diagnosis-json.js';
import { SESSION, exp, healthy, server, setEndpoint, setProbe } from './diagnose-fixture.js';

const cause = (name: Cause['cause'], endpoints: string[], confidence: number, kind: Cause['kind'] = 'defect'): Cause =>
  ({ cause: name, kind, endpoints, confidence, confidenceReason: { kind: 'note', text: '' }, evidence: [], fix: '' });

describe('impact ranking', () => {
  it('a cause on the slow endpoints explains more than a surer one on fast endpoints; shares add up to 1', () => {
    const obs = healthy();
    const mix = exp(obs, null);
    mix.measuredMs = 1000;
    // me: 800/s at 2 ms against 0.5 alone; session_login: 20/s at 900 ms against 52 alone.
    setEndpoint(mix, 'session_login', 900, 20);
    const ranked = rankImpact(obs, [cause('middleware-order', ['me'], 0.9), cause('queue-bottleneck', ['session_login'], 0.6)]);
    expect(ranked.map((i) => i.cause)).toEqual(['queue-bottleneck', 'middleware-order']);
    expect(ranked.reduce((a, i) => a + i.share, 0)).toBeLessThanOrEqual(1.001);
    expect(ranked[0]?.share).toBeGreaterThan(0.5);
    expect(fixFirst(ranked)).toBe('queue-bottleneck');
  });

  it('an endpoint hit by two causes shares its time between them by confidence', () => {
    const obs = healthy();
    setEndpoint(exp(obs, null), 'session_login', 900, 20);
    const ranked = rankImpact(obs, [cause('memory-pressure', ['session_login'], 0.3), cause('queue-bottleneck', ['session_login'], 0.6)]);
    const [q, m] = ranked;
    expect(q?.cause).toBe('queue-bottleneck');
    expect((q?.lostMsPerS ?? 0) / (m?.lostMsPerS ?? 1)).toBeCloseTo(2, 0);
  });

  it('a protection is not the one to fix first; the generator\'s own limit explains no server time', () => {
    const obs = healthy();
    setEndpoint(exp(obs, null), 'session_login', 900, 20);
    const ranked = rankImpact(obs, [cause('shedding', ['session_login'], 0.9, 'protection'), cause('middleware-order', ['me'], 0.8), cause('client-limit', ['every endpoint'], 0.5, 'client')]);
    expect(ranked.map((i) => i.cause)).toEqual(['shedding', 'middleware-order']);
    expect(fixFirst(ranked)).toBe('middleware-order');
  });
});

describe('causes read from the server\'s gauges with /health waiting too', () => {
  it('requests waiting for a pooled connection with the pool all in use, and timeouts: db-pool-exhaustion', () => {
    const obs = healthy();
    const mix = exp(obs, null);
    for (const e of [mix, exp(obs, 'me', 16)]) setProbe(e, 'health', 400);
    setEndpoint(mix, 'me', 900, 10, { timeouts: 4 });
    mix.server = server({ poolWaitingMax: 12, poolInUseMax: 8, poolSize: 8 });
    const found = rankCauses(obs).find((c) => c.cause === 'db-pool-exhaustion');
    expect(found?.endpoints).toContain('me');
    expect(found && wordCause(found).evidence[0]).toMatch(/up to 12 requests waited for a connection, 8 of 8 in use/);
  });

  it('a pool with room (in use below its size) is not exhausted', () => {
    const obs = healthy();
    const mix = exp(obs, null);
    setEndpoint(mix, 'me', 900, 10, { timeouts: 4 });
    mix.server = server({ poolWaitingMax: 3, poolInUseMax: 5, poolSize: 8 });
    expect(rankCauses(obs).map((c) => c.cause)).not.toContain('db-pool-exhaustion');
  });

  it('a setup that failed while the server reported an admission queue behind one slot: queue-bottleneck on the hashing endpoint', () => {
    const obs = healthy();
    obs.unrun.push({ id: `sweep-${SESSION}-c16`, kind: 'sweep', flow: SESSION, connections: 16, status: 'failed', reason: 'setup step login failed', httpStatus: null, server: server({ admissionQueueMax: 9, admissionActiveMax: 1 }) });
    const found = rankCauses(obs).find((c) => c.cause === 'queue-bottleneck');
    expect(found?.endpoints).toEqual(['session_login']);
    expect(found && wordCause(found).evidence[0]).toMatch(/admission queue reached 9 with 1 slot in use/);
  });

  it('an admission queue behind four busy slots is not a single-slot bottleneck', () => {
    const obs = healthy();
    obs.unrun.push({ id: `sweep-${SESSION}-c16`, kind: 'sweep', flow: SESSION, connections: 16, status: 'failed', reason: 'setup step login failed', httpStatus: null, server: server({ admissionQueueMax: 9, admissionActiveMax: 4 }) });
    expect(rankCauses(obs).map((c) => c.cause)).not.toContain('queue-bottleneck');
  });
});
