// Why a cause is as certain as it is, its fix with the figure it was measured at, the verdict's notes
// and why it is inconclusive, in words: the facts of cli/diagnose/reasons.ts as every output says them. Pure.
import { formatDecimals, formatMs as ms, formatMsFixed, formatSeconds, formatWholePercent } from '../core/format.js';
import { budgetLeft } from '../diagnose/plan.js';
import type { Cause } from '../diagnose/types.js';
import type { DiagnosisNote, Inconclusive, Measured, NoiseReason, NoisyWindow, Reason } from '../diagnose/reasons.js';
import { evidenceText } from './diagnosis-evidence.js';
import { capacityText, capText, rejecterText, shedLimitText } from './diagnosis-evidence-limits.js';

export function reasonText(r: Reason): string {
  switch (r.kind) {
    case 'note': return r.text;
    case 'db-span': return `${reasonText(r.reason)}; db span ${ms(r.ms)}`;
    case 'queue-flat':
      return `${r.clientOnly ? 'client-only: ' : ''}throughput flat at ~${formatDecimals(r.inService, 1)} in service while the loop stays free`
        + (r.cpuKnown ? '; the server\'s CPU had room to spare' : '; the server\'s CPU is unseen, so a server at its capacity would look the same');
    case 'gc-latent': return `the server runs ${formatDecimals(r.majorRate, 1)} major collections a second (a heap kept near full), but the client did not yet see long pauses in this run`;
    case 'gc-mean-pause': return `the server's collections average ${ms(r.ms)} (a healthy heap's scavenges take a few ms)`;
    case 'pre-auth-work': return `the server reports at least ${ms(r.ms)} of work on a request it then rejects${r.database ? ', database included' : ''}`;
    case 'shed': return `fast 429/503 answers from ${rejecterText(r.from)}, ${r.limit.by === 'rate' ? 'shed by request rate' : 'shed by concurrency'} ${shedLimitText(r.limit)}`;
    case 'circuit':
      return r.recovered
        ? `failed fast for ${ms(r.openMs)} even alone after a burst of failures, then recovered`
        : `failed fast even alone for ${ms(r.openMs)} after a burst of failures, not yet recovered (a long open period, or a dependency still down)`;
    case 'connections': return `connections refused or reset beyond ${capText(r.cap)}`;
    case 'capacity':
      return r.cpu === 'unseen'
        ? `flat throughput at ${capacityText(r)}; the server's CPU is unseen (not on this machine, no /metrics), so its capacity and a concurrency cap cannot be told apart`
        : `flat throughput at ${capacityText(r)} with the server's CPU all used: its capacity, not a cap`;
    case 'unchecked': return `${reasonText(r.reason)}; not re-checked on a busy machine`;
  }
}

function measuredText(m: Measured): string {
  switch (m.kind) {
    case 'sheds': return `Measured: ${rejecterText(m.from)} sheds ${shedLimitText(m.limit)}.`;
    case 'open': return `Measured: open for ~${ms(m.ms)} after the burst.`;
    case 'takes': return `Measured: the target takes ${capText(m.cap)} at once.`;
  }
}

/** The fix to try, with the figure it is sized by. */
export const fixText = (c: Pick<Cause, 'fix' | 'measured'>): string => (c.measured ? `${c.fix} ${measuredText(c.measured)}` : c.fix);

function windowText(w: NoisyWindow): string {
  switch (w.kind) {
    case 'others-cpu': return `other processes used ${formatDecimals(w.cores, 1)} of ${w.ofCores} cores`;
    case 'steal': return `${formatWholePercent(w.share)} of CPU time was stolen by the hypervisor`;
    case 'loop-lag': return `the load generator's own event loop lagged ${formatMsFixed(w.p99Ms, 0)} (p99)`;
  }
}

export function noiseText(n: NoiseReason): string {
  if (n.kind === 'idle-jitter') return `idle /health probes were jittery (p50 ${formatMsFixed(n.p50, 1)}, p90 ${formatMsFixed(n.p90, 1)})`;
  return `${n.noisy} of ${n.of} experiments ran on a busy machine (${windowText(n.first)}${n.othersMedian !== null ? `; others' CPU median ${formatDecimals(n.othersMedian, 1)} cores` : ''})`;
}

const busy = (n: NoiseReason | null) => (n ? noiseText(n) : 'noisy');
const allNoise = (n: NoiseReason[]) => n.map(noiseText).join('; ');

export function noteText(n: DiagnosisNote): string {
  switch (n.kind) {
    case 'note': return n.text;
    case 'budget-no-sweep': return `budget of ${formatSeconds(n.budgetMs)} too small for a concurrency sweep: only service times and the mix are measured`;
    case 'budget-short':
      return `budget of ${formatSeconds(n.budgetMs)} is below the ${formatSeconds(n.plannedMs)} the shortest useful plan takes: experiments that do not fit are skipped`;
    case 'skipped': return `skipped ${n.experiment}: ${budgetLeft(n.leftMs)}`;
    case 'machine-load':
      return `this machine was busy with other work (load average ${formatDecimals(n.load, 1)} on ${n.cores} cores): latencies are inflated and close calls less certain`;
    case 'target-local':
      return n.pid !== null
        ? `the target listens on this machine (pid ${n.pid}): its CPU was read from /proc${n.serverSignals ? '' : ', even with --no-server-signals'}`
        : 'the target listens on this machine but its process is not visible in /proc: its CPU is unknown';
    case 'noise': return `noise: ${allNoise(n.reasons)}`;
    case 'recheck':
      return n.confirmed
        ? `${n.cause} was checked by running ${n.experiment} again: it showed again`
        : `${n.cause} was suspected, but ${n.experiment} run again did not show it: not named`;
    case 'failing': return `${n.failing} of ${n.tried} experiments failed (setup refused or most requests failed) and no known cause matched: not healthy`;
    case 'missed': return `the mix missed its targets (${n.targets.join('; ')}) but no known cause matched the signals`;
  }
}

export function inconclusiveText(i: Inconclusive): string {
  switch (i.kind) {
    case 'flapped':
      return `${i.cause} showed in one run and not when ${i.experiment} ran again, while this machine was busy (${busy(i.noise)}): neither it nor its absence can be told; diagnose again on a quieter machine`;
    case 'generator': return `the load generator hit its own limit (${i.first ? evidenceText(i.first) : reasonText(i.reason)}): the server's limits were not reached`;
    case 'unchecked':
      return `${i.cause} was suspected, but it could not be checked again (budget spent) while this machine was busy (${busy(i.noise)}): not named; diagnose again on a quieter machine or with a larger --budget`;
    case 'nothing-ran': return 'no experiment ran (the budget was spent before the first one: starting the target, or setting up): nothing can be concluded; give a larger --budget';
    case 'failing-busy': return `${i.failing} of ${i.tried} experiments failed, mostly by timeouts, while this machine was busy (${allNoise(i.noise)}): no cause in the server showed`;
    case 'mix-unrun': return 'the budget ran out before the mix ran: too little was measured to call it healthy (give a larger --budget)';
    case 'missed-busy': return `the mix missed its targets (${i.targets.join('; ')}) while this machine was busy (${allNoise(i.noise)}): no cause in the server showed`;
  }
}
