// Connections are bounded by what the machine allows (open files, local ports), from the flag or the
// scenario's own load, so a typo of a few zeros is refused instead of flooding loopback.
import { describe, expect, it } from 'vitest';
import { ScenarioError } from '../../cli/core/errors.js';
import { parseScenario } from '../../cli/plan/load-scenario.js';
import { checkConnections, connectionLimit, connectionProblem, openFilesLimit } from '../../cli/runner/machine-limits.js';

describe('connection limit', () => {
  it('reads the open-files limit of this process', () => {
    const files = openFilesLimit();
    expect(files?.soft).toBeGreaterThan(0);
    expect(connectionLimit()?.max).toBeGreaterThan(0);
  });

  it('words the bound and its reason, and passes what fits', () => {
    const limit = { max: 924, because: 'the open-files limit is 1024 (raise it with ulimit -n)' };
    expect(connectionProblem(924, limit)).toBeNull();
    expect(connectionProblem(925, limit)).toBe('925 connections is more than this machine allows: at most 924, because the open-files limit is 1024 (raise it with ulimit -n)');
    expect(connectionProblem(10 ** 9, null)).toBeNull();
  });

  it.each([
    ['closed', 'load: { model: closed, connections: 1000000, duration: 1s }', 'load.connections'],
    ['open', 'load: { model: open, max_connections: 1000000, stages: [{ duration: 1s, rate: 1 }] }', 'load.max_connections'],
  ])('refuses a %s scenario asking for more than the machine allows, naming its key', (_model, load, key) => {
    const s = parseScenario(`name: many\nrequests:\n  me: { method: GET, path: /me }\n${load}\n`, 'many.yaml');
    let err: unknown;
    try { checkConnections(s); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(ScenarioError);
    expect((err as ScenarioError).problems).toMatchObject([{ path: key, message: expect.stringMatching(/^1000000 connections is more than this machine allows/) }]);
  });
});
