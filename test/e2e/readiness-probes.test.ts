// The readiness probes against the real reference server (spawned from the built CLI: run
// `npx tsc -p .` first), with no load running: every contract call and hygiene check must pass,
// and a fault that breaks one of them must be seen. Deterministic, unlike the timed gates.
import { afterEach, describe, expect, it } from 'vitest';
import { createProber } from '../../cli/readiness/http-probe.js';
import { judgeCoverage } from '../../cli/readiness/judge-contract.js';
import { judgeHealth } from '../../cli/readiness/judge-health.js';
import { judgeCompression, judgeErrorBodies, judgeSecurityHeaders } from '../../cli/readiness/judge-hygiene.js';
import { judgeOverload } from '../../cli/readiness/judge-overload.js';
import { probeContract } from '../../cli/readiness/probe-contract.js';
import { probeHygiene } from '../../cli/readiness/probe-hygiene.js';
import { probeOverload } from '../../cli/readiness/probe-overload.js';
import { startBundledServer, type BundledServer } from '../../cli/target/bundled-server.js';
import { parseTargetUrl } from '../../cli/runner/target-url.js';
import { PROFILE_READ_CASE } from '../../cli/readiness/contract.js';

const USER = { email: 'user1@zimmer.test', password: 'zimmer-bench-password' };
const USERS = Array.from({ length: 4 }, (_, i) => ({ email: `user${i + 1}@zimmer.test`, password: USER.password }));

const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const s of stops.splice(0)) await s();
});

async function server(faults: string[] = []): Promise<BundledServer> {
  const s = await startBundledServer({ seedUsers: 4, faults });
  stops.push(() => s.stop());
  return s;
}

describe('readiness probes against the reference server', () => {
  it('every endpoint answers as the contract says, and every hygiene check passes', async () => {
    const s = await server();
    const http = createProber(parseTargetUrl(s.url), { timeoutMs: 5000 });
    stops.push(() => http.close());
    const contract = await probeContract(http, USER);
    const coverage = judgeCoverage(contract.observations);
    expect(coverage.checks.filter((c) => !c.pass)).toEqual([]);
    expect(contract.accessToken).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);

    const h = await probeHygiene(http, contract.accessToken, contract.observations.profile?.[PROFILE_READ_CASE]);
    for (const item of [judgeSecurityHeaders(h.headers), judgeCompression(h.large, h.small), judgeHealth(h.health), judgeErrorBodies(h.errors)]) {
      expect(item.checks.filter((c) => !c.pass), item.id).toEqual([]);
    }
    // The profile is back as it was before the probe (the contract's own update included).
    const after = await http.send({ method: 'GET', path: '/api/user/profile', headers: { authorization: `Bearer ${contract.accessToken}` } });
    expect(JSON.parse(after.body)).toMatchObject({ bio: null, avatar_url: null, website: null, display_name: null });
  });

  it('with queue-bottleneck the same burst queues without bound and logins time out', async () => {
    const s = await server(['queue-bottleneck']);
    const target = parseTargetUrl(s.url);
    const burst = createProber(target, { timeoutMs: 2000, connections: 120 });
    const health = createProber(target, { timeoutMs: 2000 });
    stops.push(() => burst.close(), () => health.close());
    const probe = await probeOverload(burst, health, USERS, 120, 2000);
    const item = judgeOverload({ burst: 120, timeoutMs: 2000, responses: probe.responses });
    expect(item.status).toBe('fail');
    expect(item.checks[0]?.evidence).toMatch(/^\d+ of 120 timed out$/);
    expect(probe.responses.some((r) => r.status === 503)).toBe(false);
  });
});
