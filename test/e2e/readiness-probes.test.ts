// The readiness probes against the real reference server (spawned from the built CLI: run
// `npx tsc -p .` first), with no load running: every contract call and hygiene check must pass,
// and a fault that breaks one of them must be seen. Deterministic, unlike the timed gates.
import { afterEach, describe, expect, it } from 'vitest';
import { createProber } from '../../cli/readiness/http-probe.js';
import { judgeCoverage as judgeCoverageFacts } from '../../cli/readiness/judge-contract.js';
import { judgeHealth as judgeHealthFacts } from '../../cli/readiness/judge-health.js';
import { judgeCompression as judgeCompressionFacts, judgeErrorBodies as judgeErrorBodiesFacts, judgeSecurityHeaders as judgeSecurityHeadersFacts } from '../../cli/readiness/judge-hygiene.js';
import { judgeOverload as judgeOverloadFacts } from '../../cli/readiness/judge-overload.js';
import { probeContract } from '../../cli/readiness/probe-contract.js';
import { probeHygiene } from '../../cli/readiness/probe-hygiene.js';
import { probeOverload } from '../../cli/readiness/probe-overload.js';
import { startBundledServer, type BundledServer } from '../../cli/target/bundled-server.js';
import { parseTargetUrl } from '../../cli/runner/target-url.js';
import { PROFILE_READ_CASE } from '../../cli/readiness/contract.js';
import { wordItem } from '../../cli/render/readiness-json.js';

// The judges return facts; these word them as every readiness output does.
const judgeCoverage = (...a: Parameters<typeof judgeCoverageFacts>) => wordItem(judgeCoverageFacts(...a));
const judgeSecurityHeaders = (...a: Parameters<typeof judgeSecurityHeadersFacts>) => wordItem(judgeSecurityHeadersFacts(...a));
const judgeCompression = (...a: Parameters<typeof judgeCompressionFacts>) => wordItem(judgeCompressionFacts(...a));
const judgeHealth = (...a: Parameters<typeof judgeHealthFacts>) => wordItem(judgeHealthFacts(...a));
const judgeErrorBodies = (...a: Parameters<typeof judgeErrorBodiesFacts>) => wordItem(judgeErrorBodiesFacts(...a));
const judgeOverload = (...a: Parameters<typeof judgeOverloadFacts>) => wordItem(judgeOverloadFacts(...a));

const USER = { email: 'user1@zimmer.test', password: 'zimmer-bench-password' };
// 3 logins per account in a burst of 120: under the sign-in guard's 5 in flight per account, so
// the admission limiter is what meets the burst (as with phase 3's 40 users).
const USERS = Array.from({ length: 40 }, (_, i) => ({ email: `user${i + 1}@zimmer.test`, password: USER.password }));

const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const s of stops.splice(0)) await s();
});

async function server(faults: string[] = []): Promise<BundledServer> {
  const s = await startBundledServer({ seedUsers: USERS.length, faults });
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

  it('a burst larger than the admission queue is shed with 503 + Retry-After, /health stays up', async () => {
    const s = await server();
    const target = parseTargetUrl(s.url);
    // The scenarios' 10 s timeout: a client starved on a busy machine is not the server's fault.
    const burst = createProber(target, { timeoutMs: 10_000, connections: 120 });
    const health = createProber(target, { timeoutMs: 10_000 });
    stops.push(() => burst.close(), () => health.close());
    const probe = await probeOverload(burst, health, USERS, 120, 10_000);
    const item = judgeOverload({ burst: 120, timeoutMs: 10_000, responses: probe.responses });
    expect(item.checks.filter((c) => !c.pass)).toEqual([]);
    const refused = probe.responses.filter((r) => r.status === 503);
    expect(refused.length).toBeGreaterThan(0);
    // Shed on arrival or as soon as the slot time shows the wait cannot be met, not at the end of
    // the 2 s budget: the median of the server's own time per refusal (Server-Timing, so a starved
    // client's delays do not count; on a saturated machine a few still run late).
    const serverMs = refused.map((r) => Number(/total;dur=([\d.]+)/.exec(r.headers['server-timing'] ?? '')?.[1])).sort((a, b) => a - b);
    expect(serverMs[Math.floor(serverMs.length / 2)], serverMs.join(' ')).toBeLessThan(1000);
    expect(probe.health.length).toBeGreaterThan(0);
    expect(probe.health.every((r) => r.status === 200)).toBe(true);
  });

  it('with queue-bottleneck the same burst queues without bound and logins time out', async () => {
    const s = await server(['queue-bottleneck']);
    const target = parseTargetUrl(s.url);
    // One hash at a time: the last of 120 waits about 120 hashes (~1 s on a quiet machine).
    const burst = createProber(target, { timeoutMs: 500, connections: 120 });
    const health = createProber(target, { timeoutMs: 2000 });
    stops.push(() => burst.close(), () => health.close());
    const probe = await probeOverload(burst, health, USERS, 120, 500);
    const item = judgeOverload({ burst: 120, timeoutMs: 500, responses: probe.responses });
    expect(item.status).toBe('fail');
    expect(item.checks[0]?.evidence).toMatch(/^\d+ of 120 timed out$/);
    expect(probe.responses.some((r) => r.status === 503)).toBe(false);
  });
});
