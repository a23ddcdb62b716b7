// The readiness check, start to finish: contract and hygiene probes on a quiet server first, then
// the three phase runs (the timeout check is judged from phase 1's), and the overload burst last,
// since it leaves a badly behaved server busy. Returns plain data; never prints or exits. Ctrl-C
// stops at the next step: what ran is judged, the rest is marked "not run" and the report partial.
import { probeTarget } from '../runner/preflight.js';
import { parseTargetUrl } from '../runner/target-url.js';
import { expandUsers } from '../runner/users.js';
import { createProber } from './http-probe.js';
import { ITEM_ORDER, notRun } from './items.js';
import { PROFILE_READ_CASE } from './contract.js';
import { judgeCoverage } from './judge-contract.js';
import { judgeHealth } from './judge-health.js';
import { judgeCompression, judgeErrorBodies, judgeSecurityHeaders } from './judge-hygiene.js';
import { judgeOverload } from './judge-overload.js';
import { judgePhase, judgeTimeouts, type PhaseRun } from './judge-phases.js';
import { probeContract, type Credentials } from './probe-contract.js';
import { probeHygiene } from './probe-hygiene.js';
import { probeOverload, settle } from './probe-overload.js';
import { loadPhaseScenarios, PHASES, runPhase } from './run-phases.js';
import { scoreItems } from './score.js';
import { dailyLoad, type DailyChoice } from '../plan/daily-load.js';
import { READINESS_SCHEMA, type HttpObservation, type ItemId, type ReadinessItem, type ReadinessReport } from './types.js';

export interface ReadinessOptions {
  targetUrl: string;
  bundled: boolean;
  faults: string[];
  /** Measured window of each phase run, ms. */
  phaseDurationMs: number;
  /** Concurrent logins of the overload burst. */
  burst?: number;
  /** Timeout of each burst login, ms (default: the bundled scenarios' request timeout, 10 s). */
  burstTimeoutMs?: number;
  /** Timeout of every probe request, ms. */
  probeTimeoutMs?: number;
  signal?: AbortSignal;
  /** Load of the seven-endpoint daily check (default: the open model at the default rate). */
  daily?: DailyChoice;
  /** "coverage", "phase2", ... as each step starts (for a progress line). */
  onStep?: (step: string) => void;
}

/** More than twice the bundled server's admission queue (4 running + 64 waiting). */
export const DEFAULT_BURST = 160;
export const DEFAULT_PROBE_TIMEOUT_MS = 5_000;
/** Contract and hygiene probes together (about 40 calls): seconds on a healthy server. */
export const PROBE_BUDGET_MS = 30_000;
/** Longest wait for the server to finish the phase runs' backlog before the burst. */
const SETTLE_MAX_MS = 5_000;

export async function runReadiness(o: ReadinessOptions): Promise<ReadinessReport> {
  const t0 = performance.now();
  const startedAt = new Date().toISOString();
  const target = parseTargetUrl(o.targetUrl);
  await probeTarget(target, o.signal);
  const scenarios = await loadPhaseScenarios();
  // The probe user and the burst's users are the bundled scenarios' own (the seeded accounts).
  const widest = scenarios.reduce((a, b) => (expandUsers(b, 1000).length > expandUsers(a, 1000).length ? b : a));
  const users = expandUsers(widest, 1000).map((v): Credentials => ({ email: v.email ?? '', password: v.password ?? '' }));
  const timeoutMs = o.probeTimeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS;
  const burst = o.burst ?? DEFAULT_BURST;
  // A burst login times out when a scenario request would: the bundled scenarios' own timeout.
  const burstTimeoutMs = o.burstTimeoutMs ?? scenarios[0]?.defaults.timeoutMs ?? timeoutMs;

  const items = new Map<ItemId, ReadinessItem>();
  const stopped = () => o.signal?.aborted === true;
  // The contract and hygiene probes share one time budget; the burst's /health sampler gets its own.
  const probes = createProber(target, { timeoutMs, connections: 8, deadline: performance.now() + PROBE_BUDGET_MS });
  const http = createProber(target, { timeoutMs, connections: 8 });
  let idleHealth: HttpObservation[] | null = null;
  let burstHealth: HttpObservation[] | null = null;
  try {
    if (!stopped()) {
      o.onStep?.('contract probe');
      const contract = await probeContract(probes, users[0] ?? { email: '', password: '' });
      items.set('coverage', judgeCoverage(contract.observations));
      o.onStep?.('hygiene probes');
      const h = await probeHygiene(probes, contract.accessToken, contract.observations.profile?.[PROFILE_READ_CASE]);
      items.set('security-headers', judgeSecurityHeaders(h.headers));
      items.set('compression', judgeCompression(h.large, h.small));
      idleHealth = h.health;
      items.set('error-bodies', judgeErrorBodies(h.errors));
    }
    const runs: PhaseRun[] = [];
    for (const [i, phase] of PHASES.entries()) {
      if (stopped()) break;
      o.onStep?.(phase);
      const run = await runPhase(phase, scenarios[i]!, {
        targetUrl: o.targetUrl, bundled: o.bundled, durationMs: o.phaseDurationMs, signal: o.signal,
      });
      runs.push(run);
      items.set(phase, judgePhase(run));
    }
    if (!stopped() && scenarios[0]) {
      // The daily check's own run, as `zimmer-bench timeouts` makes it: arrivals at the declared rate.
      o.onStep?.('daily timeout check');
      const daily = dailyLoad(scenarios[0], o.daily ?? { model: 'open' }, { durationMs: o.phaseDurationMs });
      const run = await runPhase('phase1', daily.scenario, {
        targetUrl: o.targetUrl, bundled: o.bundled, durationMs: o.phaseDurationMs, signal: o.signal, asIs: true,
      });
      items.set('timeouts', judgeTimeouts(run, daily.description));
    }
    if (!stopped()) {
      o.onStep?.('overload burst');
      await settle(http, users[0] ?? { email: '', password: '' }, SETTLE_MAX_MS);
      const burstHttp = createProber(target, { timeoutMs: burstTimeoutMs, connections: burst });
      try {
        const probe = await probeOverload(burstHttp, http, users, burst, burstTimeoutMs);
        items.set('overload', judgeOverload({ burst, timeoutMs: burstTimeoutMs, responses: probe.responses }));
        burstHealth = probe.health;
      } finally {
        await burstHttp.close();
      }
    }
    if (idleHealth) items.set('health', judgeHealth(idleHealth, burstHealth));
  } finally {
    await Promise.all([probes.close(), http.close()]);
  }

  const why = stopped() ? 'stopped by Ctrl-C before this step' : 'not reached';
  const all = ITEM_ORDER.map((id) => items.get(id) ?? notRun(id, why));
  const score = scoreItems(all);
  return {
    schema: READINESS_SCHEMA,
    target: { url: target.href, bundled: o.bundled, faults: [...o.faults] },
    startedAt,
    durationMs: Math.round(performance.now() - t0),
    phaseDurationMs: o.phaseDurationMs,
    partial: stopped(),
    percent: score.percent,
    verdict: score.verdict,
    items: all,
    left: score.left,
    invalidReasons: score.invalidReasons,
  };
}
