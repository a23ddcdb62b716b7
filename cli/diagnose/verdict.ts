// The verdict from the ranked causes and how trustworthy the measurements were: healthy, found,
// unexplained, or inconclusive when the machine (or the load generator) was too noisy to tell. Pure.
import { median } from './signals.js';
import type { Cause, CauseName, DiagnosisVerdict, ExperimentObservation, NoiseWindow, Observations } from './types.js';
import type { DiagnosisNote, Inconclusive, NoiseReason, NoisyWindow } from './reasons.js';
// The same lateness that makes a run invalid makes the generator, not the server, the limit.
import { MAX_LOOP_DELAY_P99_MS } from '../runner/open-validity.js';

/** Causes read from status codes and connection errors: a busy machine slows answers, it does not invent 503s. */
export const STATUS_BASED: ReadonlySet<CauseName> = new Set(['shedding', 'circuit-open', 'connection-limit']);

/**
 * Other work on this machine counts as noise from this many cores (and at least half a core): the
 * generator and the target then share the CPUs with it and every latency measured carries its queue.
 */
const OTHERS_SHARE = 0.3;
const OTHERS_MIN_CORES = 0.5;
/** Hypervisor steal from which a machine's timings are doubtful. */
const STEAL_NOISY = 0.1;
/** Idle /health probes whose 90th percentile is this many times their median (and 5 ms above): jittery. */
const IDLE_SPREAD = 4;

/** A timing cause seen once on a busy machine keeps this share of its confidence (as a suspect). */
const UNCHECKED = 0.85;

export interface Noise { noisy: boolean; reasons: NoiseReason[] }

function noisyWindow(n: NoiseWindow): NoisyWindow | null {
  if (n.othersCpu !== null && n.othersCpu >= Math.max(OTHERS_MIN_CORES, OTHERS_SHARE * n.cores)) return { kind: 'others-cpu', cores: n.othersCpu, ofCores: n.cores };
  if (n.steal !== null && n.steal >= STEAL_NOISY) return { kind: 'steal', share: n.steal };
  if (n.generatorLoopP99Ms >= MAX_LOOP_DELAY_P99_MS) return { kind: 'loop-lag', p99Ms: n.generatorLoopP99Ms };
  return null;
}

/** Noisy when most measured windows were (or the idle baseline was jittery). */
export function judgeNoise(obs: Observations, experiments: readonly ExperimentObservation[] = obs.experiments): Noise {
  const windows = experiments.map((e) => e.noise).filter((n): n is NoiseWindow => n !== null);
  const noisy = windows.map(noisyWindow).filter((r): r is NoisyWindow => r !== null);
  const reasons: NoiseReason[] = [];
  const first = noisy[0];
  if (first && noisy.length * 2 >= windows.length) {
    const others = windows.map((w) => w.othersCpu).filter((v): v is number => v !== null);
    reasons.push({ kind: 'busy-machine', noisy: noisy.length, of: windows.length, first, othersMedian: others.length > 0 ? median(others) : null });
  }
  const idle = obs.idleProbes.find((p) => p.probe === 'health');
  if (idle && idle.samples >= 10 && idle.total.p90 >= IDLE_SPREAD * Math.max(idle.total.p50, 0.1) && idle.total.p90 - idle.total.p50 >= 5) {
    reasons.push({ kind: 'idle-jitter', p50: idle.total.p50, p90: idle.total.p90 });
  }
  return { noisy: reasons.length > 0, reasons };
}

export interface Judgement {
  verdict: DiagnosisVerdict;
  inconclusive: Inconclusive | null;
  causes: Cause[];
  notes: DiagnosisNote[];
}

/** Experiments tried (ran or failed at setup) and how many of them mostly failed. */
function failures(obs: Observations): { tried: number; failing: number; answered: number } {
  const failed = obs.unrun.filter((u) => u.status === 'failed');
  const failingRuns = obs.experiments.filter((e) => e.overall.errorRate >= 0.5);
  // Failures the server answered (a status: refused logins, 5xx), as against timeouts and resets,
  // which a machine too busy to serve in time produces as well.
  const answered = failed.filter((u) => u.httpStatus !== null).length
    + failingRuns.filter((e) => e.overall.timeouts + e.overall.refused + e.overall.reset < 0.5 * e.overall.errors).length;
  return { tried: obs.experiments.length + failed.length, failing: failed.length + failingRuns.length, answered };
}

export function judge(obs: Observations, ranked: Cause[]): Judgement {
  const notes: DiagnosisNote[] = [];
  const noise = judgeNoise(obs);
  if (noise.noisy) notes.push({ kind: 'noise', reasons: noise.reasons });
  let causes = ranked;
  const re = obs.recheck;
  if (re && !re.confirmed) {
    notes.push({ kind: 'recheck', cause: re.cause, experiment: re.experiment, confirmed: false });
    causes = causes.filter((c) => c.cause !== re.cause);
  }
  const mix = obs.experiments.find((e) => e.kind === 'mix');
  const missed = mix?.targetsMissed ?? [];
  const { tried, failing, answered } = failures(obs);
  const top = causes[0];
  // Shown once and not again on a busy machine: which run was bent by the noise cannot be told, so
  // neither the cause nor its absence can be claimed.
  const flapped = re && !re.confirmed && noise.noisy ? re : null;
  if (!top && flapped) {
    const inconclusive: Inconclusive = { kind: 'flapped', cause: flapped.cause, experiment: flapped.experiment, noise: noise.reasons[0] ?? null };
    return { verdict: 'inconclusive', inconclusive, causes: ranked.filter((c) => c.cause === flapped.cause), notes };
  }
  if (top?.kind === 'client') {
    return { verdict: 'inconclusive', inconclusive: { kind: 'generator', first: top.evidence[0] ?? null, reason: top.confidenceReason }, causes, notes };
  }
  if (top) {
    const confirmed = re?.confirmed === true && re.cause === top.cause;
    if (confirmed) notes.push({ kind: 'recheck', cause: top.cause, experiment: re.experiment, confirmed: true });
    if (!noise.noisy || STATUS_BASED.has(top.cause) || confirmed) return { verdict: 'found', inconclusive: null, causes, notes };
    // Busy machine, and no budget was left to run it again: a busy machine bends one run into a
    // cause's shape often enough that an unchecked timing cause is a suspect, not a finding.
    const lowered = causes.map((c): Cause => (c === top ? { ...c, confidence: Math.round(c.confidence * UNCHECKED * 100) / 100, confidenceReason: { kind: 'unchecked', reason: c.confidenceReason } } : c));
    return {
      verdict: 'inconclusive',
      inconclusive: { kind: 'unchecked', cause: top.cause, noise: noise.reasons[0] ?? null },
      causes: lowered,
      notes,
    };
  }
  if (tried === 0) return { verdict: 'inconclusive', inconclusive: { kind: 'nothing-ran' }, causes, notes };
  if (failing * 2 > tried && noise.noisy && answered * 2 < failing) {
    return { verdict: 'inconclusive', inconclusive: { kind: 'failing-busy', failing, tried, noise: noise.reasons }, causes, notes };
  }
  if (failing * 2 > tried) {
    notes.push({ kind: 'failing', failing, tried });
    return { verdict: 'unexplained', inconclusive: null, causes, notes };
  }
  if (!mix && obs.unrun.some((u) => u.kind === 'mix')) {
    return { verdict: 'inconclusive', inconclusive: { kind: 'mix-unrun' }, causes, notes };
  }
  if (missed.length > 0) {
    if (noise.noisy) {
      return { verdict: 'inconclusive', inconclusive: { kind: 'missed-busy', targets: missed, noise: noise.reasons }, causes, notes };
    }
    notes.push({ kind: 'missed', targets: missed });
    return { verdict: 'unexplained', inconclusive: null, causes, notes };
  }
  return { verdict: 'healthy', inconclusive: null, causes, notes };
}
